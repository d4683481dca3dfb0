package dev.synchrony.sim.algorithms.multicast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.link.LinkProbe;
import dev.synchrony.link.LinkReset;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.sweep.SeedSweep;
import dev.synchrony.sim.sweep.SweepReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FifoLinkSimTest {

    private static final AlgorithmSpec SPEC = Algorithms.require("fifo-link");

    static SimConfig faulty(int nodes, long seed) {
        return SimConfig.defaults(SPEC.name(), nodes, seed)
                .withNetwork(NetworkModel.reliable(1_000_000L, 10_000_000L).withFaults(0.1, 0.1, 0.1));
    }

    @Test
    void deliversEverythingInOrderDespiteLossDuplicationAndReordering() {
        RunResult run = Simulation.run(SPEC, faulty(4, 7));
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        LinkOptions.Frames frames = LinkOptions.frames(run.trace());
        assertThat(frames.retransmissions()).isPositive();
        assertThat(run.network().duplicated()).isPositive();
        assertThat(run.trace().withPayload(LinkProbe.Received.class)).hasSizeGreaterThan(100);
    }

    @Test
    void withoutTheLinkTheSameNetworkBreaksFifoOrLosesMessages() {
        RunResult run = Simulation.run(SPEC, faulty(4, 7).withParams(Map.of("link", "raw")));
        assertThat(run.violated()).isTrue();
    }

    @Test
    void aShortSweepWithLossAndReorderingHasNoViolation() {
        SweepReport report = new SeedSweep(SPEC, faulty(3, 1).withDuration(3_000_000_000L), false, 2)
                .run(1, 200, (done, violating) -> {});
        assertThat(report.runs()).isEqualTo(200);
        assertThat(report.violatingSeeds()).isEmpty();
    }

    @Test
    void aCrashedPeerIsGivenUpOnAndARecoveredOneStartsAFreshStream() {
        SimConfig config = faulty(3, 3)
                .withDuration(40_000_000_000L)
                .withCrashes(List.of(new CrashSpec(NodeId.of("n2"), 1_000_000_000L, 20_000_000_000L)));
        RunResult run = Simulation.run(SPEC, config.withParams(Map.of("send-until", "0.9")));
        assertThat(run.checks())
                .filteredOn(c -> c.property().equals("fifo-exactly-once"))
                .extracting(CheckResult::status)
                .containsExactly(CheckResult.Status.HELD);
        List<LinkReset.Reason> resets = run.trace().withPayload(LinkReset.class).stream()
                .map(e -> ((LinkReset) e.payload()).reason())
                .toList();
        assertThat(resets).contains(LinkReset.Reason.GAVE_UP);
        // after n2 recovers, messages to it flow again
        long toN2AfterRecovery = run.trace().withPayload(LinkProbe.Received.class).stream()
                .filter(e -> e.node() == 1 && e.timeNanos() > 21_000_000_000L)
                .count();
        assertThat(toN2AfterRecovery).isPositive();
    }

    @Test
    void sameSeedSameTrace() {
        RunResult first = Simulation.run(SPEC, faulty(3, 11));
        RunResult second = Simulation.run(SPEC, faulty(3, 11));
        assertThat(first.trace().events().toString())
                .isEqualTo(second.trace().events().toString());
    }
}
