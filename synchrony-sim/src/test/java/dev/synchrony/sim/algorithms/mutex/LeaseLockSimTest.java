package dev.synchrony.sim.algorithms.mutex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.sweep.SeedSweep;
import dev.synchrony.sim.sweep.SweepReport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code lease-lock} in the simulator, beside {@code failover-mutex} under the same faults: the partition of issue 16
 * that splits failover-mutex's brain, and crashes with recovery on the simulated disk.
 */
class LeaseLockSimTest {

    static final long S = 1_000_000_000L;

    /** Issue 16's sweep: three processes, n3 cut off from 2 s to 5 s, 8 s in all. */
    static SimConfig partitioned(String algorithm) {
        return SimConfig.defaults(algorithm, 3, 1)
                .withDuration(8 * S)
                .withPartitions(List.of(new PartitionSpec(List.of(Set.of(NodeId.of("n3"))), 2 * S, 5 * S)));
    }

    @Test
    void thePartitionThatSplitsFailoverMutexLeavesLeaseLockSafe() {
        SweepReport failover = new SeedSweep(
                        Algorithms.require("failover-mutex"), partitioned("failover-mutex"), false, 1)
                .run(1, 20, (done, violating) -> {});
        SweepReport lease = new SeedSweep(Algorithms.require("lease-lock"), partitioned("lease-lock"), false, 1)
                .run(1, 20, (done, violating) -> {});
        // A partition is outside failover-mutex's fault model: its violations are counted as expected, apart.
        assertThat(failover.expectedViolations())
                .as("the contrast: failover-mutex splits")
                .hasSizeGreaterThan(10);
        assertThat(failover.violatingRuns()).isZero();
        assertThat(lease.runs()).isEqualTo(20);
        assertThat(lease.violatingSeeds()).as(lease.table()).isEmpty();
    }

    @Test
    void crashesWithRecoveryOnALossyNetworkKeepTokensIncreasingAcrossLeaders() {
        SimConfig base = SimConfig.defaults("lease-lock", 5, 1)
                .withDuration(20 * S)
                .withNetwork(NetworkModel.reliable(1_000_000L, 10_000_000L).withFaults(0.1, 0.1, 0.1))
                .withDrift(1e-4, 0)
                .withCrashes(List.of(
                        new CrashSpec(NodeId.of("n5"), 4 * S, 6 * S),
                        new CrashSpec(NodeId.of("n1"), 9 * S, 10 * S),
                        new CrashSpec(NodeId.of("n2"), 12 * S, 13 * S)))
                .withPartitions(
                        List.of(new PartitionSpec(List.of(Set.of(NodeId.of("n3"), NodeId.of("n4"))), 14 * S, 16 * S)));
        SweepReport report =
                new SeedSweep(Algorithms.require("lease-lock"), base, false, 1).run(1, 40, (done, violating) -> {});
        assertThat(report.violatingSeeds()).as(report.table()).isEmpty();
        // One run looked at closely: the lock served before and after the faults, under more than one leader.
        RunResult run = Simulation.run(Algorithms.require("lease-lock"), base.withSeed(3));
        assertThat(run.checks())
                .filteredOn(c -> !c.property().equals("liveness"))
                .extracting(CheckResult::status)
                .containsOnly(CheckResult.Status.HELD);
        List<Long> terms = run.trace().withPayload(CriticalSection.Entered.class).stream()
                .map(e -> ((CriticalSection.Entered) e.payload()).fencingToken() >>> 32)
                .distinct()
                .toList();
        assertThat(terms)
                .as("terms of the grants, in order")
                .hasSizeGreaterThanOrEqualTo(2)
                .isSorted();
    }

    @Test
    void aDefaultRunServesEveryRequest() {
        RunResult run = Simulation.run(
                Algorithms.require("lease-lock"),
                SimConfig.defaults("lease-lock", 5, 7).withDuration(20 * S).withParams(Map.of("rate", "2")));
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        assertThat(run.trace().withPayload(CriticalSection.Entered.class)).hasSizeGreaterThan(50);
    }
}
