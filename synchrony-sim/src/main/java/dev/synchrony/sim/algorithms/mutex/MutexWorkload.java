package dev.synchrony.sim.algorithms.mutex;

import dev.synchrony.core.NodeId;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.WorkloadContext;

/**
 * The closed-loop random workload of the mutual-exclusion runs: each process thinks for an exponentially
 * distributed time (mean 1/rate), asks for the resource, holds it for a random time once granted
 * (uniform in hold * [1 - spread, 1 + spread]), releases it and thinks again. No new request starts in the last
 * {@code quietNanos} of the run, so that every request can be granted before the end (the liveness check).
 * One instance per run: it numbers the requests.
 */
public final class MutexWorkload implements Workload {

    private final double ratePerSecond;
    private final long holdNanos;
    private final double holdSpread;
    private final long quietNanos;
    private long nextRequest = 1;

    public MutexWorkload(double ratePerSecond, long holdNanos, double holdSpread, long quietNanos) {
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("--rate: must be a finite number >= 0, got " + ratePerSecond);
        }
        if (holdNanos < 0) {
            throw new IllegalArgumentException("--hold: must be >= 0");
        }
        if (!(holdSpread >= 0 && holdSpread <= 1)) {
            throw new IllegalArgumentException("--hold-spread: must be in [0, 1], got " + holdSpread);
        }
        if (quietNanos < 0) {
            throw new IllegalArgumentException("--quiet: must be >= 0");
        }
        this.ratePerSecond = ratePerSecond;
        this.holdNanos = holdNanos;
        this.holdSpread = holdSpread;
        this.quietNanos = quietNanos;
    }

    @Override
    public void start(WorkloadContext context) {
        for (NodeId node : context.nodes()) {
            think(node, context);
        }
    }

    private void think(NodeId node, WorkloadContext context) {
        if (ratePerSecond == 0) {
            return;
        }
        double seconds = -Math.log(1 - context.random().nextDouble()) / ratePerSecond;
        long at = context.nowNanos() + Math.max(1, Math.round(seconds * 1e9));
        if (at <= context.durationNanos() - quietNanos) {
            context.command(node, new MutexCommand.Acquire(nextRequest++), at);
        }
    }

    @Override
    public void onOutput(NodeId node, Object output, WorkloadContext context) {
        switch (output) {
            case MutexOutput.Granted granted -> {
                double factor = 1 + holdSpread * (2 * context.random().nextDouble() - 1);
                long hold = Math.round(holdNanos * factor);
                context.command(node, new MutexCommand.Release(granted.requestId()), context.nowNanos() + hold);
            }
            case MutexOutput.Released released -> think(node, context);
            default -> {
                // Lost: the release still comes when the hold time is over.
            }
        }
    }
}
