package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, point 7: what the user reads when something is wrong, and where output goes. */
class MessagesTest {

    @TempDir
    Path tmp;

    private static String oneLineUsage(CliTest.Outcome outcome) {
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(outcome.err().strip()).doesNotContain("\n");
        return outcome.err().strip();
    }

    @Test
    void malformedYamlIsFileLineAndReasonOnOneLine() throws IOException {
        Path script = tmp.resolve("broken.yaml");
        Files.writeString(script, "algorithm: lamport\nprocesses: [P1, P2\nevents: []\n");
        assertThat(oneLineUsage(CliTest.run(
                        "simulate",
                        "lamport",
                        "--script",
                        script.toString(),
                        "--out",
                        tmp.resolve("o").toString())))
                .matches("synchrony simulate: .*broken\\.yaml:\\d+: not valid YAML: .+");
        Path config = tmp.resolve("cluster.yaml");
        Files.writeString(config, "security: tls\ntls: {generate: certs}\nmembers: [{id: n1, host: 127.0.0.1\n");
        assertThat(oneLineUsage(CliTest.run("node", "--config", config.toString(), "--id", "n1")))
                .matches("synchrony node: cluster\\.yaml:\\d+: not valid YAML: .+");
    }

    @Test
    void theCommandIsNamedOnceWithItsParents() {
        assertThat(oneLineUsage(CliTest.run("frobnicate")))
                .startsWith("synchrony: ")
                .doesNotContain("synchrony synchrony");
        assertThat(oneLineUsage(CliTest.run("compare", "mutex", "--nodes", "x")))
                .startsWith("synchrony compare mutex: ");
    }

    @Test
    void misspeltNamesGetTheClosestOne() {
        assertThat(oneLineUsage(CliTest.run("simulat", "lamport"))).contains("did you mean simulate?");
        assertThat(oneLineUsage(CliTest.run("simulate", "lamprot"))).contains("did you mean lamport?");
        assertThat(oneLineUsage(CliTest.run("compare", "mutex", "--nodse", "3")))
                .contains("did you mean --nodes?");
        assertThat(oneLineUsage(CliTest.run("check", "vector", "--seeds", "1..2", "--send-probabilty", "0.5")))
                .contains("did you mean --send-probability?");
        // Nothing close: no guess.
        assertThat(oneLineUsage(CliTest.run("simulate", "zzzzzzzz"))).doesNotContain("did you mean");
    }

    @Test
    void aMissingFileSaysSoInWords() {
        assertThat(oneLineUsage(CliTest.run("simulate", "lamport", "--script", "no/such.yaml")))
                .isEqualTo("synchrony simulate: --script no/such.yaml: cannot read it: no such file");
        assertThat(oneLineUsage(CliTest.run("node", "--config", "no/such.yaml", "--id", "n1")))
                .isEqualTo("synchrony node: --config no/such.yaml: cannot read it: no such file");
    }

    @Test
    void linkLatencyToAnUnknownProcessAndACrashAfterTheEndAreRefused() {
        assertThat(oneLineUsage(CliTest.run(
                        "simulate", "lamport", "--link-latency", "n1>n9=5ms..8ms", "--out", tmp.toString())))
                .contains("--link-latency n1>n9=5ms..8ms: no process named n9");
        assertThat(oneLineUsage(CliTest.run(
                        "simulate", "lamport", "--duration", "5s", "--crash", "n1@6s", "--out", tmp.toString())))
                .contains("--crash n1@6s: after the end of the run (--duration 5s)");
        assertThat(CliTest.run(
                                "simulate",
                                "lamport",
                                "--duration",
                                "5s",
                                "--crash",
                                "n1@4s..9s",
                                "--out",
                                tmp.toString())
                        .exitCode())
                .isZero();
    }

    @Test
    void theFilesLineListsEveryFileTheRunWrote() throws IOException {
        CliTest.Outcome outcome = CliTest.run(
                "simulate", "ntp", "--nodes", "3", "--drift", "0.0001", "--duration", "5s", "--out", tmp.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        String files = outcome.out()
                .lines()
                .filter(l -> l.startsWith("files: "))
                .findFirst()
                .orElseThrow();
        try (var entries = Files.list(tmp)) {
            List<Path> written = entries.toList();
            assertThat(written)
                    .anySatisfy(p -> assertThat(p.getFileName().toString()).isEqualTo("skew.svg"));
            for (Path file : written) {
                assertThat(files).contains(file.toString());
            }
        }
    }

    @Test
    void replayLinesStartTheWayTheUserStartedTheTool() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Synchrony.class.getName(),
                "check",
                "lamport",
                "--seeds",
                "1..2",
                "--correction",
                "false",
                "--progress",
                "none"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SYNCHRONY_LAUNCHER", "bin/synchrony");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(ExitCodes.VIOLATION);
        assertThat(output)
                .contains("(clock-condition): bin/synchrony simulate lamport")
                .doesNotContain(": synchrony simulate");
    }
}
