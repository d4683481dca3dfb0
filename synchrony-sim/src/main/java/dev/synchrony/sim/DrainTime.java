package dev.synchrony.sim;

import dev.synchrony.link.LinkConfig;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.fault.PauseSpec;

/**
 * How long a run must go on after its last fault window (a pause or a partition) before "every message delivered"
 * can be judged: the time the reliable link layer needs to drain the backlog the window left.
 *
 * <p>While a process is paused or cut off, its peers' retransmission waits back off to the link's maximum (and a
 * round trip measured across the window keeps the estimate there for a while). Afterwards each retransmission
 * round gets a lost frame through with probability 1 - loss, so the chance that a frame is still missing after
 * {@code r} rounds is loss^r. The drain is the number of rounds that brings that chance under
 * {@link #RESIDUAL} per frame, times the longest wait, plus one worst-case latency for the last copy to arrive.
 * Seeds 1011 and 1160 of the total-order swarm ended 3.5 s and 4.4 s after a pause at loss 0.3, with the link
 * waiting about 1 s between rounds: three and four losses in a row of one frame were enough to fail the run.
 */
public final class DrainTime {

    /** Chance per frame, at most, that the drain was not long enough: a 2,000-seed sweep holds about 10^5 frames. */
    static final double RESIDUAL = 1e-6;

    private DrainTime() {}

    /**
     * The drain of {@code setup}'s run: zero when its nodes run without the link layer (nothing is retransmitted,
     * so no backlog builds up; the algorithm's own timeouts are its business).
     *
     * @param setup the run's setup (its network and its algorithm's link settings)
     * @return the drain, in nanoseconds of virtual time
     */
    public static long nanos(RunSetup setup) {
        LinkConfig link = setup.algorithm().linkPolicy().link(setup.environment());
        if (link == null) {
            return 0;
        }
        return rounds(setup.config().network().loss()) * link.maxRetransmitNanos()
                + setup.config().worstLatencyNanos();
    }

    /**
     * Retransmission rounds after which a frame has been lost every time with a chance under {@link #RESIDUAL}.
     *
     * @param loss the network's loss probability, in [0, 1)
     * @return at least one round
     */
    static long rounds(double loss) {
        if (!(loss > 0)) {
            return 1;
        }
        if (loss >= 1) {
            throw new IllegalArgumentException("--loss: a drain needs a loss below 1, got " + loss);
        }
        return Math.max(1, (long) Math.ceil(Math.log(RESIDUAL) / Math.log(loss)));
    }

    /**
     * When the last pause or partition of {@code config} ends, or zero when it has none.
     *
     * @param config the run's configuration
     * @return virtual nanoseconds
     */
    public static long lastWindowEndNanos(SimConfig config) {
        long end = 0;
        for (PauseSpec pause : config.pauses()) {
            end = Math.max(end, pause.untilNanos());
        }
        for (PartitionSpec partition : config.partitions()) {
            end = Math.max(end, partition.untilNanos());
        }
        return end;
    }
}
