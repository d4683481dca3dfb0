package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.clocksync.ClockSyncCommand;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.WorkloadContext;

/**
 * The observer of a clock synchronization run: at every multiple of the sampling interval it tells every
 * process to read its clock ({@link ClockSyncCommand.ReadClock}), so the trace holds all clocks at the same
 * virtual instants. The algorithm itself never sees a difference: the command does nothing.
 */
final class ClockSampling implements Workload {

    /** Bounds the trace: never more than this many sampling instants per run. */
    static final int MAX_SAMPLES = 2_000;

    private final long intervalNanos;

    ClockSampling(long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("--sample: must be positive");
        }
        this.intervalNanos = intervalNanos;
    }

    /** The interval for a run of {@code durationNanos}: as asked, or 1/200 of the run when 0. */
    static long interval(long askedNanos, long durationNanos) {
        long interval = askedNanos > 0 ? askedNanos : Math.max(1, durationNanos / 200);
        return Math.max(interval, durationNanos / MAX_SAMPLES);
    }

    @Override
    public void start(WorkloadContext context) {
        for (long at = 0; at <= context.durationNanos(); at += intervalNanos) {
            for (NodeId node : context.nodes()) {
                context.command(node, new ClockSyncCommand.ReadClock(), at);
            }
        }
    }
}
