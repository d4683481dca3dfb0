package dev.synchrony.sim.algorithms.mutex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.mutex.CentralizedMutex;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.script.Script;
import dev.synchrony.sim.script.ScriptLoader;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lecture's mutual-exclusion figures, reproduced from the scripts in examples/. */
class MutexFigureTest {

    static RunResult runScript(String algorithm, String file) {
        Path path = Path.of("..", "examples", file);
        Script script = ScriptLoader.load(path);
        AlgorithmSpec spec = Algorithms.require(algorithm);
        SimConfig config = SimConfig.defaults(algorithm, script.nodeIds(), 1)
                .withDuration(script.durationNanos())
                .withCrashes(script.crashes())
                .withScript(script, path.toString());
        RunResult run = Simulation.run(spec, config);
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        return run;
    }

    static List<String> entryOrder(RunResult run) {
        return run.trace().withPayload(CriticalSection.Entered.class).stream()
                .map(e -> run.trace().node(e.node()).name())
                .toList();
    }

    static List<Long> entryTimesSeconds(RunResult run) {
        return run.trace().withPayload(CriticalSection.Entered.class).stream()
                .map(e -> e.timeNanos() / 1_000_000_000L)
                .toList();
    }

    @Test
    void centralizedFigure7ProcessTwoIsQueuedAndGrantedWhenOneReleases() {
        RunResult run = runScript("central-mutex", "central-mutex-figure.yaml");
        assertThat(entryOrder(run)).containsExactly("P1", "P2");
        // (a) P1 asks at 1 and is granted at 3 (2 transit times); (b) P2 asks at 4 and gets no reply;
        // (c) P1 releases at 7, the release reaches C at 8, and C's grant reaches P2 at 9.
        assertThat(entryTimesSeconds(run)).containsExactly(3L, 9L);
        List<TraceEvent> fromCoordinator = run.trace()
                .select(e -> e.kind() == EventKind.SEND
                        && run.trace().node(e.node()).name().equals("C"));
        assertThat(fromCoordinator)
                .extracting(e -> e.timeNanos() / 1_000_000_000L)
                .containsExactly(2L, 8L);
        assertThat(fromCoordinator)
                .extracting(TraceEvent::payload)
                .containsExactly(new CentralizedMutex.Message.Grant(1, 1), new CentralizedMutex.Message.Grant(2, 2));
        assertThat(run.network().sent()).isEqualTo(6); // 3 messages per entry and exit
    }

    @Test
    void ricartAgrawalaFigure8ProcessZeroWinsWithTheLowerTimestamp() {
        RunResult run = runScript("ricart-agrawala", "ricart-agrawala-figure.yaml");
        assertThat(entryOrder(run)).containsExactly("0", "2");
        List<Long> timestamps = run.trace().withPayload(CriticalSection.Entered.class).stream()
                .map(e -> ((CriticalSection.Entered) e.payload()).requestTimestamp())
                .toList();
        assertThat(timestamps).containsExactly(8L, 12L);
        // 0 enters once 1 and 2 have both answered (asked at 1, OKs back at 3); 2 enters when 0's OK of its
        // exit at 5 arrives, at 6.
        assertThat(entryTimesSeconds(run)).containsExactly(3L, 6L);
        assertThat(run.network().sent()).isEqualTo(8); // 2(n-1) = 4 per entry and exit
    }

    @Test
    void tokenRingFigure9EntriesFollowTheRingNotTheOrderOfAsking() {
        RunResult run = runScript("token-ring", "token-ring-figure.yaml");
        assertThat(entryOrder(run)).containsExactly("2", "5", "6");
        List<Long> tokens = run.trace().withPayload(CriticalSection.Entered.class).stream()
                .map(e -> ((CriticalSection.Entered) e.payload()).fencingToken())
                .toList();
        assertThat(tokens).containsExactly(1L, 2L, 3L);
    }
}
