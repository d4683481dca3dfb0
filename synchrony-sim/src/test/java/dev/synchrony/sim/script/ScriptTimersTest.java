package dev.synchrony.sim.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The {@code timers:} section that explorer counterexamples use to fix when each timer fires. */
class ScriptTimersTest {

    @Test
    void readsFiringTimesAndNever() {
        Script script = ScriptLoader.parse("""
                timeUnit: 1ms
                processes: [{name: n1}, {name: n2}]
                timers:
                  - {node: n1, set: 0, fire: 7}
                  - {node: n2, set: 2, fire: never}
                """, "t.yaml");
        assertThat(script.timers())
                .containsExactly(
                        new Script.ScriptTimer(dev.synchrony.core.NodeId.of("n1"), 0, 7_000_000L),
                        new Script.ScriptTimer(
                                dev.synchrony.core.NodeId.of("n2"), 2_000_000L, Script.ScriptTimer.NEVER));
        assertThat(script.durationNanos()).isEqualTo(9_000_000L);
    }

    @Test
    void aTimerCannotFireBeforeItIsSet() {
        assertThatThrownBy(() -> ScriptLoader.parse("""
                processes: [{name: n1}]
                timers: [{node: n1, set: 5, fire: 2}]
                """, "t.yaml"))
                .hasMessage("script t.yaml: timers[n1]: fires before it is set");
        assertThatThrownBy(() -> ScriptLoader.parse("""
                processes: [{name: n1}]
                timers: [{node: n1, set: 5}]
                """, "t.yaml")).hasMessageContaining("timers[].fire: missing");
    }

    @Test
    void scriptsWithoutTimersHaveNone() {
        Script script = ScriptLoader.parse("processes: [{name: A}]", "t.yaml");
        assertThat(script.timers()).isEmpty();
    }
}
