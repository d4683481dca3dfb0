package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.sweep.SweepReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: a sweep validates its options once, writes --out, and reports runs that throw as internal errors. */
class SweepUsageTest {

    @TempDir
    Path tmp;

    private static void assertOneLineUsage(CliTest.Outcome outcome, String mention) {
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(outcome.err().strip())
                .contains(mention)
                .doesNotContain("\n")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void anOptionNoRunTakesIsOneLineAndExitTwoBeforeAnyRun() {
        assertOneLineUsage(
                CliTest.run("check", "failover-mutex", "--seeds", "1..300", "--swarm", "--frobnicate", "runs/sweep"),
                "--frobnicate: not an option of check or of failover-mutex");
        assertOneLineUsage(CliTest.run("check", "lamport", "--seeds", "1..3", "--requests", "2"), "--requests");
        // Values are checked before the sweep too, typed options included.
        assertOneLineUsage(CliTest.run("check", "lamport", "--seeds", "1..3", "--rate", "often"), "--rate");
        assertOneLineUsage(CliTest.run("check", "lamport", "--seeds", "1..3", "--clock", "sundial"), "--clock");
    }

    @Test
    void aMisspeltRunFlagIsNamedWithTheClosestFlagAndBothLists() {
        CliTest.Outcome outcome = CliTest.run("simulate", "lamport", "--nodse", "3");
        assertOneLineUsage(outcome, "did you mean --nodes?");
        assertThat(outcome.err()).contains("simulate flags: --seed").contains("lamport options: --rate");
    }

    @Test
    void replicasZeroNamesReplicas() {
        assertOneLineUsage(CliTest.run("simulate", "bank", "--replicas", "0"), "--replicas: 0 is not in 1..100000");
    }

    @Test
    void checkOutWritesTheTableAsJsonAndEachViolatingSeedsRunFolder() throws Exception {
        Path out = tmp.resolve("sweep");
        CliTest.Outcome outcome = CliTest.run(
                "check",
                "lamport",
                "--seeds",
                "1..3",
                "--correction",
                "false",
                "--progress",
                "none",
                "--out",
                out.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCodes.VIOLATION);
        JsonNode json = new ObjectMapper().readTree(out.resolve("sweep.json").toFile());
        assertThat(json.get("runs").asLong()).isEqualTo(3);
        assertThat(json.at("/properties/clock-condition/violated").asLong()).isEqualTo(3);
        assertThat(json.get("violations")).hasSize(3);
        assertThat(json.at("/violations/0/replay").asText())
                .contains("simulate lamport")
                .contains("--seed 1");
        for (int seed = 1; seed <= 3; seed++) {
            assertThat(out.resolve("seed-" + seed).resolve("summary.json")).isNotEmptyFile();
            assertThat(out.resolve("seed-" + seed).resolve("diagram.svg")).isNotEmptyFile();
        }
        // A second sweep into the same folder leaves nothing of the first.
        CliTest.Outcome again = CliTest.run(
                "check",
                "lamport",
                "--seeds",
                "5..5",
                "--correction",
                "false",
                "--progress",
                "none",
                "--out",
                out.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.VIOLATION);
        try (var entries = Files.list(out)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("sweep.json", "seed-5");
        }
    }

    @Test
    void checkOutRefusesAFolderThatHoldsSomethingElse() throws Exception {
        Files.writeString(tmp.resolve("thesis.tex"), "precious");
        assertOneLineUsage(
                CliTest.run("check", "lamport", "--seeds", "1..2", "--progress", "none", "--out", tmp.toString()),
                "holds other files");
        assertThat(tmp.resolve("thesis.tex")).hasContent("precious");
    }

    @Test
    void failedSeedsAreOneLineEachWithTheirReplayCommandAndTheTraceInTheLog() throws Exception {
        SimConfig config = SimConfig.defaults("lamport", 3, 7);
        IllegalStateException bug = new IllegalStateException("a bug\nwith a second line");
        StringWriter err = new StringWriter();
        Path log = tmp.resolve("errors.log");
        CheckCommand.reportFailures(List.of(new SweepReport.Failure(config, bug)), log, new PrintWriter(err, true));
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .contains("seed 7: internal error IllegalStateException: a bug")
                .contains("(stack trace: " + log + ")")
                .contains("replay: synchrony simulate lamport --nodes 3 --seed 7");
        assertThat(Files.readString(log))
                .contains("seed 7: synchrony simulate lamport")
                .contains("\tat ")
                .contains("with a second line");
    }

    @Test
    void anyOtherExceptionOfACommandIsOneLineExitThreeAndTheTraceInTheLog() throws Exception {
        StringWriter err = new StringWriter();
        picocli.CommandLine cmd = new picocli.CommandLine(new Synchrony());
        cmd.setErr(new PrintWriter(err, true));
        Path log = tmp.resolve("internal-error.log");
        int code = Synchrony.internalError(
                new NullPointerException("node was null"),
                cmd.getSubcommands().get("simulate"),
                log,
                "simulate",
                "lamport");
        assertThat(code).isEqualTo(ExitCodes.INTERNAL);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .isEqualTo("synchrony simulate: internal error NullPointerException: node was null (stack trace: " + log
                        + ")");
        assertThat(Files.readString(log))
                .startsWith("synchrony simulate lamport")
                .contains("\tat ");
    }

    @Test
    void theHelpDocumentsTheFourExitCodes() {
        assertThat(CliTest.run("--help").out())
                .contains("0 all properties held")
                .contains("2 bad usage")
                .contains("3 internal error");
        assertThat(CliTest.run("check", "--help").out()).contains("3: internal error");
    }
}
