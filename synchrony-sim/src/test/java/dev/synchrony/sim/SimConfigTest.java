package dev.synchrony.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.fault.PauseSpec;
import dev.synchrony.sim.fault.WriteCrashSpec;
import dev.synchrony.sim.script.Script;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The with... methods go through one copy of every option: each keeps what the others set. */
class SimConfigTest {

    private static final long S = 1_000_000_000L;

    @Test
    void defaultsAreTheUsualRun() {
        SimConfig config = SimConfig.defaults("lamport", 3, 7);
        assertThat(config)
                .isEqualTo(new SimConfig(
                        "lamport",
                        NodeId.range(3),
                        7,
                        10 * S,
                        NetworkModel.reliable(1_000_000L, 10_000_000L),
                        List.of(),
                        List.of(),
                        0,
                        0,
                        Map.of(),
                        SimConfig.TraceDetail.FULL,
                        null,
                        null,
                        List.of(),
                        List.of()));
    }

    @Test
    void everyWithMethodKeepsWhatTheOthersSet() throws Exception {
        SimConfig defaults = SimConfig.defaults("lease-lock", 4, 1);
        Script script = new Script(
                "inline",
                "lease-lock",
                1,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Map.of(),
                S,
                -1,
                List.of(),
                List.of());
        SimConfig changed = defaults.withNodes(NodeId.range(5))
                .withSeed(2)
                .withDuration(20 * S)
                .withNetwork(NetworkModel.reliable(2_000_000L, 20_000_000L))
                .withDrift(0.001, 5_000_000L)
                .withParams(Map.of("rate", "3"))
                .withTraceDetail(SimConfig.TraceDetail.COUNTS)
                .withScript(script, "inline.yaml")
                .withCrashes(List.of(CrashSpec.parse("n1@5s")))
                .withPauses(List.of(PauseSpec.parse("n2@1s..2s")))
                .withWriteCrashes(List.of(WriteCrashSpec.parse("n3@1:after")))
                .withPartitions(List.of(PartitionSpec.parse("n1,n2@3s..4s")));
        // An option a later with... call had dropped would be back at its default.
        for (RecordComponent option : SimConfig.class.getRecordComponents()) {
            if (!option.getName().equals("algorithm")) {
                Object set = option.getAccessor().invoke(changed);
                assertThat(set)
                        .as(option.getName())
                        .isNotEqualTo(option.getAccessor().invoke(defaults));
            }
        }
        assertThat(changed.withSeed(3).seed()).isEqualTo(3);
        assertThat(changed.withSeed(3))
                .usingRecursiveComparison()
                .ignoringFields("seed")
                .isEqualTo(changed);
    }

    @Test
    void eachChangeIsCheckedAgainstTheWholeConfig() {
        SimConfig twoProcesses = SimConfig.defaults("lamport", 2, 1);
        assertThatThrownBy(() -> twoProcesses.withCrashes(List.of(CrashSpec.parse("n3@1s"))))
                .hasMessageStartingWith("--crash n3@1s: no process named n3");
        assertThatThrownBy(() -> twoProcesses.withDuration(0)).hasMessage("--duration: must be positive");
    }
}
