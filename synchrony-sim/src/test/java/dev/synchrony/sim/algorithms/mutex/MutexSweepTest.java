package dev.synchrony.sim.algorithms.mutex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.sweep.SeedSweep;
import dev.synchrony.sim.sweep.SweepReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seed sweeps of every mutual-exclusion algorithm on a faulty network (under the reliable link layer). */
class MutexSweepTest {

    static SimConfig faulty(String algorithm, int nodes) {
        return SimConfig.defaults(algorithm, nodes, 1)
                .withDuration(4_000_000_000L)
                .withNetwork(NetworkModel.reliable(1_000_000L, 10_000_000L).withFaults(0.1, 0.1, 0.1))
                .withParams(Map.of("rate", "4"));
    }

    static SweepReport sweep(String algorithm, int nodes, long seeds) {
        return new SeedSweep(Algorithms.require(algorithm), faulty(algorithm, nodes), false, 2)
                .run(1, seeds, (done, violating) -> {});
    }

    @ParameterizedTest
    @ValueSource(strings = {"central-mutex", "decentral-mutex", "ricart-agrawala", "token-ring"})
    void shortSweepWithLossDuplicationAndReorderingHasNoViolation(String algorithm) {
        SweepReport report = sweep(algorithm, 4, 100);
        assertThat(report.runs()).isEqualTo(100);
        assertThat(report.violationsByProperty()).containsKeys("safety", "liveness", "fencing");
        assertThat(report.violatingSeeds()).isEmpty();
    }

    @Tag("long")
    @ParameterizedTest
    @ValueSource(strings = {"central-mutex", "decentral-mutex", "ricart-agrawala", "token-ring"})
    void tenThousandSeedsHaveNoViolation(String algorithm) {
        SweepReport report = sweep(algorithm, 4, 10_000);
        assertThat(report.violatingSeeds()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"central-mutex", "decentral-mutex", "ricart-agrawala", "token-ring"})
    void finalNodesHaveValueSemantics(String algorithm) {
        RunResult run = Simulation.run(
                Algorithms.require(algorithm),
                SimConfig.defaults(algorithm, 4, 3).withParams(Map.of("rate", "20")));
        for (var node : run.finalNodes()) {
            var copy = node.copy();
            assertThat(copy).isNotSameAs(node).isEqualTo(node).hasSameHashCodeAs(node);
        }
        assertThat(run.finalNodes().stream().distinct().count()).isGreaterThan(1); // states differ between nodes
    }

    @Test
    void eachRunActuallyEntersManyTimesAndContends() {
        RunResult run = Simulation.run(
                Algorithms.require("ricart-agrawala"),
                faulty("ricart-agrawala", 4).withParams(Map.of("rate", "20", "hold", "30ms")));
        MutexStats stats = MutexStats.of(run);
        assertThat(stats.entries()).isGreaterThan(50);
        assertThat(stats.meanDelayTransits()).isGreaterThan(2.5); // contention: some wait for others
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
    }

    @Test
    void decentralizedViolatesSafetyWhenCoordinatorsForgetTheirVotes() {
        SimConfig config = SimConfig.defaults("decentral-mutex", 5, 1)
                .withParams(Map.of("rate", "10", "hold", "50ms", "reset-mean", "200ms"));
        RunResult run = Simulation.run(Algorithms.require("decentral-mutex"), config);
        MutexStats stats = MutexStats.of(run);
        assertThat(stats.coordinatorResets()).isPositive();
        assertThat(stats.overlaps()).isPositive();
        assertThat(run.checks())
                .filteredOn(c -> c.property().equals("safety"))
                .extracting(CheckResult::status)
                .containsExactly(CheckResult.Status.VIOLATED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"n1@2s..4s", "n3@2s"})
    void theRegeneratingRingStaysSafeThroughACrashOrARestartOnAFaultyNetwork(String crash) {
        SimConfig config = faulty("token-ring", 5)
                .withDuration(15_000_000_000L)
                .withCrashes(List.of(CrashSpec.parse(crash)))
                .withParams(Map.of("rate", "4", "regenerate", "true"));
        SweepReport report =
                new SeedSweep(Algorithms.require("token-ring"), config, false, 2).run(1, 40, (done, violating) -> {});
        assertThat(report.violationsByProperty()).containsEntry("safety", 0L).containsEntry("fencing", 0L);
        assertThat(report.violatingSeeds()).isEmpty();
        RunResult one = Simulation.run(Algorithms.require("token-ring"), config.withSeed(3));
        assertThat(one.trace()
                        .select(e -> e.timeNanos() > 8_000_000_000L
                                && e.payload() instanceof dev.synchrony.mutex.CriticalSection.Entered))
                .hasSizeGreaterThan(10);
    }

    @Test
    void withoutRegenerationACrashedHolderStopsTheRingAndWithItTheRingGoesOn() {
        CrashSpec crash = new CrashSpec(NodeId.of("n3"), 2_000_000_000L, CrashSpec.NEVER);
        SimConfig base = SimConfig.defaults("token-ring", 5, 1)
                .withCrashes(List.of(crash))
                .withParams(Map.of("rate", "5"));
        RunResult plain = Simulation.run(Algorithms.require("token-ring"), base);
        RunResult regenerating = Simulation.run(
                Algorithms.require("token-ring"),
                base.withParams(Map.of("rate", "5", "regenerate", "true", "regenerate-timeout", "500ms")));
        long plainLate = plain.trace()
                .select(e -> e.timeNanos() > 3_000_000_000L
                        && e.payload() instanceof dev.synchrony.mutex.CriticalSection.Entered)
                .size();
        long regeneratedLate = regenerating
                .trace()
                .select(e -> e.timeNanos() > 3_000_000_000L
                        && e.payload() instanceof dev.synchrony.mutex.CriticalSection.Entered)
                .size();
        assertThat(plainLate).isZero();
        assertThat(regeneratedLate).isGreaterThan(20);
        assertThat(regenerating.checks())
                .filteredOn(c -> c.property().equals("safety"))
                .extracting(CheckResult::status)
                .containsExactly(CheckResult.Status.HELD);
    }
}
