package dev.synchrony.sim.algorithms.multicast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.multicast.ReplicatedAccount;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.spec.Summary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MulticastSimTest {

    static SimConfig faulty(String algorithm, int nodes, long seed) {
        return SimConfig.defaults(algorithm, nodes, seed)
                .withNetwork(NetworkModel.reliable(1_000_000L, 10_000_000L).withFaults(0.1, 0.1, 0.1));
    }

    private static CheckResult.Status status(RunResult run, String property) {
        return run.checks().stream()
                .filter(c -> c.property().equals(property))
                .findFirst()
                .orElseThrow()
                .status();
    }

    @Test
    void totalOrderHoldsOverTheLinkLayerAndFailsWithoutIt() {
        RunResult linked = Simulation.run(Algorithms.require("total-order"), faulty("total-order", 5, 3));
        assertThat(linked.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        RunResult raw = Simulation.run(
                Algorithms.require("total-order"), faulty("total-order", 5, 3).withParams(Map.of("link", "raw")));
        assertThat(raw.violated()).isTrue();
    }

    @Test
    void causalOrderHoldsOverTheLinkLayer() {
        RunResult run = Simulation.run(Algorithms.require("causal-order"), faulty("causal-order", 5, 3));
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
    }

    @Test
    void theCostSummaryStaysWithinTheAnalyticCountWithoutFaults() {
        RunResult run = Simulation.run(Algorithms.require("total-order"), SimConfig.defaults("total-order", 4, 2));
        Summary summary = new Summary();
        Algorithms.require("total-order").summarize(run, summary);
        @SuppressWarnings("unchecked")
        Map<String, Object> cost = (Map<String, Object>) summary.values().get("cost");
        // every multicast costs N-1 updates and at most (N-1)(N-1) acknowledgements, none from the sender:
        // 3 + 9 = 12; concurrent publishers' updates stamped below what a process already sent need no
        // acknowledgement (cumulative)
        assertThat((double) cost.get("algorithmMessagesPerMulticast"))
                .isLessThanOrEqualTo(12.0)
                .isGreaterThan(3.0);
        assertThat(cost.get("analyticMessagesPerMulticast")).isEqualTo(12L);
        // Nothing is lost, so every retransmission is spurious: a round trip (2-20 ms here) beyond the adaptive
        // wait estimated from earlier, shorter ones. They must stay rare.
        long retransmissions = (long) cost.get("retransmissions");
        assertThat((long) cost.get("spuriousRetransmissions")).isEqualTo(retransmissions);
        assertThat(retransmissions * 100.0 / ((double) cost.get("framesPerMulticast") * (long) cost.get("multicasts")))
                .as("retransmissions per 100 frames")
                .isLessThan(1.0);
        assertThat((long) cost.get("latencyP99Nanos")).isGreaterThanOrEqualTo((long) cost.get("latencyMeanNanos"));
    }

    @Test
    void bankReplicasDivergeWithoutOrderingAndAgreeWithTotalOrder() {
        SimConfig base = faulty("bank", 4, 9);
        Map<NodeId, ReplicatedAccount<?, ?>> none = BankHarness.replicas(
                Simulation.run(Algorithms.require("bank"), base.withParams(Map.of("ordering", "none"))));
        assertThat(none.values().stream()
                        .map(ReplicatedAccount::balanceCents)
                        .distinct()
                        .count())
                .isGreaterThan(1);
        RunResult total = Simulation.run(Algorithms.require("bank"), base.withParams(Map.of("ordering", "total")));
        Map<NodeId, ReplicatedAccount<?, ?>> replicas = BankHarness.replicas(total);
        assertThat(replicas).hasSize(4);
        assertThat(replicas.values().stream()
                        .map(ReplicatedAccount::balanceCents)
                        .distinct()
                        .count())
                .isEqualTo(1);
        assertThat(replicas.values().stream()
                        .map(ReplicatedAccount::history)
                        .distinct()
                        .count())
                .isEqualTo(1);
        assertThat(replicas.values().iterator().next().history()).hasSizeGreaterThan(50);
        assertThat(status(total, "replicas-agree")).isEqualTo(CheckResult.Status.HELD);
    }

    @Test
    void causalOrderMayLeaveReplicasApart() {
        boolean someDiffer = false;
        for (long seed = 1; seed <= 5 && !someDiffer; seed++) {
            RunResult run = Simulation.run(
                    Algorithms.require("bank"), faulty("bank", 3, seed).withParams(Map.of("ordering", "causal")));
            assertThat(status(run, "causal-order")).isEqualTo(CheckResult.Status.HELD);
            someDiffer = BankHarness.replicas(run).values().stream()
                            .map(ReplicatedAccount::history)
                            .distinct()
                            .count()
                    > 1;
        }
        assertThat(someDiffer)
                .as("concurrent updates applied in different orders under causal order")
                .isTrue();
    }

    @Test
    void aCrashIsReportedHonestly() {
        SimConfig config = faulty("total-order", 3, 4)
                .withCrashes(List.of(new CrashSpec(NodeId.of("n3"), 2_000_000_000L, CrashSpec.NEVER)));
        RunResult run = Simulation.run(Algorithms.require("total-order"), config);
        // safety still holds among the survivors; loss is not claimed either way
        assertThat(status(run, "total-order")).isEqualTo(CheckResult.Status.HELD);
        assertThat(run.checks().stream()
                        .filter(c -> c.property().equals("integrity"))
                        .findFirst()
                        .orElseThrow()
                        .detail())
                .contains("loss not checked");
    }

    @Test
    void theCheckersCatchAnUnorderedMulticast() {
        // The same workload on the unordered baseline: the checkers must see both kinds of violation in a few seeds.
        boolean causalBroken = false;
        boolean totalBroken = false;
        for (long seed = 1; seed <= 10 && !(causalBroken && totalBroken); seed++) {
            RunResult run = Simulation.run(
                    Algorithms.require("bank"),
                    faulty("bank", 4, seed).withParams(Map.of("ordering", "none", "rate", "20")));
            causalBroken |= new MulticastChecks.CausalOrder().check(run).violated();
            totalBroken |= new MulticastChecks.TotalOrder().check(run).violated();
            assertThat(new MulticastChecks.Integrity().check(run).violated()).isFalse();
        }
        assertThat(causalBroken).isTrue();
        assertThat(totalBroken).isTrue();
    }

    @Test
    void integrityCatchesLossWithoutTheLinkLayer() {
        RunResult run = Simulation.run(
                Algorithms.require("causal-order"), faulty("causal-order", 3, 2).withParams(Map.of("link", "raw")));
        CheckResult integrity = run.checks().stream()
                .filter(c -> c.property().equals("integrity"))
                .findFirst()
                .orElseThrow();
        assertThat(integrity.violated()).isTrue();
        assertThat(integrity.detail()).contains("never delivered");
    }

    @Test
    void theSequencerOrdersOverTheLinkLayerAndLossBreaksItWithout() {
        RunResult linked =
                Simulation.run(Algorithms.require("sequencer-total-order"), faulty("sequencer-total-order", 5, 3));
        assertThat(linked.checks())
                .extracting(CheckResult::property)
                .contains("total-order", "causal-order", "integrity");
        assertThat(linked.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        RunResult raw = Simulation.run(
                Algorithms.require("sequencer-total-order"),
                faulty("sequencer-total-order", 5, 3).withParams(Map.of("link", "raw")));
        assertThat(status(raw, "integrity")).isEqualTo(CheckResult.Status.VIOLATED);
    }

    @Test
    void theSequencerCostsAtMostNMessagesAndBatchesConcurrentPublications() {
        Summary unbatched = new Summary();
        RunResult one = Simulation.run(
                Algorithms.require("sequencer-total-order"),
                SimConfig.defaults("sequencer-total-order", 4, 2).withParams(Map.of("max-batch", "1")));
        Algorithms.require("sequencer-total-order").summarize(one, unbatched);
        @SuppressWarnings("unchecked")
        Map<String, Object> cost = (Map<String, Object>) unbatched.values().get("cost");
        assertThat(cost.get("analyticMessagesPerMulticast")).isEqualTo(4L);
        // N for a member's multicast, N-1 for the sequencer's own
        assertThat((double) cost.get("algorithmMessagesPerMulticast")).isBetween(3.0, 4.0);

        // Many publications within one batch delay: fewer messages than multicasts.
        Summary batched = new Summary();
        RunResult many = Simulation.run(
                Algorithms.require("sequencer-total-order"),
                SimConfig.defaults("sequencer-total-order", 4, 2)
                        .withParams(Map.of("rate", "400", "batch-delay", "5ms")));
        Algorithms.require("sequencer-total-order").summarize(many, batched);
        assertThat(many.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        @SuppressWarnings("unchecked")
        Map<String, Object> batchedCost = (Map<String, Object>) batched.values().get("cost");
        assertThat((double) batchedCost.get("algorithmMessagesPerMulticast")).isLessThan(1.0);
    }

    @Test
    void causalOrderBatchesAProcesssPublicationsAndStillHoldsOnAFaultyNetwork() {
        Summary unbatched = new Summary();
        RunResult one = Simulation.run(
                Algorithms.require("causal-order"),
                SimConfig.defaults("causal-order", 4, 2).withParams(Map.of("max-batch", "1")));
        Algorithms.require("causal-order").summarize(one, unbatched);
        @SuppressWarnings("unchecked")
        Map<String, Object> cost = (Map<String, Object>) unbatched.values().get("cost");
        assertThat((double) cost.get("algorithmMessagesPerMulticast")).isEqualTo(3.0); // N-1, the lecture's

        // Many publications within one batch delay: fewer messages than the lecture's N-1 per multicast (not
        // far fewer: a batch also ends whenever its sender delivers another's message, here every ~1 ms).
        Summary batched = new Summary();
        RunResult many = Simulation.run(
                Algorithms.require("causal-order"),
                faulty("causal-order", 4, 2).withParams(Map.of("rate", "400", "batch-delay", "5ms")));
        Algorithms.require("causal-order").summarize(many, batched);
        assertThat(many.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        @SuppressWarnings("unchecked")
        Map<String, Object> batchedCost = (Map<String, Object>) batched.values().get("cost");
        assertThat((double) batchedCost.get("algorithmMessagesPerMulticast")).isLessThan(2.0);
    }

    @Test
    void aCrashOfTheSequencerStopsDeliveryButNotAgreement() {
        SimConfig config = faulty("sequencer-total-order", 3, 4)
                .withCrashes(List.of(new CrashSpec(NodeId.of("n1"), 2_000_000_000L, CrashSpec.NEVER)));
        RunResult run = Simulation.run(Algorithms.require("sequencer-total-order"), config);
        assertThat(status(run, "total-order")).isEqualTo(CheckResult.Status.HELD);
        assertThat(status(run, "causal-order")).isEqualTo(CheckResult.Status.HELD);
    }
}
