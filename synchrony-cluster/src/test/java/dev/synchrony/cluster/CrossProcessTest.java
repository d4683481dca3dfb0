package dev.synchrony.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.Security;
import dev.synchrony.net.runtime.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runtime across real JVMs on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrossProcessTest {

    @TempDir
    Path directory;

    private Path writeConfig(ClusterConfig config) throws Exception {
        Path file = directory.resolve("cluster.yaml");
        Files.writeString(file, config.toYaml());
        return file;
    }

    /** Checks that the lines of the shared file show no overlapping critical sections, tokens increasing. */
    static void assertNoOverlap(List<String> lines, int expectedSections) {
        assertThat(lines).hasSize(2 * expectedSections);
        long lastToken = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i += 2) {
            String[] enter = lines.get(i).split(" ");
            String[] exit = lines.get(i + 1).split(" ");
            assertThat(enter[1]).as("line %d", i + 1).isEqualTo("enter");
            assertThat(exit[1])
                    .as("line %d: the section of %s must close before another opens", i + 2, enter[0])
                    .isEqualTo("exit");
            assertThat(exit[0]).isEqualTo(enter[0]);
            assertThat(exit[2]).isEqualTo(enter[2]);
            long token = Long.parseLong(enter[2]);
            assertThat(token).as("fencing tokens increase").isGreaterThan(lastToken);
            lastToken = token;
        }
    }

    @ParameterizedTest(name = "{0} with {1} JVMs")
    @CsvSource({"central-mutex, 3", "ricart-agrawala, 4", "token-ring, 3"})
    void jvmsTakeTheLockInTurnsAndAppendToASharedFile(String algorithm, int members) throws Exception {
        // Over mutual TLS with a generate folder: the JVMs start together, and must agree on one throwaway CA.
        ClusterConfig config = TestClusters.loopback(members)
                .withServices(List.of(new ClusterConfig.ServiceConfig("file", "lock", algorithm, Map.of())))
                .withSecurity(Security.trial(directory.resolve("certs")));
        Path configFile = writeConfig(config);
        Path shared = directory.resolve("shared.txt");
        Files.createFile(shared);
        List<Process> processes = new ArrayList<>();
        for (var member : config.members()) {
            processes.add(Processes.start(
                    LockAppender.class,
                    directory.resolve(member.id() + ".log"),
                    configFile.toString(),
                    member.id().name(),
                    shared.toString(),
                    "8"));
        }
        List<Integer> codes = Processes.awaitAll(processes, 90);
        assertThat(codes).as("exit codes (logs in %s)", directory).containsOnly(0);
        assertNoOverlap(Files.readAllLines(shared), 8 * members);
        long creators = 0;
        for (var member : config.members()) {
            creators += Files.readAllLines(directory.resolve(member.id() + ".log")).stream()
                    .filter(line -> line.contains("tls: created throwaway certificates"))
                    .count();
        }
        assertThat(creators)
                .as("one JVM made the certificates (logs in %s)", directory)
                .isEqualTo(1);
    }

    @Test
    void callersThatGiveUpNeverStrandTheLockAcrossJvms() throws Exception {
        ClusterConfig config = TestClusters.loopback(3)
                .withServices(List.of(new ClusterConfig.ServiceConfig("orders", "lock", "central-mutex", Map.of())));
        Path configFile = writeConfig(config);
        List<Process> processes = new ArrayList<>();
        for (var member : config.members()) {
            processes.add(Processes.start(
                    GiveUpMember.class,
                    directory.resolve(member.id() + ".log"),
                    configFile.toString(),
                    member.id().name()));
        }
        List<Integer> codes = Processes.awaitAll(processes, 90);
        assertThat(codes).as("exit codes (logs in %s)", directory).containsOnly(0);
        List<String> n1 = Files.readAllLines(directory.resolve("n1.log"));
        List<String> n2 = Files.readAllLines(directory.resolve("n2.log"));
        List<String> n3 = Files.readAllLines(directory.resolve("n3.log"));
        assertThat(n2)
                .as("n2's log")
                .contains("INTERRUPTED", "TIMED-OUT", "CANCELLED", "N2-HOLDER Optional.empty")
                .noneMatch(line -> line.startsWith("GRANTED-WHILE-HELD"));
        long held = n1.stream()
                .filter(line -> line.startsWith("HELD token "))
                .mapToLong(line -> Long.parseLong(line.substring("HELD token ".length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("n1: " + n1));
        String got =
                n3.stream().filter(line -> line.startsWith("N3-")).findFirst().orElse("n3 said nothing: " + n3);
        assertThat(got).as("n3 after n2 gave up (n2's log: %s)", n2).startsWith("N3-GOT token ");
        assertThat(Long.parseLong(got.substring("N3-GOT token ".length()))).isGreaterThan(held);
    }

    @Test
    void aStalledHolderIsToldItLostTheLockAndTheFenceRefusesItsStaleWrite() throws Exception {
        ClusterConfig config = TestClusters.loopback(3)
                .withServices(List.of(new ClusterConfig.ServiceConfig(
                        "file",
                        "lock",
                        "token-ring",
                        Map.of("regenerate", "true", "regenerate-timeout", "1s", "ack-timeout", "100ms"))));
        Path configFile = writeConfig(config);
        Path shared = directory.resolve("fenced.txt");
        List<Process> processes = new ArrayList<>();
        for (var member : config.members()) {
            processes.add(Processes.start(
                    SlowHolderMember.class,
                    directory.resolve(member.id() + ".log"),
                    configFile.toString(),
                    member.id().name(),
                    shared.toString()));
        }
        List<Integer> codes = Processes.awaitAll(processes, 90);
        assertThat(codes).as("exit codes (logs in %s)", directory).containsOnly(0);
        List<String> holder = Files.readAllLines(directory.resolve("n1.log"));
        assertThat(holder)
                .as("n1's log")
                .anyMatch(line -> line.startsWith("LOST n1 token") && line.contains("regenerated elsewhere"));
        assertThat(holder).contains("STALLED-HOLDER told=true held=false", "STALE-REFUSED");
        // Service continued: the others wrote with newer tokens while n1 stalled.
        List<String> lines = Files.readAllLines(shared);
        assertThat(lines).anyMatch(line -> line.contains("n2 write") || line.contains("n3 write"));
        List<Long> tokens = lines.stream()
                .map(line -> Long.parseLong(line.substring(0, line.indexOf(' '))))
                .toList();
        assertThat(tokens).isSorted();
    }

    @Test
    void killingATokenHolderOrMemberLetsTheRingRegenerateAndContinue() throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        ClusterRun.Outcome outcome = ClusterRun.run(
                ClusterRun.Options.defaults("token-ring", 4, 7_000_000_000L)
                        .withParams(Map.of(
                                "regenerate",
                                "true",
                                "regenerate-timeout",
                                "2s",
                                "ack-timeout",
                                "250ms",
                                "rate",
                                "5",
                                "hold",
                                "20ms"))
                        .withOutDirectory(directory.resolve("ring"))
                        .withKills(List.of(ClusterRun.Kill.parse("n2@2s"))),
                new java.io.PrintWriter(text));
        ClusterRun.report(outcome, new java.io.PrintWriter(text));
        assertThat(outcome.exitCodes()).containsEntry(dev.synchrony.core.NodeId.of("n2"), 137);
        var trace = outcome.run().trace();
        long crashAt = trace.select(e -> e.kind() == dev.synchrony.sim.trace.EventKind.CRASH)
                .get(0)
                .timeNanos();
        var entriesAfter = trace.withPayload(dev.synchrony.mutex.CriticalSection.Entered.class).stream()
                .filter(e -> e.timeNanos() > crashAt)
                .toList();
        assertThat(entriesAfter).as(text.toString()).isNotEmpty();
        assertThat(entriesAfter.stream().map(e -> e.node()).distinct().count()).isGreaterThanOrEqualTo(2);
        assertThat(outcome.run().checks())
                .filteredOn(c -> c.property().equals("safety"))
                .extracting(c -> c.status())
                .containsExactly(dev.synchrony.sim.CheckResult.Status.HELD);
    }

    @Test
    void replicatedBankAccountOverRealProcessesEndsEqualUnderTotalOrder() throws Exception {
        ClusterConfig config = TestClusters.loopback(3)
                .withServices(
                        List.of(new ClusterConfig.ServiceConfig("account", "total-order", "total-order", Map.of())));
        Path configFile = writeConfig(config);
        List<Process> processes = new ArrayList<>();
        for (var member : config.members()) {
            processes.add(Processes.start(
                    BankMember.class,
                    directory.resolve(member.id() + ".log"),
                    configFile.toString(),
                    member.id().name(),
                    "6"));
        }
        List<Integer> codes = Processes.awaitAll(processes, 90);
        assertThat(codes).as("exit codes (logs in %s)", directory).containsOnly(0);
        List<String> results = new ArrayList<>();
        for (var member : config.members()) {
            Files.readAllLines(directory.resolve(member.id() + ".log")).stream()
                    .filter(line -> line.startsWith("RESULT "))
                    .forEach(results::add);
        }
        assertThat(results).hasSize(3).allMatch(line -> line.contains(" complete "));
        List<String> states = results.stream()
                .map(line -> line.substring(line.indexOf(" balance=")))
                .toList();
        assertThat(states).as("every replica: same balance, same history").containsOnly(states.get(0));
        assertThat(states.get(0).split("history=")[1].split(",")).hasSize(18);
    }
}
