package dev.synchrony.sim.algorithms.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.BullyMessage;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.election.RingMessage;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.script.Script;
import dev.synchrony.sim.script.ScriptLoader;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lecture's two election figures, reproduced by the scripts in examples/ and checked from the trace. */
class ElectionFigureTest {

    static RunResult runScript(AlgorithmSpec spec, String file) {
        Path path = Path.of("..", "examples", file);
        Script script = ScriptLoader.load(path);
        SimConfig config = SimConfig.defaults(spec.name(), script.nodeIds(), 1)
                .withDuration(script.durationNanos())
                .withCrashes(script.crashes())
                .withScript(script, path.toString());
        return Simulation.run(spec, config);
    }

    /** "from>to" for each send of a message of {@code type}, in trace order. */
    static List<String> sends(Trace trace, Class<?> type) {
        return trace.events().stream()
                .filter(e -> e.kind() == EventKind.SEND && type.isInstance(e.payload()))
                .map(e -> trace.node(e.node()) + ">" + trace.node(e.peer()))
                .toList();
    }

    static List<String> leadersAdopted(Trace trace, long afterNanos) {
        return trace.events().stream()
                .filter(e -> e.kind() == EventKind.DELIVER
                        && e.timeNanos() > afterNanos
                        && e.payload() instanceof LeaderElected)
                .map(e -> trace.node(e.node()) + "=" + ((LeaderElected) e.payload()).leader())
                .toList();
    }

    @Test
    void bullyFigure() {
        RunResult run = runScript(Algorithms.require("bully"), "bully-figure.yaml");
        Trace trace = run.trace();
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        // Process 4 holds an election: ELECTION to 5, 6 and 7 (7 has crashed).
        // 5 and 6 respond, telling 4 to stop; 5 and 6 each hold an election; 6 tells 5 to stop.
        assertThat(sends(trace, BullyMessage.Election.class))
                .containsExactlyInAnyOrder("4>5", "4>6", "4>7", "5>6", "5>7", "6>7");
        assertThat(sends(trace, BullyMessage.TakeOver.class)).containsExactlyInAnyOrder("5>4", "6>4", "6>5");
        // Process 6 wins and tells everyone.
        assertThat(sends(trace, BullyMessage.Victory.class))
                .containsExactlyInAnyOrder("6>0", "6>1", "6>2", "6>3", "6>4", "6>5", "6>7");
        assertThat(leadersAdopted(trace, 0)).containsExactlyInAnyOrder("0=6", "1=6", "2=6", "3=6", "4=6", "5=6", "6=6");
        // 4's election precedes the answers, the answers precede 6's victory.
        long electionAt = firstSend(trace, BullyMessage.Election.class).timeNanos();
        long victoryAt = firstSend(trace, BullyMessage.Victory.class).timeNanos();
        assertThat(trace.node(firstSend(trace, BullyMessage.Election.class).node()))
                .isEqualTo(NodeId.of("4"));
        assertThat(victoryAt).isGreaterThan(electionAt);
    }

    @Test
    void ringFigure() {
        RunResult run = runScript(Algorithms.require("ring-election"), "ring-election-figure.yaml");
        Trace trace = run.trace();
        assertThat(run.checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        List<TraceEvent> elections = trace.events().stream()
                .filter(e -> e.kind() == EventKind.SEND && e.payload() instanceof RingMessage.Election)
                .toList();
        // Each of 2 and 5 sends an ELECTION that goes once round the live ring, 6 passing it straight to 0.
        assertThat(sends(trace, RingMessage.Election.class))
                .containsExactlyInAnyOrder(
                        "2>3", "3>4", "4>5", "5>6", "6>0", "0>1", "1>2", "5>6", "6>0", "0>1", "1>2", "2>3", "3>4",
                        "4>5");
        RingMessage.Election last2 = elections.stream()
                .map(e -> (RingMessage.Election) e.payload())
                .filter(e -> e.initiator().equals(NodeId.of("2")))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(last2.alive()).extracting(NodeId::name).containsExactly("2", "3", "4", "5", "6", "0", "1");
        // Both initiators then send a COORDINATOR message round, naming 6.
        List<RingMessage.Coordinator> results = trace.events().stream()
                .filter(e -> e.kind() == EventKind.SEND && e.payload() instanceof RingMessage.Coordinator)
                .map(e -> (RingMessage.Coordinator) e.payload())
                .toList();
        assertThat(results).hasSize(14).allSatisfy(c -> assertThat(c.leader()).isEqualTo(NodeId.of("6")));
        assertThat(results).extracting(c -> c.initiator().name()).containsOnly("2", "5");
        assertThat(sends(trace, RingMessage.Coordinator.class)).doesNotContain("6>7");
        assertThat(leadersAdopted(trace, 0)).containsExactlyInAnyOrder("0=6", "1=6", "2=6", "3=6", "4=6", "5=6", "6=6");
    }

    private static TraceEvent firstSend(Trace trace, Class<?> type) {
        return trace.events().stream()
                .filter(e -> e.kind() == EventKind.SEND && type.isInstance(e.payload()))
                .findFirst()
                .orElseThrow();
    }
}
