package dev.synchrony.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Election explored with a crash. Both algorithms take a silent process for a dead one after a timeout, which is
 * sound only when timeouts outlast message delays: their explorations let timers fire when no message is in
 * flight ({@link TimerPolicy#WHEN_IDLE}). The explorer's clock does not move, so failure detectors never suspect:
 * the crash that matters is one during an election.
 */
class ElectionExploreTest {

    private static ExploreResult explore(String algorithm, int nodes, Explorer.Options options) {
        AlgorithmSpec spec = Algorithms.require(algorithm);
        return new Explorer(ExplorerTest.harness(spec), ExplorerTest.setup(spec, nodes, Map.of()), options).run();
    }

    @Test
    void electionsTimeOutOnlyWhenTheNetworkIsQuiet() {
        AlgorithmSpec bully = Algorithms.require("bully");
        Explorer explorer = new Explorer(
                ExplorerTest.harness(bully), ExplorerTest.setup(bully, 3, Map.of()), Explorer.Options.defaults());
        assertThat(explorer.timerPolicy()).isEqualTo(TimerPolicy.WHEN_IDLE);
        assertThat(explorer.invariantNames()).contains("election-agreement");
    }

    @Test
    void bullyWithThreeProcessesAgreesAfterAnyOneCrash() {
        ExploreResult result = explore("bully", 3, Explorer.Options.defaults().withCrashes(1, false));

        assertThat(result.violation()).isNull();
        assertThat(result.exhaustive()).isTrue();
        assertThat(result.distinctStates()).isGreaterThan(1_000);
    }

    @Test
    void bullyWithFourProcessesAndOneCrashAgreesInTheFirstStates() {
        ExploreResult result = explore(
                "bully", 4, Explorer.Options.defaults().withCrashes(1, false).withMaxStates(100_000));

        assertThat(result.violation()).isNull();
        assertThat(result.distinctStates()).isEqualTo(100_000);
    }

    @Test
    void ringElectionWithFourProcessesAndOneCrashAgreesInTheFirstStates() {
        ExploreResult result = explore(
                "ring-election",
                4,
                Explorer.Options.defaults().withCrashes(1, false).withMaxStates(100_000));

        assertThat(result.violation()).isNull();
        assertThat(result.distinctStates()).isEqualTo(100_000);
    }

    /**
     * A finding: the heaviest process crashes, the next one wins with a higher term, then the heaviest recovers
     * with its terms lost, declares itself with a lower term, and the others reject that victory. With nothing in
     * flight, the processes disagree until the next heartbeat makes the heaviest one hold a new election.
     */
    @Test
    void bullyDisagreesForAWhileAfterTheHeaviestProcessRecoversWithItsTermsLost() {
        ExploreResult result = explore("bully", 3, Explorer.Options.defaults().withCrashes(1, true));

        Counterexample counterexample = result.violation();
        assertThat(counterexample.property()).isEqualTo("election-agreement");
        assertThat(counterexample.steps())
                .anySatisfy(s -> assertThat(s.step().kind()).isEqualTo(Step.Kind.RECOVER));
        assertThat(counterexample.detail()).contains("takes n3");
    }
}
