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
import dev.synchrony.sim.fault.PauseSpec;
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

    /**
     * A clean network, and a runtime that hosts every process stalling now and then (a garbage-collection pause of
     * one JVM, as the benchmarks run their members): each stall stops every process while frames and their
     * acknowledgements are in flight, and each process then works through what piled up, the retransmission timer
     * that came due meanwhile among it. Nothing was lost, so nothing may be sent again: the timer is handled late,
     * and the link waits once more instead of resending what the peers are answering at that moment.
     */
    @Test
    void aStallOfTheWholeRuntimeOnACleanNetworkCausesNoSpuriousRetransmission() {
        long ms = 1_000_000L;
        List<PauseSpec> stalls = new java.util.ArrayList<>();
        for (long at = 500 * ms; at < 2_500 * ms; at += 400 * ms) {
            for (String node : List.of("n1", "n2", "n3")) {
                stalls.add(new PauseSpec(NodeId.of(node), at, at + 20 * ms));
            }
        }
        SimConfig config = SimConfig.defaults(SPEC.name(), 3, 5)
                .withNetwork(NetworkModel.reliable(ms, ms))
                .withDuration(3_000 * ms)
                .withPauses(stalls)
                .withParams(Map.of("rate", "500", "send-until", "0.9"));
        RunResult run = Simulation.run(SPEC, config);
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        LinkOptions.Frames frames = LinkOptions.frames(run.trace());
        assertThat(frames.data()).isGreaterThan(2_000);
        assertThat(frames.spurious()).isZero();
        assertThat(frames.retransmissions()).isZero();
    }

    @Test
    void sameSeedSameTrace() {
        RunResult first = Simulation.run(SPEC, faulty(3, 11));
        RunResult second = Simulation.run(SPEC, faulty(3, 11));
        assertThat(first.trace().events().toString())
                .isEqualTo(second.trace().events().toString());
    }
}
