package dev.synchrony.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.logical.LamportStamp;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.script.Script;
import dev.synchrony.sim.script.ScriptLoader;
import dev.synchrony.sim.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lecture's Lamport figure (3/4), from examples/lamport-figure.yaml: (a) without and (b) with correction. */
class LamportFigureTest {

    static RunResult runFigure(boolean correction) {
        Path file = Path.of("..", "examples", "lamport-figure.yaml");
        Script script = ScriptLoader.load(file);
        SimConfig config = SimConfig.defaults("lamport", 3, 1)
                .withNodes(script.nodeIds())
                .withDuration(script.durationNanos())
                .withParams(Map.of("correction", Boolean.toString(correction)));
        config = config.withCrashes(script.crashes()).withScript(script, file.toString());
        return Simulation.run(Algorithms.require("lamport"), config);
    }

    static List<String> stamps(RunResult run, String process) {
        return run.trace().withPayload(LamportStamp.class).stream()
                .filter(e -> run.trace().node(e.node()).name().equals(process))
                .map(TraceEvent::payload)
                .map(p ->
                        ((LamportStamp) p).kind() + " " + ((LamportStamp) p).label() + "=" + ((LamportStamp) p).clock())
                .toList();
    }

    @Test
    void withCorrectionTheClocksAreTheFiguresPartB() {
        RunResult run = runFigure(true);
        assertThat(stamps(run, "P1")).containsExactly("send m1=6", "receive m4=70");
        assertThat(stamps(run, "P2")).containsExactly("receive m1=16", "send m2=24", "receive m3=61", "send m4=69");
        assertThat(stamps(run, "P3")).containsExactly("receive m2=40", "send m3=60");
        assertThat(run.violated()).isFalse();
    }

    @Test
    void withoutCorrectionMessagesArriveBeforeTheyWereSent() {
        RunResult run = runFigure(false);
        assertThat(stamps(run, "P2")).containsExactly("receive m1=16", "send m2=24", "receive m3=56", "send m4=64");
        assertThat(stamps(run, "P1")).containsExactly("send m1=6", "receive m4=54");
        assertThat(run.violated()).isTrue();
        assertThat(run.checks().get(0).detail()).contains("m3").contains("60 >= 56");
    }
}
