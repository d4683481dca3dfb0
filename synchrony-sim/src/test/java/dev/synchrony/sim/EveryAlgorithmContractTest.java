package dev.synchrony.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.Node;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contracts every registered algorithm must keep, whoever wrote it: a seed fixes the run, and node states are
 * values (the explorer hashes them).
 */
class EveryAlgorithmContractTest {

    static Stream<String> algorithms() {
        return Algorithms.all().stream().map(AlgorithmSpec::name);
    }

    private static SimConfig config(AlgorithmSpec spec, long seed) {
        return SimConfig.defaults(spec.name(), spec.defaultNodes(), seed)
                .withDuration(3_000_000_000L)
                .withNetwork(NetworkModel.reliable(1_000_000, 20_000_000).withFaults(0.05, 0.05, 0.05));
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void sameSeedSameRun(String name) throws Exception {
        AlgorithmSpec spec = Algorithms.require(name);
        RunResult first = Simulation.run(spec, config(spec, 17));
        RunResult second = Simulation.run(spec, config(spec, 17));
        assertThat(first.trace().size())
                .as("%s does something in 3 virtual seconds", name)
                .isGreaterThan(0);
        assertThat(SimulationDeterminismTest.jsonLines(second)).isEqualTo(SimulationDeterminismTest.jsonLines(first));
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    @SuppressWarnings("unchecked")
    void nodeStatesAreValues(String name) {
        AlgorithmSpec spec = Algorithms.require(name);
        RunResult run = Simulation.run(spec, config(spec, 5));
        for (Node<?, ?, ?> node : run.finalNodes()) {
            if (node == null) {
                continue;
            }
            Node<Object, Object, Object> copy = (Node<Object, Object, Object>) node.copy();
            assertThat(copy).as("%s copy()", name).isNotSameAs(node).isEqualTo(node);
            assertThat(copy.hashCode()).as("%s hashCode of a copy", name).isEqualTo(node.hashCode());
            assertThat(copy.copy()).isEqualTo(node);
        }
    }
}
