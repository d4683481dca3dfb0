package dev.synchrony.link;

/**
 * K, the weight of the round trip's mean deviation in {@link RoundTripEstimator}'s wait (SRTT + K RTTVAR), learnt
 * from what retransmissions turned out to be. One per process, shared by its links to all peers: whether losses
 * are common is a property of the network the process sits on, and a link that carries a few frames a second
 * would see too few verdicts of its own to learn from.
 *
 * <p>It starts at RFC 6298's K = 4. The echoed timestamps tell the link, when a retransmitted frame is
 * acknowledged, whether an earlier copy had arrived ({@link #spurious}: the wait was too short) or the
 * retransmission was needed ({@link #needed}: the frame or its acknowledgement was lost, and a shorter wait would
 * have recovered sooner). Each verdict moves K by {@value #STEP_QUARTERS}/4 within [{@value #MIN_QUARTERS}/4,
 * {@value #MAX_QUARTERS}/4], so K settles where spurious and needed retransmissions are about as frequent. On a
 * network that loses nothing (a loopback) no retransmission is ever needed and K stays 4: TCP's wait. On a lossy
 * one with a long-tailed round trip (the simulator's 10% reordering adds up to 30 ms to a 2-20 ms round trip) K = 4
 * waits for the tail, about 36 ms, and every loss pays for it: measured there, a fixed 25 ms wait recovered faster
 * than RFC 6298's. Retransmissions are cheap on this link (it has no congestion window to collapse), so waiting
 * less once losses are seen to be common is the better trade.
 */
final class DeviationWeight {

    static final int MIN_QUARTERS = 4;
    static final int MAX_QUARTERS = 16;
    static final int STEP_QUARTERS = 2;

    private int quarters = MAX_QUARTERS;

    /** K in quarters (16 is RFC 6298's 4). */
    int quarters() {
        return quarters;
    }

    /** A retransmission was spurious: wait a little longer from now on. */
    void spurious() {
        quarters = Math.min(MAX_QUARTERS, quarters + STEP_QUARTERS);
    }

    /** A retransmission was needed: wait a little less from now on. */
    void needed() {
        quarters = Math.max(MIN_QUARTERS, quarters - STEP_QUARTERS);
    }

    DeviationWeight copy() {
        DeviationWeight copy = new DeviationWeight();
        copy.quarters = quarters;
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviationWeight that && quarters == that.quarters;
    }

    @Override
    public int hashCode() {
        return quarters;
    }

    @Override
    public String toString() {
        return "K " + quarters / 4.0;
    }
}
