package dev.synchrony.election;

/**
 * The messages of {@link BullyElection}. Each carries the largest term its sender has seen, so that a process
 * that recovered with its state lost learns the current term before it announces one.
 */
public sealed interface BullyMessage {

    /**
     * The largest term the sender has seen (for a victory, the winner's new term).
     *
     * @return that term
     */
    long term();

    /**
     * "I am holding an election": sent to every heavier process.
     *
     * @param term the largest term the sender has seen
     */
    record Election(long term) implements BullyMessage {}

    /**
     * The lecture's take-over message: a heavier process tells a lighter one it is out of the race.
     *
     * @param term the largest term the sender has seen
     */
    record TakeOver(long term) implements BullyMessage {}

    /**
     * "I won": the coordinator announces itself to every other process, with its new term.
     *
     * @param term the new coordinator's term
     */
    record Victory(long term) implements BullyMessage {}

    /**
     * Sent by the coordinator every heartbeat interval, so the others' failure detectors can watch it.
     *
     * @param term the coordinator's term
     */
    record Heartbeat(long term) implements BullyMessage {}
}
