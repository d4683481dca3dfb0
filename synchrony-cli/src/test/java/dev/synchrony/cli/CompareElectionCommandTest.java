package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CompareElectionCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Synchrony.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void printsMeasuredBesideAnalyticFiguresAndAgrees() {
        assertThat(run("compare", "election", "--nodes", "6", "--seed", "3")).isZero();
        String text = out.toString();
        assertThat(text)
                .contains("6 processes", "bully", "ring-election", "n-2 = 4", "O(n^2)", "n(n-1) = 30", "2m = 10")
                .doesNotContain("differs");
        assertThat(text.lines().filter(line -> line.startsWith("bully") || line.startsWith("ring-election")))
                .hasSize(4);
    }

    @Test
    void rejectsTooFewNodesWithAOneLineMessage() {
        assertThat(run("compare", "election", "--nodes", "2")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--nodes").hasLineCount(1);
    }

    @Test
    void electionFiguresRunFromTheCommandLine() {
        assertThat(run(
                        "simulate",
                        "bully",
                        "--script",
                        "../examples/bully-figure.yaml",
                        "--out",
                        System.getProperty("java.io.tmpdir") + "/synchrony-bully-figure"))
                .isZero();
        assertThat(out.toString()).contains("Election=6", "TakeOver=3", "Victory=7");
        assertThat(run(
                        "simulate",
                        "ring-election",
                        "--script",
                        "../examples/ring-election-figure.yaml",
                        "--out",
                        System.getProperty("java.io.tmpdir") + "/synchrony-ring-figure"))
                .isZero();
        assertThat(out.toString()).contains("Election=14", "Coordinator=14");
    }

    @Test
    void aSweepOfEachAlgorithmFindsNoViolation() {
        for (String algorithm : new String[] {"bully", "ring-election"}) {
            assertThat(run(
                            "check",
                            algorithm,
                            "--seeds",
                            "1..40",
                            "--crash",
                            "n5@2s..4s",
                            "--crash",
                            "n2@3s",
                            "--loss",
                            "0.05",
                            "--progress",
                            "none",
                            "--threads",
                            "1"))
                    .as(algorithm)
                    .isZero();
        }
    }
}
