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
}
