package dev.synchrony.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.TestClusters;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.algorithms.Algorithms;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Leader election between real JVMs; kill -9 of the coordinator. Runs when the build has the bully algorithm. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ElectionCrossProcessTest {

    @TempDir
    Path directory;

    /** The last "LEADER id term" line of a member's log. */
    private static Optional<String[]> lastLeader(Path log) throws Exception {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("LEADER "))
                .toList();
        return lines.isEmpty()
                ? Optional.empty()
                : Optional.of(lines.get(lines.size() - 1).split(" "));
    }

    private static boolean awaitLeader(List<Path> logs, String leader, long minTerm, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Path log : logs) {
                Optional<String[]> last = lastLeader(log);
                if (last.isEmpty() || !last.get()[1].equals(leader) || Long.parseLong(last.get()[2]) < minTerm) {
                    all = false;
                }
            }
            if (all) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void killingTheCoordinatorJvmElectsTheNextWithAHigherTerm() throws Exception {
        assumeTrue(Algorithms.find("bully").isPresent(), "bully is not in this build");
        ClusterConfig config = TestClusters.loopback(4)
                .withServices(List.of(new ClusterConfig.ServiceConfig(
                        "leader",
                        "election",
                        "bully",
                        // Real JVMs on a shared 2-core machine pause for JIT and GC: a detector tuned for the
                        // simulator's 10 ms latencies would suspect live members and keep the election churning.
                        Map.of("heartbeat", "100ms", "detector-timeout", "1s"))));
        Path configFile = directory.resolve("cluster.yaml");
        Files.writeString(configFile, config.toYaml());
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (var member : config.members()) {
            Path log = directory.resolve(member.id() + ".log");
            logs.add(log);
            processes.add(Processes.start(
                    ElectionMember.class,
                    log,
                    configFile.toString(),
                    member.id().name(),
                    "90"));
        }
        try {
            assertThat(awaitLeader(logs, "n4", 0, 40))
                    .as("all follow n4 (logs in %s)", directory)
                    .isTrue();
            long oldTerm = Long.parseLong(lastLeader(logs.get(3)).orElseThrow()[2]);
            processes.get(3).destroyForcibly();
            assertThat(awaitLeader(logs.subList(0, 3), "n3", oldTerm + 1, 30))
                    .as("n1..n3 follow n3 with a higher term (logs in %s)", directory)
                    .isTrue();
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void bullyClusterRunWithTheCoordinatorKilledHoldsItsProperties() {
        assumeTrue(Algorithms.find("bully").isPresent(), "bully is not in this build");
        StringWriter text = new StringWriter();
        ClusterRun.Outcome outcome = ClusterRun.run(
                ClusterRun.Options.defaults("bully", 4, 8_000_000_000L)
                        .withOutDirectory(directory)
                        .withKills(List.of(ClusterRun.Kill.parse("n4@3s"))),
                new PrintWriter(text));
        ClusterRun.report(outcome, new PrintWriter(text));
        assertThat(outcome.exitCodes()).containsEntry(NodeId.of("n4"), 137);
        assertThat(outcome.run().checks())
                .as(text.toString())
                .extracting(CheckResult::status)
                .doesNotContain(CheckResult.Status.VIOLATED);
        assertThat(text.toString()).contains("agreement");
    }
}
