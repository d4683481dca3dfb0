package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lecture's scripted examples and the seed sweep, through the command line in-process. */
class MulticastCommandsTest {

    @TempDir
    Path out;

    private record Outcome(int exit, String out, String err) {}

    private Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Synchrony.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    private static String example(String name) {
        return Path.of("..", "examples", name).toString();
    }

    @Test
    void bankFigureWithoutOrderingEndsAt1111And1110() {
        Outcome outcome = run(
                "simulate",
                "bank",
                "--script",
                example("bank-figure.yaml"),
                "--ordering",
                "none",
                "--out",
                out.resolve("none").toString());
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("replica #1 (P1): $1111.00")
                .contains("replica #2 (P2): $1110.00")
                .contains("balances DIFFER");
    }

    @Test
    void bankFigureWithTotalOrderAgrees() {
        Outcome outcome = run(
                "simulate",
                "bank",
                "--script",
                example("bank-figure.yaml"),
                "--ordering",
                "total",
                "--out",
                out.resolve("total").toString());
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("replica #1 (P1): $1111.00")
                .contains("replica #2 (P2): $1111.00")
                .contains("balances agree; update histories identical")
                .contains("replicas-agree         HELD");
    }

    @Test
    void randomBankRunsDivergeWithoutOrderingAndAgreeWithTotalOrder() {
        String[] faults = {"--replicas", "4", "--seed", "5", "--loss", "0.1", "--duplicate", "0.1", "--reorder", "0.1"};
        Outcome none = run(concat(
                new String[] {
                    "simulate",
                    "bank",
                    "--ordering",
                    "none",
                    "--out",
                    out.resolve("n").toString()
                },
                faults));
        assertThat(none.exit()).as(none.err()).isZero();
        assertThat(none.out()).contains("balances DIFFER").contains("replica #4 (n4)");
        Outcome total = run(concat(
                new String[] {
                    "simulate",
                    "bank",
                    "--ordering",
                    "total",
                    "--out",
                    out.resolve("t").toString()
                },
                faults));
        assertThat(total.exit()).as(total.err()).isZero();
        assertThat(total.out()).contains("balances agree; update histories identical");
        Outcome causal = run(concat(
                new String[] {
                    "simulate",
                    "bank",
                    "--ordering",
                    "causal",
                    "--out",
                    out.resolve("c").toString()
                },
                faults));
        assertThat(causal.exit()).as(causal.err()).isZero();
        assertThat(causal.out()).contains("causal-order           HELD").contains("why: causal order only orders");
    }

    @Test
    void causalFigurePostponesMStar() {
        Outcome outcome = run(
                "simulate",
                "causal-order",
                "--script",
                example("causal-figure.yaml"),
                "--out",
                out.resolve("causal").toString());
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("P2 postponed P1#1: ts(m) = (1,1,0) but VC = (0,0,0)")
                .contains("P2 delivered: m, m*");
    }

    @Test
    void sweepOverTotalOrderWithFaultsEndsWithATable() {
        Outcome outcome = run(
                "check",
                "total-order",
                "--seeds",
                "1..30",
                "--loss",
                "0.1",
                "--duplicate",
                "0.1",
                "--reorder",
                "0.1",
                "--progress",
                "none");
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("30 runs")
                .containsPattern("total-order\\s+30\\s+0\\s+0")
                .contains("runs with a violation: 0 of 30");
    }

    @Test
    void sweepOverTotalOrderWithoutTheLinkFindsViolationsAndPrintsReplayCommands() {
        Outcome outcome = run(
                "check",
                "total-order",
                "--seeds",
                "1..20",
                "--loss",
                "0.1",
                "--reorder",
                "0.3",
                "--link",
                "raw",
                "--progress",
                "none");
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.out()).contains("synchrony simulate total-order").contains("--link raw");
    }

    @Test
    void badOrderingIsAUsageError() {
        Outcome outcome = run("simulate", "bank", "--ordering", "fifo");
        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--ordering");
    }

    @Test
    void replicasMustBeAWholeNumber() {
        Outcome outcome = run("simulate", "bank", "--replicas", "two");
        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--replicas");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
