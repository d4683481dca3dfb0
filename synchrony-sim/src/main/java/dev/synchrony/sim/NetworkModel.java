package dev.synchrony.sim;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;
import java.util.List;

/**
 * How the simulated network treats each message. Faults are independent per message: loss, duplication
 * (a second copy with its own latency), and reordering (an extra delay of up to three maximum latencies). With
 * {@code fifo} each link delivers in send order whatever the latency drew.
 *
 * @param linkLatencies per-direction overrides of the latency range (asymmetric links, as NTP needs)
 */
public record NetworkModel(
        long latencyMinNanos,
        long latencyMaxNanos,
        LatencyDistribution distribution,
        double loss,
        double duplicate,
        double reorder,
        boolean fifo,
        List<LinkLatency> linkLatencies) {

    public enum LatencyDistribution {
        UNIFORM,
        EXPONENTIAL
    }

    /** The latency range of messages from {@code from} to {@code to}, overriding the default range. */
    public record LinkLatency(NodeId from, NodeId to, long minNanos, long maxNanos) {
        public LinkLatency {
            checkRange(minNanos, maxNanos, "latency of " + from + "->" + to);
        }
    }

    public NetworkModel {
        checkRange(latencyMinNanos, latencyMaxNanos, "--latency");
        checkProbability(loss, "--loss");
        checkProbability(duplicate, "--duplicate");
        checkProbability(reorder, "--reorder");
        linkLatencies = List.copyOf(linkLatencies);
    }

    public static NetworkModel reliable(long latencyMinNanos, long latencyMaxNanos) {
        return new NetworkModel(
                latencyMinNanos, latencyMaxNanos, LatencyDistribution.UNIFORM, 0, 0, 0, false, List.of());
    }

    public boolean faulty() {
        return loss > 0 || duplicate > 0 || reorder > 0;
    }

    public NetworkModel withFaults(double loss, double duplicate, double reorder) {
        return new NetworkModel(
                latencyMinNanos, latencyMaxNanos, distribution, loss, duplicate, reorder, fifo, linkLatencies);
    }

    public NetworkModel withLatency(long minNanos, long maxNanos) {
        return new NetworkModel(minNanos, maxNanos, distribution, loss, duplicate, reorder, fifo, linkLatencies);
    }

    private static void checkRange(long min, long max, String what) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException(
                    what + ": need 0 <= MIN <= MAX, got " + Durations.format(min) + ".." + Durations.format(max));
        }
    }

    private static void checkProbability(double p, String what) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + ": " + p + " is not a probability in [0, 1]");
        }
    }
}
