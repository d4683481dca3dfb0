package dev.synchrony.catalog;

/**
 * The areas of the lecture an algorithm belongs to. Algorithms of one family share their commands, outputs and
 * properties (every mutex takes {@code MutexCommand}s and must grant one holder at a time), so harnesses and
 * runtimes are chosen by family, never by inspecting a node's class.
 */
public enum Family {
    /** The Two Generals' problem: agreement over a lossy channel. */
    AGREEMENT("agreement"),
    /** Physical clock synchronization: NTP, Berkeley. */
    CLOCK_SYNC("clock synchronization"),
    /** Logical clocks: Lamport, vector. */
    LOGICAL_CLOCK("logical clocks"),
    /** Channel guarantees built on an unreliable network: the reliable FIFO link. */
    LINK("links"),
    /** Totally and causally ordered multicast. */
    MULTICAST("multicast"),
    /** Replicated data kept consistent by a multicast: the lecture's bank account. */
    REPLICATION("replication"),
    /** Mutual exclusion. */
    MUTEX("mutual exclusion"),
    /** Election of a coordinator. */
    ELECTION("election");

    private final String label;

    Family(String label) {
        this.label = label;
    }

    /**
     * The area's name as the lecture says it.
     *
     * @return e.g. "mutual exclusion"
     */
    public String label() {
        return label;
    }
}
