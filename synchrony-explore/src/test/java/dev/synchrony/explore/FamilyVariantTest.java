package dev.synchrony.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Family;
import dev.synchrony.catalog.LinkPolicy;
import dev.synchrony.catalog.ParamSpec;
import dev.synchrony.core.NodeId;
import dev.synchrony.explore.families.ExploreHarnesses;
import dev.synchrony.mutex.CentralizedMutex;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new algorithm of an existing family is its node class and one catalog entry: here a variant of the
 * centralized mutex whose coordinator is the last process, built as a catalog entry and nothing else, which the
 * simulator runs with the mutex family's workload and checks and the explorer with its workload and invariants.
 */
class FamilyVariantTest {

    private static final Algorithm LAST_COORDINATOR = Algorithm.builder("central-mutex-last", Family.MUTEX)
            .description("centralized mutual exclusion, coordinated by the last process")
            .params(List.of(
                    ParamSpec.of("rate", "2", "requests per process per virtual second"),
                    ParamSpec.of("hold", "20ms", "mean time a process holds the resource"),
                    ParamSpec.of("hold-spread", "0.5", "hold times are uniform in hold * [1 - spread, 1 + spread]"),
                    ParamSpec.of("quiet", "1s", "no new request in the last QUIET of the run")))
            .node((id, env) ->
                    new CentralizedMutex(env.members().get(env.members().size() - 1)))
            .linkPolicy(LinkPolicy.RELIABLE_CHANNELS)
            .build();

    @Test
    void theSimulatorRunsItWithTheFamilysWorkloadAndChecks() {
        AlgorithmSpec spec = Algorithms.spec(LAST_COORDINATOR);
        SimConfig config = SimConfig.defaults(spec.name(), 4, 3)
                .withDuration(5_000_000_000L)
                .withNetwork(NetworkModel.reliable(1_000_000L, 10_000_000L).withFaults(0.1, 0.05, 0.1));
        RunResult run = Simulation.run(spec, config);

        assertThat(run.checks()).extracting(CheckResult::property).containsExactly("safety", "liveness", "fencing");
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        assertThat(run.trace().withPayload(dev.synchrony.mutex.CriticalSection.Entered.class))
                .hasSizeGreaterThan(10);
    }

    @Test
    void theExplorerExploresItWithTheFamilysWorkloadAndInvariants() {
        AlgorithmSpec spec = Algorithms.spec(LAST_COORDINATOR);
        ExploreResult result = new Explorer(
                        ExploreHarnesses.forAlgorithm(LAST_COORDINATOR),
                        Simulation.setupFor(
                                spec, SimConfig.defaults(spec.name(), 3, 1).withParams(Map.of())),
                        Explorer.Options.defaults().withRequests(1))
                .run();

        assertThat(result.invariants()).contains("mutual-exclusion");
        assertThat(result.violation()).isNull();
        assertThat(result.exhaustive()).isTrue();
        assertThat(result.members()).last().isEqualTo(NodeId.of("n3"));
    }
}
