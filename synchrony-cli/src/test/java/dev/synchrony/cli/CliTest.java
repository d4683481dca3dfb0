package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process. */
class CliTest {

    record Outcome(int exitCode, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Synchrony.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @TempDir
    Path tmp;

    @Test
    void listsTheAlgorithms() {
        Outcome outcome = run("list");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("lamport").contains("vector");
    }

    @Test
    void simulateWritesTheFourFilesAndExitsZero() throws Exception {
        Outcome outcome =
                run("simulate", "vector", "--nodes", "4", "--seed", "3", "--loss", "0.1", "--out", tmp.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("vector-causality").contains("HELD");
        for (String file : new String[] {"trace.jsonl", "shiviz.log", "diagram.svg", "summary.json"}) {
            assertThat(tmp.resolve(file)).isNotEmptyFile();
        }
        assertThat(Files.readString(tmp.resolve("diagram.svg")))
                .startsWith("<svg")
                .contains("n4");
        String shiviz = Files.readString(tmp.resolve("shiviz.log"));
        assertThat(shiviz.lines().skip(2).findFirst().orElseThrow()).matches("n\\d \\{\"n\\d\":1\\} start");
    }

    @Test
    void theLamportFigureWithoutCorrectionExitsOneAndPrintsTheReplayCommand() {
        Outcome outcome = run(
                "simulate",
                "lamport",
                "--script",
                "../examples/lamport-figure.yaml",
                "--correction",
                "false",
                "--out",
                tmp.toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out())
                .contains("VIOLATED")
                .contains("replay: synchrony simulate lamport --script")
                .contains("--correction false");
    }

    @Test
    void badUsageExitsTwoWithOneLineNamingTheProblem() {
        assertUsage(run("simulate", "nosuch"), "unknown algorithm 'nosuch'");
        assertUsage(run("simulate", "lamport", "--loss", "2", "--out", tmp.toString()), "--loss");
        assertUsage(run("simulate", "lamport", "--latency", "5ms..1ms", "--out", tmp.toString()), "--latency");
        assertUsage(run("simulate", "lamport", "--duration", "soon", "--out", tmp.toString()), "--duration");
        assertUsage(run("simulate", "lamport", "--crash", "n7@1s", "--out", tmp.toString()), "no process named n7");
        assertUsage(run("simulate", "lamport", "--frobnicate", "3", "--out", tmp.toString()), "--frobnicate");
        assertUsage(run("simulate", "lamport", "--clock", "sundial", "--out", tmp.toString()), "--clock");
        assertUsage(run("simulate", "lamport", "--script", "no/such/file.yaml"), "no/such/file.yaml");
        assertUsage(run("check", "lamport", "--seeds", "9..1"), "--seeds");
        assertUsage(run("simulate", "lamport", "--seed", "x"), "--seed");
    }

    private static void assertUsage(Outcome outcome, String mention) {
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(2);
        assertThat(outcome.err().strip()).contains(mention).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void checkSweepsSeedsAndPrintsATable() {
        Outcome outcome =
                run("check", "vector", "--seeds", "1..30", "--loss", "0.1", "--reorder", "0.1", "--progress", "lines");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err()).contains("progress: 30/30");
        assertThat(outcome.out())
                .doesNotContain("progress")
                .contains("vector-causality")
                .contains("30 runs")
                .contains("runs with a violation: 0 of 30");
    }

    @Test
    void checkReportsViolatingSeedsWithTheirReplayCommandAndExitsOne() {
        Outcome outcome =
                run("check", "lamport", "--seeds", "1..5", "--correction", "false", "--swarm", "--progress", "none");
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out())
                .contains("(clock-condition): synchrony simulate lamport")
                .contains("--correction false");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"list", "simulate", "check"}) {
            Outcome outcome = run(command, "--help");
            assertThat(outcome.exitCode()).isZero();
            assertThat(outcome.out()).contains("Usage: synchrony " + command);
        }
    }
}
