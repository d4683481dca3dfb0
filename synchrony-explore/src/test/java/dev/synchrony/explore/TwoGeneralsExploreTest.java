package dev.synchrony.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.generals.Decision;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.script.Script;
import dev.synchrony.sim.script.ScriptLoader;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwoGeneralsExploreTest {

    private final AlgorithmSpec spec = Algorithms.require("two-generals");

    private ExploreResult explore(int k, int rounds, boolean loss) {
        SimConfig config = SimConfig.defaults(spec.name(), 2, 1)
                .withParams(Map.of("k", Integer.toString(k), "rounds", Integer.toString(rounds)));
        return new Explorer(
                        ExplorerTest.harness(spec),
                        Simulation.setupFor(spec, config),
                        Explorer.Options.defaults().withLoss(loss))
                .run();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void withLossSomeRunHasOneGeneralAttackingAlone(int k) {
        ExploreResult result = explore(k, 2, true);

        assertThat(result.violation()).isNotNull();
        assertThat(result.violation().property()).isEqualTo("agreement");
        assertThat(result.violation().shortest()).isTrue();
        // The k orders arrive (the first one is answered), all k acknowledgements are lost, then dawn comes twice.
        long lost = result.violation().steps().stream()
                .filter(s -> s.step().kind() == Step.Kind.LOSE)
                .count();
        assertThat(lost).isEqualTo(k);
        assertThat(result.violation().length()).isEqualTo(k + k + 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void longerHandshakesDoNotHelpEither(int rounds) {
        ExploreResult result = explore(2, rounds, true);

        assertThat(result.violation()).isNotNull();
        assertThat(result.violation().property()).isEqualTo("agreement");
    }

    @Test
    void withoutLossTheGeneralsAlwaysAttackTogether() {
        ExploreResult result = explore(3, 2, false);

        assertThat(result.violation()).isNull();
        assertThat(result.exhaustive()).isTrue();
        assertThat(result.distinctStates()).isGreaterThan(10);
        assertThat(result.liveness())
                .singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(LivenessOutcome.Status.HELD));
    }

    @Test
    void theCounterexampleScriptReplaysTheDisagreementInTheSimulator() {
        ExploreResult result = explore(3, 2, true);
        Script script = ScriptLoader.parse(result.violation().script(), "counterexample.yaml");
        SimConfig config = SimConfig.defaults(spec.name(), 2, 1).withNodes(script.nodeIds());
        config = config.withDuration(script.durationNanos())
                .withCrashes(script.crashes())
                .withScript(script, "counterexample.yaml");

        RunResult run = Simulation.run(spec, config);

        assertThat(run.violated()).isTrue();
        assertThat(run.trace().withPayload(Decision.class)).hasSize(2);
        assertThat(run.network().lostToFaults()).isEqualTo(3);
    }
}
