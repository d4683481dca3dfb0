package dev.synchrony.sim;

import dev.synchrony.core.Node;
import dev.synchrony.sim.trace.Trace;
import java.util.List;

/**
 * A finished run.
 *
 * @param finalNodes each process's node at the end, by member index (null for a process that is down)
 * @param endNanos the virtual time the run stopped at
 * @param wallNanos how long it took on the machine
 */
public record RunResult(
        SimConfig config,
        RunSetup setup,
        Trace trace,
        List<Node<?, ?, ?>> finalNodes,
        NetworkStats network,
        long endNanos,
        long wallNanos,
        List<CheckResult> checks) {

    public RunResult {
        finalNodes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(finalNodes));
        checks = List.copyOf(checks);
    }

    public RunResult withChecks(List<CheckResult> newChecks) {
        return new RunResult(config, setup, trace, finalNodes, network, endNanos, wallNanos, newChecks);
    }

    /** This result without its trace and nodes: what a long sweep keeps of each run. */
    public RunResult trimmed() {
        return new RunResult(config, setup, null, List.of(), network, endNanos, wallNanos, checks);
    }

    public boolean violated() {
        return checks.stream().anyMatch(CheckResult::violated);
    }

    /** A violation in a run with a fault outside the algorithm's model: what the lecture predicts, not a bug. */
    public boolean violationExpected() {
        return violated() && !setup.faultsOutsideModel().isEmpty();
    }
}
