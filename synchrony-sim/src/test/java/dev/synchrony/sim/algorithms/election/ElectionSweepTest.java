package dev.synchrony.sim.algorithms.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed sweeps of both election algorithms: each seed draws its own crashes and recoveries (up to three, in the
 * first five seconds), latency and message loss (up to 5%); every run must satisfy agreement, validity,
 * termination and terms, and every final node must copy to an equal node with the same hash.
 */
class ElectionSweepTest {

    static SimConfig configFor(String algorithm, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        int nodes = 3 + random.nextInt(5);
        List<NodeId> members = NodeId.range(nodes);
        List<CrashSpec> crashes = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            NodeId node = members.get(random.nextInt(nodes));
            long at = 200_000_000L + random.nextLong(4_800_000_000L);
            long recover =
                    random.nextDouble() < 0.6 ? at + 100_000_000L + random.nextLong(2_000_000_000L) : CrashSpec.NEVER;
            crashes.add(new CrashSpec(node, at, recover));
        }
        long[][] latencies = {{1_000_000, 10_000_000}, {100_000, 1_000_000}, {1_000_000, 20_000_000}};
        long[] latency = latencies[random.nextInt(latencies.length)];
        double[] losses = {0, 0.01, 0.05};
        NetworkModel network = NetworkModel.reliable(latency[0], latency[1])
                .withFaults(losses[random.nextInt(losses.length)], random.nextDouble() < 0.2 ? 0.02 : 0, 0);
        return SimConfig.defaults(algorithm, nodes, seed)
                .withNetwork(network)
                .withCrashes(crashes)
                .withDuration(10_000_000_000L);
    }

    /** Runs the seeds and returns the replay command of every run with a violation (empty when none). */
    static List<String> sweep(AlgorithmSpec spec, long first, long last, Map<String, Integer> heldByProperty) {
        List<String> violating = new ArrayList<>();
        for (long seed = first; seed <= last; seed++) {
            SimConfig config = configFor(spec.name(), seed);
            RunResult run = Simulation.run(spec, config);
            for (var node : run.finalNodes()) {
                if (node != null && (!node.copy().equals(node) || node.copy().hashCode() != node.hashCode())) {
                    violating.add("value semantics: copy() of " + node + " differs | " + config.replayCommand());
                }
            }
            for (CheckResult check : run.checks()) {
                if (check.violated()) {
                    violating.add(check.property() + ": " + check.detail() + " | " + config.replayCommand());
                } else if (check.status() == CheckResult.Status.HELD) {
                    heldByProperty.merge(check.property(), 1, Integer::sum);
                }
            }
        }
        return violating;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bully", "ring-election"})
    void shortSweepWithCrashesRecoveriesAndLoss(String algorithm) {
        AlgorithmSpec spec =
                algorithm.equals("bully") ? Algorithms.require("bully") : Algorithms.require("ring-election");
        Map<String, Integer> held = new LinkedHashMap<>();
        assertThat(sweep(spec, 1, 150, held)).isEmpty();
        // The checks must have had something to check, not been skipped.
        assertThat(held.get("agreement")).isGreaterThan(140);
        assertThat(held.get("validity")).isGreaterThan(140);
        assertThat(held.get("termination")).isEqualTo(150);
        assertThat(held.get("terms")).isEqualTo(150);
    }

    /**
     * Heavy loss: each hop of the ring is retransmitted until acknowledged, so the ring elects and agrees under
     * 20% loss with crashes and recoveries.
     */
    @Test
    void ringAgreesUnderTwentyPercentLossWithCrashes() {
        Map<String, Integer> held = new LinkedHashMap<>();
        assertThat(ringUnderLoss(1, 300, 0.2, held)).isEmpty();
        assertThat(held.get("agreement")).isGreaterThan(280);
        assertThat(held.get("validity")).isGreaterThan(280);
        assertThat(held.get("terms")).isEqualTo(300);
    }

    @Tag("long")
    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.3})
    void ringUnderHeavyLossFiveThousandSeeds(double loss) {
        Map<String, Integer> held = new LinkedHashMap<>();
        List<String> violating = ringUnderLoss(1, 5_000, loss, held);
        System.out.println("ring-election, loss " + loss + ", 5,000 seeds: held " + held + ", violations "
                + violating.size() + (violating.isEmpty() ? "" : ", first: " + violating.get(0)));
        assertThat(violating).isEmpty();
    }

    /** The default sweep's crashes, recoveries and latencies, with every message lost with probability {@code loss}. */
    private static List<String> ringUnderLoss(long first, long last, double loss, Map<String, Integer> held) {
        List<String> violating = new ArrayList<>();
        for (long seed = first; seed <= last; seed++) {
            SimConfig config = configFor("ring-election", seed);
            config = config.withNetwork(config.network().withFaults(loss, 0, 0));
            RunResult run = Simulation.run(Algorithms.require("ring-election"), config);
            for (CheckResult check : run.checks()) {
                if (check.violated()) {
                    violating.add(check.property() + ": " + check.detail() + " | " + config.replayCommand());
                } else if (check.status() == CheckResult.Status.HELD) {
                    held.merge(check.property(), 1, Integer::sum);
                }
            }
        }
        return violating;
    }

    @Tag("long")
    @ParameterizedTest
    @ValueSource(strings = {"bully", "ring-election"})
    void tenThousandSeeds(String algorithm) {
        AlgorithmSpec spec =
                algorithm.equals("bully") ? Algorithms.require("bully") : Algorithms.require("ring-election");
        Map<String, Integer> held = new LinkedHashMap<>();
        List<String> violating = sweep(spec, 1, 10_000, held);
        System.out.println(algorithm + " 10,000 seeds: held " + held + ", violations " + violating.size());
        assertThat(violating).isEmpty();
    }
}
