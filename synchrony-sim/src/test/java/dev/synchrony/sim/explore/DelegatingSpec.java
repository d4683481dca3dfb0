package dev.synchrony.sim.explore;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.check.PropertyCheck;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.spec.ParamSpec;
import dev.synchrony.sim.spec.RunSetup;
import java.util.List;
import java.util.Map;

/** An algorithm spec that forwards everything to another; tests override what they change. */
class DelegatingSpec implements AlgorithmSpec {

    private final AlgorithmSpec inner;

    DelegatingSpec(AlgorithmSpec inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public List<ParamSpec> params() {
        return inner.params();
    }

    @Override
    public Node<?, ?, ?> newNode(NodeId id, RunSetup setup) {
        return inner.newNode(id, setup);
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        return inner.checks(setup);
    }

    @Override
    public List<dev.synchrony.sim.explore.StateInvariant> invariants(RunSetup setup) {
        return inner.invariants(setup);
    }

    @Override
    public Exploration exploration(RunSetup setup) {
        return inner.exploration(setup);
    }

    @Override
    public Map<String, String> explorationParams() {
        return inner.explorationParams();
    }
}
