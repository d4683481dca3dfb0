package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.cluster.ClusterRun;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, point 2: a cluster whose members fail is not a pass. */
class ClusterVerdictTest {

    @TempDir
    Path tmp;

    private ClusterRun.Outcome outcome(Map<NodeId, Integer> exits) {
        var spec = Algorithms.require("lamport");
        RunResult run = Simulation.run(spec, SimConfig.defaults("lamport", 2, 1).withDuration(1_000_000_000L));
        return new ClusterRun.Outcome(run, spec, exits, tmp, 1);
    }

    @Test
    void aMemberThatFailedIsReportedWithItsOwnLastMessage() throws Exception {
        Files.writeString(tmp.resolve("n2.log"), "linking...\nsynchrony node: --id: n2 cannot bind 127.0.0.1:7000\n\n");
        Map<NodeId, Integer> exits = new LinkedHashMap<>();
        exits.put(NodeId.of("n1"), 0);
        exits.put(NodeId.of("n2"), 1);
        ClusterRun.Outcome outcome = outcome(exits);
        var failures = ClusterVerdict.failures(outcome, Set.of());
        assertThat(failures)
                .singleElement()
                .satisfies(f -> assertThat(f.line())
                        .isEqualTo(
                                "member n2 exited with code 1: synchrony node: --id: n2 cannot bind 127.0.0.1:7000 (log: "
                                        + tmp.resolve("n2.log") + ")"));
        assertThat(ClusterVerdict.exitCode(outcome, failures)).isEqualTo(ExitCodes.VIOLATION);
    }

    @Test
    void aMemberRefusingItsConfigurationIsUsageAndAKilledMemberIsNoFailure() {
        Map<NodeId, Integer> exits = new LinkedHashMap<>();
        exits.put(NodeId.of("n1"), 2);
        exits.put(NodeId.of("n2"), 137);
        ClusterRun.Outcome outcome = outcome(exits);
        var failures = ClusterVerdict.failures(outcome, Set.of(NodeId.of("n2")));
        assertThat(failures).extracting(ClusterVerdict.MemberFailure::member).containsExactly(NodeId.of("n1"));
        assertThat(ClusterVerdict.exitCode(outcome, failures)).isEqualTo(ExitCodes.USAGE);
        assertThat(ClusterVerdict.exitCode(
                        outcome, ClusterVerdict.failures(outcome(Map.of(NodeId.of("n1"), 0)), Set.of())))
                .isEqualTo(ExitCodes.OK);
    }

    @Test
    void aRunWithNoEventIsNotAPassEvenWhenNoMemberFailed() {
        ClusterRun.Outcome busy = outcome(Map.of(NodeId.of("n1"), 0, NodeId.of("n2"), 0));
        RunResult run = busy.run();
        RunResult empty = new RunResult(
                run.config(),
                run.setup(),
                new dev.synchrony.sim.trace.Trace(run.config().nodes(), true),
                java.util.List.of(),
                run.network(),
                run.endNanos(),
                run.wallNanos(),
                run.checks());
        ClusterRun.Outcome nothing = new ClusterRun.Outcome(empty, busy.spec(), busy.exitCodes(), tmp, 1);
        assertThat(ClusterVerdict.exitCode(busy, java.util.List.of())).isEqualTo(ExitCodes.OK);
        assertThat(ClusterVerdict.exitCode(nothing, java.util.List.of())).isEqualTo(ExitCodes.VIOLATION);
    }

    @Test
    void anOptionTheMembersWouldRefuseIsRefusedBeforeAnyMemberStarts() {
        CliTest.Outcome outcome = CliTest.run("cluster", "--nodes", "3", "--algorithm", "two-generals");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(outcome.err().strip())
                .contains("two-generals")
                .contains("2 processes")
                .doesNotContain("\n");
        assertThat(outcome.out()).doesNotContain("member processes");
    }
}
