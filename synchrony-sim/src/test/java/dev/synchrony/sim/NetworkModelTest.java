package dev.synchrony.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkModelTest {

    private static RunResult run(SimConfig config) {
        return Simulation.run(
                Algorithms.require("vector"), config.withParams(Map.of("rate", "50", "send-probability", "1")));
    }

    @Test
    void lossAndDuplicationHappenAtAboutTheirRates() {
        RunResult run = run(SimConfig.defaults("vector", 4, 3)
                .withNetwork(NetworkModel.reliable(1_000_000, 2_000_000).withFaults(0.2, 0.1, 0)));
        double sent = run.network().sent();
        assertThat(sent).isGreaterThan(1500);
        assertThat(run.network().lostToFaults() / sent).isBetween(0.15, 0.25);
        assertThat(run.network().duplicated() / sent).isBetween(0.06, 0.14);
        assertThat(run.network().sent() + run.network().duplicated())
                .isEqualTo(run.network().received()
                        + run.network().lost()
                        + run.network().inFlightAtEnd());
    }

    @Test
    void fifoLinksDeliverInSendOrderAndOthersReorder() {
        SimConfig base = SimConfig.defaults("vector", 3, 5);
        NetworkModel wide = NetworkModel.reliable(1_000_000, 50_000_000);
        assertThat(reorderings(run(base.withNetwork(wide)))).isPositive();
        NetworkModel fifo = new NetworkModel(
                1_000_000, 50_000_000, NetworkModel.LatencyDistribution.UNIFORM, 0, 0, 0.3, true, List.of());
        assertThat(reorderings(run(base.withNetwork(fifo)))).isZero();
    }

    /** How many receipts came before a receipt of an earlier-sent message on the same link. */
    private static long reorderings(RunResult run) {
        Map<Long, Long> lastOnLink = new HashMap<>();
        long count = 0;
        for (TraceEvent event : run.trace().events()) {
            if (event.kind() == EventKind.RECEIVE) {
                long link = event.peer() * 1000L + event.node();
                Long previous = lastOnLink.put(link, event.messageId());
                if (previous != null && previous > event.messageId()) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void partitionsCutTrafficOnlyWhileOpen() {
        RunResult run = run(
                SimConfig.defaults("vector", 4, 9).withPartitions(List.of(PartitionSpec.parse("n1,n2|n3,n4@2s..4s"))));
        assertThat(run.network().lostToPartitions()).isPositive();
        for (TraceEvent event : run.trace().events()) {
            boolean across = (event.node() < 2) != (event.peer() < 2);
            if (event.kind() == EventKind.RECEIVE && across) {
                assertThat(event.timeNanos() >= 2_000_000_000L && event.timeNanos() < 4_000_000_000L)
                        .as("receipt across the partition at %d", event.timeNanos())
                        .isFalse();
            }
        }
    }

    @Test
    void aCrashedProcessDoesNothingUntilItRecovers() {
        RunResult run = run(SimConfig.defaults("vector", 3, 11).withCrashes(List.of(CrashSpec.parse("n2@1s..3s"))));
        assertThat(run.trace().count(EventKind.CRASH)).isEqualTo(1);
        assertThat(run.trace().count(EventKind.RECOVER)).isEqualTo(1);
        assertThat(run.network().lostToCrashes()).isPositive();
        for (TraceEvent event : run.trace().events()) {
            if (event.node() == 1 && event.kind() != EventKind.CRASH && event.kind() != EventKind.LOSS) {
                assertThat(event.timeNanos() > 1_000_000_000L && event.timeNanos() < 3_000_000_000L)
                        .isFalse();
            }
        }
    }

    @Test
    void badFlagsAreNamed() {
        assertThatThrownBy(() -> CrashSpec.parse("n2")).hasMessageContaining("--crash n2");
        assertThatThrownBy(() -> CrashSpec.parse("n2@5s..1s")).hasMessageContaining("recovers before it crashes");
        assertThatThrownBy(() -> PartitionSpec.parse("n1,@x")).hasMessageContaining("--partition");
        assertThatThrownBy(() -> NetworkModel.reliable(5, 1)).hasMessageContaining("--latency");
        assertThatThrownBy(() -> NetworkModel.reliable(1, 5).withFaults(1.5, 0, 0))
                .hasMessageContaining("--loss");
        assertThatThrownBy(() -> SimConfig.defaults("vector", 3, 1).withCrashes(List.of(CrashSpec.parse("n9@1s"))))
                .hasMessageContaining("no process named n9");
    }
}
