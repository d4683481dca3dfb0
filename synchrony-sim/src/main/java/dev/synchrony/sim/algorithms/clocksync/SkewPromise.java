package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.SimConfig;
import java.util.List;

/**
 * The skew a configuration promises, after a warm-up: between any two clocks, and (when a reference clock
 * exists) to real time. {@code promised} is false when the network gives no bound on a round trip (loss,
 * reordering, exponential latency, partitions, crashes), in which case the checks only report what they saw.
 *
 * @param resyncPeriodNanos tau: how often each clock is resynchronized, in real time at worst
 * @param ruleDeltaNanos the lecture's delta = 2 rho tau: two perfectly synchronized clocks drift this far apart
 * @param toRealTimeNanos the bound to real time, or -1 when the algorithm has no reference clock
 */
record SkewPromise(
        boolean promised,
        String whyNot,
        long warmUpNanos,
        long resyncPeriodNanos,
        long ruleDeltaNanos,
        long betweenClocksNanos,
        long toRealTimeNanos,
        String formula) {

    /** Rounding slack: clocks read in whole nanoseconds, and the bound sums several rounded terms. */
    static final long ROUNDING_NANOS = 2_000;

    static SkewPromise none(String whyNot) {
        return new SkewPromise(false, whyNot, 0, 0, 0, -1, -1, "");
    }

    /** Why the network gives no bound on a round trip, or null when it does. */
    static String unboundedNetwork(SimConfig config) {
        NetworkModel network = config.network();
        if (config.script() != null
                && config.script().latencyNanos() < 0
                && !config.script().deliveries().isEmpty()) {
            return "a scripted run fixes its own deliveries";
        }
        if (network.loss() > 0) {
            return "messages may be lost (--loss)";
        }
        if (network.reorder() > 0) {
            return "reordering adds unbounded delay (--reorder)";
        }
        if (network.distribution() != NetworkModel.LatencyDistribution.UNIFORM) {
            return "the latency distribution has no maximum";
        }
        if (!config.partitions().isEmpty()) {
            return "partitions cut processes off";
        }
        if (!config.crashes().isEmpty()) {
            return "processes crash";
        }
        return null;
    }

    /** The longest real round trip between {@code a} and {@code b}: the slowest way there plus back. */
    static long maxRoundTripNanos(SimConfig config, NodeId a, NodeId b) {
        return maxLatencyNanos(config, a, b) + maxLatencyNanos(config, b, a);
    }

    /** The longest round trip between {@code hub} and any other process. */
    static long maxRoundTripNanos(SimConfig config, NodeId hub) {
        long max = 0;
        for (NodeId other : config.nodes()) {
            if (!other.equals(hub)) {
                max = Math.max(max, maxRoundTripNanos(config, hub, other));
            }
        }
        return max;
    }

    private static long maxLatencyNanos(SimConfig config, NodeId from, NodeId to) {
        if (config.script() != null && config.script().latencyNanos() >= 0) {
            return config.script().latencyNanos();
        }
        long max = config.network().latencyMaxNanos();
        for (NetworkModel.LinkLatency link : config.network().linkLatencies()) {
            if (link.from().equals(from) && link.to().equals(to)) {
                max = link.maxNanos();
            }
        }
        return max;
    }

    static List<String> describe(SkewPromise promise) {
        if (!promise.promised()) {
            return List.of("promised bound: none (" + promise.whyNot() + ")");
        }
        return List.of(
                "promised bound after a warm-up of " + human(promise.warmUpNanos()) + ": any two clocks within "
                        + human(promise.betweenClocksNanos())
                        + (promise.toRealTimeNanos() >= 0
                                ? ", each clock within " + human(promise.toRealTimeNanos()) + " of real time"
                                : ""),
                "  " + promise.formula());
    }

    static String human(long nanos) {
        return dev.synchrony.catalog.Durations.human(nanos);
    }
}
