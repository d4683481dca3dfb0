package dev.synchrony.sim.spec;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Family;
import dev.synchrony.catalog.ParamSpec;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimulatedAlgorithm;
import dev.synchrony.sim.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the simulator (and {@code synchrony simulate}/{@code check}) runs one algorithm: its catalog
 * entry (name, options, nodes, link layer) with the harness of its family (workload, script commands, checks,
 * summary), which the algorithm's own extras may extend.
 */
public final class AlgorithmSpec implements SimulatedAlgorithm {

    private final Algorithm algorithm;
    private final Harness harness;

    public AlgorithmSpec(Algorithm algorithm, Harness harness) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.harness = Objects.requireNonNull(harness, "harness");
    }

    @Override
    public Algorithm algorithm() {
        return algorithm;
    }

    public Harness harness() {
        return harness;
    }

    /** The name users type: {@code lamport}, {@code ricart-agrawala}. */
    public String name() {
        return algorithm.name();
    }

    public String description() {
        return algorithm.description();
    }

    public Family family() {
        return algorithm.family();
    }

    public List<ParamSpec> params() {
        return algorithm.params();
    }

    public int defaultNodes() {
        return algorithm.defaultNodes();
    }

    /** A fresh node for {@code id}, as the catalog builds it for the run's environment. */
    public Node<?, ?, ?> newNode(NodeId id, RunSetup setup) {
        return algorithm.newNode(id, setup.environment());
    }

    /** The node a crashed process restarts with, its volatile state lost. */
    public Node<?, ?, ?> recoveredNode(NodeId id, RunSetup setup) {
        return algorithm.recoveredNode(id, setup.environment());
    }

    @Override
    public Workload workload(RunSetup setup) {
        return harness.workload(setup);
    }

    @Override
    public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        return harness.scriptCommand(fields, setup);
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        return harness.checks(setup);
    }

    @Override
    public boolean referenceClock(NodeId node, RunSetup setup) {
        return harness.referenceClock(node, setup);
    }

    @Override
    public long clockWanderPeriodNanos(RunSetup setup) {
        return harness.clockWanderPeriodNanos(setup);
    }

    public void summarize(RunResult run, Summary summary) {
        harness.summarize(run, summary);
    }

    public void writeExtraFiles(RunResult run, Path directory) throws IOException {
        harness.writeExtraFiles(run, directory);
    }

    @Override
    public String toString() {
        return algorithm.name();
    }
}
