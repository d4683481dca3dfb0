package dev.synchrony.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A paused process executes nothing, piles up its inputs, and handles them in order when it resumes. */
class PauseTest {

    private static final long S = 1_000_000_000L;

    private static SimConfig lamport(List<PauseSpec> pauses) {
        return SimConfig.defaults("lamport", 3, 7).withDuration(6 * S).withPauses(pauses);
    }

    private static List<TraceEvent> of(RunResult run, int node) {
        return run.trace().select(e -> e.node() == node && e.kind().isProcessEvent());
    }

    @Test
    void aPausedProcessDoesNothingThenHandlesWhatPiledUpInArrivalOrderWithItsClockRunOn() {
        RunResult run = Simulation.run(Algorithms.require("lamport"), lamport(List.of(PauseSpec.parse("n2@2s..4s"))));
        List<TraceEvent> n2 = of(run, 1);
        TraceEvent pause =
                n2.stream().filter(e -> e.kind() == EventKind.PAUSE).findFirst().orElseThrow();
        TraceEvent resume = n2.stream()
                .filter(e -> e.kind() == EventKind.RESUME)
                .findFirst()
                .orElseThrow();
        assertThat(pause.timeNanos()).isEqualTo(2 * S);
        assertThat(resume.timeNanos()).isEqualTo(4 * S);
        // Nothing between the two: no receipt, no timer, no send.
        assertThat(n2)
                .filteredOn(e -> e.id() > pause.id() && e.id() < resume.id())
                .isEmpty();
        // The others kept sending to it: their messages were handled at the resume, in the order they arrived.
        List<TraceEvent> piled = n2.stream()
                .filter(e -> e.kind() == EventKind.RECEIVE && e.timeNanos() == 4 * S)
                .toList();
        assertThat(piled).hasSizeGreaterThan(3);
        List<Long> sentAt = piled.stream()
                .map(e -> run.trace()
                        .select(s -> s.kind() == EventKind.SEND && s.messageId() == e.messageId())
                        .get(0)
                        .timeNanos())
                .toList();
        assertThat(sentAt).isSorted().allSatisfy(t -> assertThat(t).isBetween(2 * S - 20_000_000L, 4 * S));
        long handledAtResume = n2.stream()
                .filter(e -> e.timeNanos() == 4 * S
                        && e.id() > resume.id()
                        && (e.kind() == EventKind.RECEIVE
                                || e.kind() == EventKind.TIMER
                                || e.kind() == EventKind.COMMAND))
                .count();
        assertThat(resume.payload()).hasToString(handledAtResume + " inputs piled up");
        // A pause does not stop time: the clock read at the resume is two seconds after the one at the pause.
        assertThat(resume.clockNanos() - pause.clockNanos()).isEqualTo(2 * S);
        assertThat(run.network().lostToCrashes()).isZero();
    }

    @Test
    void aCrashDuringAPauseLosesWhatPiledUpAndEndsThePause() {
        SimConfig config =
                lamport(List.of(PauseSpec.parse("n2@2s..4s"))).withCrashes(List.of(CrashSpec.parse("n2@3s..5s")));
        RunResult run = Simulation.run(Algorithms.require("lamport"), config);
        assertThat(run.trace().count(EventKind.PAUSE)).isEqualTo(1);
        assertThat(run.trace().count(EventKind.RESUME)).isZero();
        List<TraceEvent> lost = run.trace()
                .select(e -> e.kind() == EventKind.LOSS
                        && e.timeNanos() == 3 * S
                        && e.payload().toString().startsWith("lost (receiver crashed while paused)"));
        assertThat(lost).isNotEmpty();
        assertThat(of(run, 1))
                .filteredOn(e -> e.kind() == EventKind.RECOVER)
                .singleElement()
                .extracting(TraceEvent::timeNanos)
                .isEqualTo(5 * S);
    }

    @Test
    void theSameConfigGivesTheSameTraceAndTheReplayCommandNamesThePause() {
        SimConfig config = lamport(List.of(PauseSpec.parse("n1@1s..1500ms"), PauseSpec.parse("n1@2s..3s")));
        RunResult a = Simulation.run(Algorithms.require("lamport"), config);
        RunResult b = Simulation.run(Algorithms.require("lamport"), config);
        assertThat(a.trace().events()).isEqualTo(b.trace().events());
        assertThat(a.trace().count(EventKind.PAUSE)).isEqualTo(2);
        assertThat(config.replayArguments()).containsSubsequence("--pause", "n1@1s..1500ms", "--pause", "n1@2s..3s");
    }

    @Test
    void badPausesAreRefusedWithOneLine() {
        assertThatThrownBy(() -> lamport(List.of(PauseSpec.parse("n7@1s..2s"))))
                .hasMessage("--pause n7@1s..2s: no process named n7 (processes: n1,n2,n3)");
        assertThatThrownBy(() -> lamport(List.of(PauseSpec.parse("n1@7s..8s"))))
                .hasMessage("--pause n1@7s..8s: after the end of the run (--duration 6s)");
        assertThatThrownBy(() -> lamport(List.of(PauseSpec.parse("n1@1s..3s"), PauseSpec.parse("n1@2s..4s"))))
                .hasMessage("--pause n1@2s..4s: overlaps --pause n1@1s..3s");
        assertThatThrownBy(() -> PauseSpec.parse("n1@3s..2s")).hasMessage("--pause n1: it resumes before it pauses");
        assertThatThrownBy(() -> PauseSpec.parse("n1@3s")).hasMessageStartingWith("--pause n1: give the resume time");
        assertThatThrownBy(() -> PauseSpec.parse("3s..4s"))
                .hasMessageStartingWith("--pause 3s..4s: write NODE@FROM..UNTIL");
        // Pauses of different processes may overlap.
        assertThat(lamport(List.of(PauseSpec.parse("n1@1s..3s"), PauseSpec.parse("n2@2s..4s")))
                        .pauses())
                .hasSize(2);
        assertThat(PauseSpec.parse("n2@2s..4s")).isEqualTo(new PauseSpec(NodeId.of("n2"), 2 * S, 4 * S));
    }

    @Test
    void anAlgorithmsFaultModelDecidesWhetherAViolationIsExpected() {
        SimConfig config = SimConfig.defaults("failover-mutex", 3, 1).withParams(Map.of("rate", "4"));
        assertThat(Simulation.setupFor(
                                Algorithms.require("failover-mutex"),
                                config.withPauses(List.of(PauseSpec.parse("n3@2s..4s"))))
                        .faultModelLabel())
                .isEqualTo("expected: outside its fault model (pause)");
        assertThat(Simulation.setupFor(
                                Algorithms.require("failover-mutex"),
                                config.withCrashes(List.of(CrashSpec.parse("n3@2s"))))
                        .faultsOutsideModel())
                .isEmpty();
        assertThat(Simulation.setupFor(
                                Algorithms.require("lease-lock"),
                                SimConfig.defaults("lease-lock", 5, 1)
                                        .withPauses(List.of(PauseSpec.parse("n3@2s..4s")))
                                        .withPartitions(List.of(PartitionSpec.parse("n1,n2@1s..3s"))))
                        .faultsOutsideModel())
                .isEmpty();
        SimConfig ring = SimConfig.defaults("token-ring", 4, 1).withPauses(List.of(PauseSpec.parse("n3@2s..4s")));
        assertThat(Simulation.setupFor(Algorithms.require("token-ring"), ring.withParams(Map.of("regenerate", "true")))
                        .faultModelLabel())
                .isEqualTo("expected: outside its fault model (pause)");
    }

    @Test
    void aScriptPausesAProcessAsThePauseFlagDoesAndTheReplayLeavesItToTheScript() {
        java.nio.file.Path path = java.nio.file.Path.of("..", "examples", "lease-lock-pause.yaml");
        dev.synchrony.sim.script.Script script = dev.synchrony.sim.script.ScriptLoader.load(path);
        SimConfig config = SimConfig.defaults("lease-lock", script.nodeIds(), 1)
                .withDuration(script.durationNanos())
                .withCrashes(script.crashes())
                .withScript(script, path.toString())
                .withPauses(script.pauses());
        RunResult run = Simulation.run(Algorithms.require("lease-lock"), config);
        List<TraceEvent> n2 = of(run, 1);
        assertThat(n2.stream().filter(e -> e.kind() == EventKind.PAUSE).map(TraceEvent::timeNanos))
                .containsExactly(7 * S);
        assertThat(n2.stream().filter(e -> e.kind() == EventKind.RESUME).map(TraceEvent::timeNanos))
                .containsExactly(10 * S);
        // The paused leader's first act on resuming is to step down; meanwhile n3 led term 2 and granted.
        TraceEvent firstAct = n2.stream()
                .filter(e -> e.timeNanos() == 10 * S && e.kind() == EventKind.DELIVER)
                .findFirst()
                .orElseThrow();
        assertThat(firstAct.payload()).isInstanceOf(dev.synchrony.election.LeadershipLost.class);
        assertThat(run.checks())
                .allSatisfy(c ->
                        assertThat(c.status()).as(c.property()).isEqualTo(dev.synchrony.sim.CheckResult.Status.HELD));
        assertThat(config.replayArguments()).doesNotContain("--pause");
    }
}
