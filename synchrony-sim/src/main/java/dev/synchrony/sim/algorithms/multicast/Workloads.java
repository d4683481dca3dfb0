package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.WorkloadContext;
import java.util.function.BiFunction;

/** Random workloads of this package. */
final class Workloads {

    private Workloads() {}

    /**
     * Each process gets commands at exponentially distributed intervals ({@code ratePerSecond} on average) during
     * the first {@code untilFraction} of the run; {@code command} draws each one (null: skip).
     */
    static Workload poisson(
            double ratePerSecond, double untilFraction, BiFunction<NodeId, WorkloadContext, Object> command) {
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("--rate: must be a finite number >= 0, got " + ratePerSecond);
        }
        return context -> {
            if (ratePerSecond == 0) {
                return;
            }
            long until = (long) (context.durationNanos() * untilFraction);
            for (NodeId node : context.nodes()) {
                long at = 0;
                // Bounded: at most this many commands per process, whatever the rate.
                for (int i = 0; i < 1_000_000; i++) {
                    at += Math.max(1, Math.round(-Math.log(1 - context.random().nextDouble()) / ratePerSecond * 1e9));
                    if (at > until) {
                        break;
                    }
                    Object next = command.apply(node, context);
                    if (next != null) {
                        context.command(node, next, at);
                    }
                }
            }
        };
    }
}
