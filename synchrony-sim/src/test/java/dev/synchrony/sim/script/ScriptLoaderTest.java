package dev.synchrony.sim.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScriptLoaderTest {

    @Test
    void readsTimesInTheScriptsUnit() {
        Script script = ScriptLoader.parse("""
                timeUnit: 1s
                processes: [{name: A, rate: 2}, {name: B, offset: 250ms}]
                events: [{at: 1.5, node: A, do: send, to: B, label: x}]
                deliveries: [{from: A, to: B, sent: 1.5, arrive: 3}]
                """, "t.yaml");
        assertThat(script.processes().get(0).rate()).isEqualTo(2.0);
        assertThat(script.processes().get(1).offsetNanos()).isEqualTo(250_000_000L);
        assertThat(script.events().get(0).atNanos()).isEqualTo(1_500_000_000L);
        assertThat(script.events().get(0).command()).containsEntry("to", "B").containsEntry("do", "send");
        assertThat(script.deliveries().get(0).arriveAtNanos()).isEqualTo(3_000_000_000L);
        assertThat(script.durationNanos()).isEqualTo(5_000_000_000L);
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> ScriptLoader.parse("processes: [{name: A}]\nevents: [{at: 1, node: Z}]", "s.yaml"))
                .hasMessage("script s.yaml: events[at 1].node: no process named Z (processes: A)");
        assertThatThrownBy(() -> ScriptLoader.parse("processes: [{name: A}]\nevnts: []", "s.yaml"))
                .hasMessageStartingWith("script s.yaml: evnts: unknown field");
        assertThatThrownBy(() -> ScriptLoader.parse("processes: [{name: A, rate: -1}]", "s.yaml"))
                .hasMessage("script s.yaml: processes[A].rate: must be positive");
        // A syntax error is FILE:LINE: and the parser's reason, on one line.
        assertThatThrownBy(() -> ScriptLoader.parse("processes: [{name: A}\n", "s.yaml"))
                .hasMessageStartingWith("s.yaml:2: not valid YAML: ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ScriptLoader.parse("processes: [P1, P2\nevents:\n  - {at: 1s\n", "s.yaml"))
                .hasMessageMatching("s\\.yaml:[23]: not valid YAML: [^\n]*expected[^\n]*");
        assertThatThrownBy(() -> ScriptLoader.parse("events: []", "s.yaml"))
                .hasMessage("script s.yaml: processes: missing");
    }

    @Test
    void readsPausesAndRefusesBadOnesInOneLine() {
        Script script = ScriptLoader.parse("""
                timeUnit: 1s
                processes: [{name: A}, {name: B}]
                pauses: [{node: B, at: 2, resume: 4}, {node: B, at: 5, resume: 5.5}, {node: A, at: 3, resume: 6}]
                """, "p.yaml");
        assertThat(script.pauses())
                .extracting(dev.synchrony.sim.fault.PauseSpec::format)
                .containsExactly("B@2s..4s", "B@5s..5500ms", "A@3s..6s");
        // The run lasts past the last resume, as it does past the last crash.
        assertThat(script.durationNanos()).isEqualTo(8_000_000_000L);
        String head = "processes: [{name: A}, {name: B}]\nduration: 10\n";
        assertThatThrownBy(() -> ScriptLoader.parse(head + "pauses: [{node: B, at: 2}]", "p.yaml"))
                .hasMessageStartingWith("script p.yaml: pauses[B].resume: missing in ");
        assertThatThrownBy(() -> ScriptLoader.parse(head + "pauses: [{node: B, at: 4, resume: 4}]", "p.yaml"))
                .hasMessage("script p.yaml: pauses[B]: resumes before it pauses");
        assertThatThrownBy(() -> ScriptLoader.parse(head + "pauses: [{node: C, at: 1, resume: 2}]", "p.yaml"))
                .hasMessage("script p.yaml: pauses[].node: no process named C (processes: A,B)");
        assertThatThrownBy(() -> ScriptLoader.parse(
                        head + "pauses: [{node: B, at: 1, resume: 3}, {node: B, at: 2, resume: 4}]", "p.yaml"))
                .hasMessage("script p.yaml: pauses[B]: overlaps the pause B@1ms..3ms");
        assertThatThrownBy(() -> ScriptLoader.parse(head + "pauses: [{node: B, at: 11, resume: 12}]", "p.yaml"))
                .hasMessage("script p.yaml: pauses[B]: pauses after the end of the run (duration)");
        assertThatThrownBy(() -> ScriptLoader.parse(head + "pauses: [{node: B, at: -1, resume: 2}]", "p.yaml"))
                .hasMessage("script p.yaml: pauses[B].at: must not be negative");
    }
}
