package dev.synchrony.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The expected results for the algorithm families, each explored with 3 processes and 2 requests (or
 * messages) per process. Where the whole space is too large for a unit test, the bound is stated and the full
 * search is a {@code long} test.
 */
class FamiliesExploreTest {

    private static ExploreResult explore(String algorithm, int nodes, Explorer.Options options) {
        return explore(algorithm, nodes, Map.of(), options);
    }

    private static ExploreResult explore(
            String algorithm, int nodes, Map<String, String> params, Explorer.Options options) {
        AlgorithmSpec spec = Algorithms.require(algorithm);
        return new Explorer(ExplorerTest.harness(spec), ExplorerTest.setup(spec, nodes, params), options).run();
    }

    private static void assertSafeEverywhere(ExploreResult result) {
        assertThat(result.violation()).as(() -> result.violation().stepList()).isNull();
        assertThat(result.exhaustive()).as(result.limit()).isTrue();
        assertThat(result.invariants()).contains("mutual-exclusion");
        assertThat(result.liveness())
                .singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(LivenessOutcome.Status.HELD));
    }

    @Test
    void centralizedMutexIsSafeAndLiveInEveryInterleaving() {
        ExploreResult result = explore("central-mutex", 3, Explorer.Options.defaults());

        assertSafeEverywhere(result);
        assertThat(result.distinctStates()).isGreaterThan(1_000);
    }

    @Test
    void ricartAgrawalaWithOneRequestEachIsSafeAndLiveInEveryInterleaving() {
        assertSafeEverywhere(
                explore("ricart-agrawala", 3, Explorer.Options.defaults().withRequests(1)));
    }

    @Test
    void ricartAgrawalaWithTwoRequestsEachIsSafeInTheFirstStates() {
        ExploreResult result =
                explore("ricart-agrawala", 3, Explorer.Options.defaults().withMaxStates(150_000));

        assertThat(result.violation()).isNull();
        assertThat(result.distinctStates()).isEqualTo(150_000);
    }

    @Test
    @Tag("long")
    void ricartAgrawalaWithTwoRequestsEachIsSafeAndLiveInEveryInterleaving() {
        ExploreResult result = explore("ricart-agrawala", 3, Explorer.Options.defaults());

        assertSafeEverywhere(result);
        assertThat(result.distinctStates()).isGreaterThan(1_000_000);
    }

    @Test
    void tokenRingIsSafeUpToTheDepthBound() {
        // The token circulates for ever, so its state space has no end: the search is bounded by depth.
        ExploreResult result =
                explore("token-ring", 3, Explorer.Options.defaults().withMaxDepth(30));

        assertThat(result.violation()).isNull();
        assertThat(result.depthReached()).isEqualTo(30);
        assertThat(result.limit()).contains("--max-depth 30");
    }

    @Test
    void decentralizedMutexBreaksOnceACoordinatorCrashesAndForgetsItsVote() {
        AlgorithmSpec spec = Algorithms.require("decentral-mutex");
        ExploreResult safe =
                explore("decentral-mutex", 3, Explorer.Options.defaults().withMaxStates(100_000));
        ExploreResult crashing =
                explore("decentral-mutex", 3, Explorer.Options.defaults().withCrashes(1, true));

        assertThat(safe.violation()).isNull();
        Counterexample counterexample = crashing.violation();
        assertThat(counterexample.property()).isEqualTo("mutual-exclusion");
        assertThat(counterexample.shortest()).isTrue();
        assertThat(counterexample.steps())
                .anySatisfy(s -> assertThat(s.step().kind()).isEqualTo(Step.Kind.RECOVER));
        RunResult replayed = ExplorerTest.replay(spec, counterexample);
        assertThat(replayed.checks()).anySatisfy(check -> {
            assertThat(check.property()).isEqualTo("safety");
            assertThat(check.violated()).isTrue();
        });
    }

    @Test
    void totalOrderMulticastAgreesOnTheOrderInEveryInterleavingOfTwoProcesses() {
        ExploreResult result = explore("total-order", 2, Explorer.Options.defaults());

        assertThat(result.invariants()).contains("total-order", "delivered-once");
        assertThat(result.violation()).isNull();
        assertThat(result.exhaustive()).isTrue();
        assertThat(result.liveness())
                .singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(LivenessOutcome.Status.HELD));
    }

    /**
     * Both ways of sending: max-batch 1 (every update and acknowledgement at once, the lecture step by step) and
     * the default batching, where the flush timer may fire at any point of the interleaving.
     */
    @ParameterizedTest
    @CsvSource({"1, 2, 2", "256, 2, 2"})
    void totalOrderAgreesInEveryInterleavingWithAndWithoutBatching(String maxBatch, int nodes, int requests) {
        exploreTotalOrderExhaustively(maxBatch, nodes, requests);
    }

    /** Three processes, one message each: 4 s unbatched, 10 s batched (the timer may fire anywhere). */
    @Tag("long")
    @ParameterizedTest
    @CsvSource({"1, 3, 1", "256, 3, 1"})
    void totalOrderOfThreeProcessesAgreesInEveryInterleavingWithAndWithoutBatching(
            String maxBatch, int nodes, int requests) {
        exploreTotalOrderExhaustively(maxBatch, nodes, requests);
    }

    /** A total order explored to the end: its invariants checked and held, every message delivered. */
    private static void assertAgreedExhaustively(ExploreResult result) {
        assertThat(result.invariants()).contains("total-order", "delivered-once");
        assertThat(result.violation()).as(() -> result.violation().stepList()).isNull();
        assertThat(result.exhaustive()).as(result.limit()).isTrue();
        assertThat(result.liveness())
                .singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(LivenessOutcome.Status.HELD));
    }

    private static void exploreTotalOrderExhaustively(String maxBatch, int nodes, int requests) {
        AlgorithmSpec spec = Algorithms.require("total-order");
        ExploreResult result = new Explorer(
                        ExplorerTest.harness(spec),
                        ExplorerTest.setup(spec, nodes, Map.of("max-batch", maxBatch)),
                        Explorer.Options.defaults().withRequests(requests))
                .run();

        assertAgreedExhaustively(result);
    }

    @Test
    void totalOrderMulticastWithThreeProcessesAgreesOnEveryPathSearched() {
        // Three processes multicasting two messages each have too many interleavings to enumerate here; a
        // depth-first search follows whole runs to their end.
        ExploreResult result = explore(
                "total-order",
                3,
                Explorer.Options.defaults().withDepthFirst(true).withMaxStates(150_000));

        assertThat(result.violation()).isNull();
        assertThat(result.depthReached()).isGreaterThan(30);
    }

    @Test
    void theSequencerAgreesOnTheOrderInEveryInterleavingOfThreeProcessesWithOneMessageEach() {
        ExploreResult result =
                explore("sequencer-total-order", 3, Explorer.Options.defaults().withRequests(1));

        assertAgreedExhaustively(result);
    }

    @Test
    void theSequencerWithTwoMessagesEachAgreesOnEveryPathSearched() {
        ExploreResult result = explore(
                "sequencer-total-order",
                3,
                Explorer.Options.defaults().withDepthFirst(true).withMaxStates(150_000));

        assertThat(result.violation()).isNull();
        assertThat(result.depthReached()).isGreaterThan(20);
    }

    @Test
    void theTotalOrderInvariantCatchesProcessesThatDeliverAsTheMessagesArrive() {
        // Without FIFO links and acknowledgements an unordered multicast disagrees at once; here the invariant
        // is run against causal-order, which does not promise a total order.
        AlgorithmSpec causal = Algorithms.require("causal-order");
        ExploreHarness checked = new ExploreExtras(ExplorerTest.harness(causal)) {
            @Override
            public java.util.List<StateInvariant> invariants(dev.synchrony.sim.RunSetup setup) {
                return java.util.List.of(GenericInvariants.totalOrder());
            }
        };
        ExploreResult result =
                new Explorer(checked, ExplorerTest.setup(causal, 3, Map.of()), Explorer.Options.defaults()).run();

        assertThat(result.violation().property()).isEqualTo("total-order");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "256"})
    @Tag("long")
    void causalOrderMulticastIsExhaustivelyLive(String maxBatch) {
        ExploreResult result = explore("causal-order", 3, Map.of("max-batch", maxBatch), Explorer.Options.defaults());

        assertThat(result.violation()).isNull();
        assertThat(result.exhaustive()).isTrue();
        assertThat(result.liveness())
                .singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(LivenessOutcome.Status.HELD));
    }

    @Test
    void theCausalOrderInvariantCatchesReplicasThatApplyUpdatesAsTheyArrive() {
        // Three replicas over an unordered multicast: n3 can get n2's update, sent after n2 applied n1's, first.
        AlgorithmSpec bank = Algorithms.require("bank");
        ExploreHarness checked = new ExploreExtras(ExplorerTest.harness(bank)) {
            @Override
            public java.util.List<StateInvariant> invariants(dev.synchrony.sim.RunSetup setup) {
                return java.util.List.of(GenericInvariants.causalOrder());
            }
        };
        ExploreResult result = new Explorer(
                        checked,
                        ExplorerTest.setup(bank, 3, Map.of("ordering", "none")),
                        Explorer.Options.defaults().withRequests(1))
                .run();

        assertThat(result.violation().property()).isEqualTo("causal-order");
        assertThat(result.violation().detail()).contains("which its origin had delivered before multicasting it");
    }

    @Test
    void causalOrderBatchedIsSafeAndLiveInEveryInterleavingOfOneMessageEach() {
        // The flush timers fire at any time: every split of the publications into batches is explored.
        ExploreResult result =
                explore("causal-order", 3, Explorer.Options.defaults().withRequests(1));

        assertThat(result.invariants()).contains("causal-order");
        assertThat(result.violation()).as(() -> result.violation().stepList()).isNull();
        assertThat(result.exhaustive()).as(result.limit()).isTrue();
        assertThat(result.liveness())
                .singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(LivenessOutcome.Status.HELD));
    }

    @Test
    void theReplicatedAccountDivergesWithoutTotalOrderAsTheLectureShows() {
        AlgorithmSpec bank = Algorithms.require("bank");
        ExploreResult unordered = new Explorer(
                        ExplorerTest.harness(bank),
                        ExplorerTest.setup(bank, 2, Map.of("ordering", "none")),
                        Explorer.Options.defaults())
                .run();
        ExploreResult total = new Explorer(
                        ExplorerTest.harness(bank),
                        ExplorerTest.setup(bank, 2, Map.of("ordering", "total")),
                        Explorer.Options.defaults())
                .run();

        assertThat(unordered.violation().property()).isEqualTo("replicas-agree");
        assertThat(unordered.violation().detail()).contains("$1111.00").contains("$1110.00");
        assertThat(ExplorerTest.replay(bank, unordered.violation()).trace().size())
                .isGreaterThan(0);
        assertThat(total.violation()).isNull();
        assertThat(total.exhaustive()).isTrue();
        assertThat(total.liveness())
                .singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(LivenessOutcome.Status.HELD));
    }

    @Test
    void theReliableFifoLinkHandsOverInOrderOverALossyNetworkInTheFirstStates() {
        ExploreResult result = explore(
                "fifo-link", 2, Explorer.Options.defaults().withLoss(true).withMaxStates(100_000));

        assertThat(result.invariants()).contains("fifo-exactly-once");
        assertThat(result.violation()).isNull();
        assertThat(result.distinctStates()).isEqualTo(100_000);
    }
}
