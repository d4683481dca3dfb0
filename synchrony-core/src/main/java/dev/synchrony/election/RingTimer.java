package dev.synchrony.election;

/** The timers of {@link RingElection}. */
public sealed interface RingTimer {

    /** Every heartbeat interval: send heartbeats and consult the failure detector. */
    record Tick() implements RingTimer {}

    /**
     * The election this process took part in (as {@code attempt}) has not ended: start over.
     *
     * @param attempt the election attempt the deadline belongs to
     */
    record RoundDeadline(long attempt) implements RingTimer {}

    /**
     * Hop {@code seq} has not been acknowledged: send it again, or to the next successor.
     *
     * @param seq the number of the hop
     */
    record Retransmit(long seq) implements RingTimer {}
}
