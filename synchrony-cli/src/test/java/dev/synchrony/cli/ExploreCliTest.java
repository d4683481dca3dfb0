package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code synchrony explore} and {@code synchrony generals-table}, run in-process. */
class ExploreCliTest {

    @TempDir
    Path tmp;

    @Test
    void twoGeneralsWithLossPrintsTheDisagreementAndWritesAReplayableScript() throws Exception {
        Path script = tmp.resolve("ce.yaml");
        CliTest.Outcome outcome =
                CliTest.run("explore", "two-generals", "--k", "4", "--loss", "--out", script.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(1);
        assertThat(outcome.out())
                .contains("states explored:")
                .contains("states/s")
                .contains("depth reached: ")
                .contains("VIOLATED agreement")
                .contains("shortest counterexample (10 steps)")
                .contains("Ack from n2 to n1 is lost")
                .contains("replay: synchrony simulate two-generals --script");
        assertThat(Files.readString(script)).contains("lost: true").contains("timers:");
        // The counterexample is also replayed into a run folder, to be stepped through in the viewer.
        assertThat(outcome.out())
                .contains("viewer: "
                        + tmp.resolve("ce-run").resolve("viewer.html").toAbsolutePath())
                .contains("violating as above");
        assertThat(tmp.resolve("ce-run").resolve("viewer.html")).isNotEmptyFile();

        CliTest.Outcome replay = CliTest.run(
                "simulate",
                "two-generals",
                "--script",
                script.toString(),
                "--out",
                tmp.resolve("run").toString());
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(1);
        assertThat(replay.out()).contains("agreement").contains("VIOLATED");
        assertThat(tmp.resolve("run").resolve("diagram.svg")).isNotEmptyFile();
    }

    @Test
    void timedFlagsWithoutTimedAndAnUntimedLeaseLockAreUsageErrorsNamingTheFlag() {
        CliTest.Outcome partition = CliTest.run("explore", "lease-lock", "--nodes", "3", "--partition-once");
        assertThat(partition.exitCode()).isEqualTo(2);
        assertThat(partition.err()).contains("--partition-once: only for a timed exploration: add --timed");

        CliTest.Outcome untimed = CliTest.run("explore", "lease-lock", "--nodes", "3");
        assertThat(untimed.exitCode()).isEqualTo(2);
        assertThat(untimed.err()).contains("lease-lock").contains("--timed");
    }

    @Test
    void aTimedLeaseLockSearchCutShortSaysBoundedWithItsHorizon() {
        CliTest.Outcome outcome =
                CliTest.run("explore", "lease-lock", "--nodes", "3", "--timed", "--pause-once", "--max-states", "2000");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("timed: tick 100.000ms, delays 1 ticks, horizon 26 ticks, at most one pause")
                .contains("invariants: mutual-exclusion, one-leader, fencing")
                .contains("result: bounded: 2,000 states, horizon 26 ticks")
                .doesNotContain("every invariant holds");
    }

    @Test
    void twoGeneralsWithoutLossIsExhaustivelySafe() {
        CliTest.Outcome outcome = CliTest.run("explore", "two-generals", "--k", "2");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("every invariant holds")
                .contains("exhaustive")
                .contains("liveness both-attack: held");
    }

    @Test
    void vectorClocksExploreClean() {
        CliTest.Outcome outcome = CliTest.run("explore", "vector", "--nodes", "2", "--loss", "--crashes", "1");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("up to 1 crash").contains("vector-causality");
    }

    @Test
    void badUsageIsNamed() {
        assertUsage(CliTest.run("explore", "vector", "--timers", "soon"), "--timers: 'soon' is not any or idle");
        assertUsage(CliTest.run("explore", "vector", "--recover"), "--recover");
        assertUsage(CliTest.run("explore", "vector", "--nodes", "0"), "--nodes");
        assertUsage(CliTest.run("explore", "two-generals", "--nodes", "3"), "two-generals takes exactly 2");
        assertUsage(CliTest.run("explore", "two-generals", "--k", "0"), "--k");
        assertUsage(CliTest.run("explore", "vector", "--max-states", "0"), "--max-states");
        assertUsage(CliTest.run("explore", "nosuch"), "unknown algorithm");
        assertUsage(CliTest.run("generals-table", "--loss", "2"), "--loss");
    }

    @Test
    void generalsTablePrintsARowPerK() {
        CliTest.Outcome outcome = CliTest.run("generals-table", "--k", "1..3", "--loss", "0.2,0.4", "--runs", "200");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("loss 0.2")
                .contains("loss 0.4")
                .contains("disagreement reachable")
                .contains("no k removes it");
    }

    private static void assertUsage(CliTest.Outcome outcome, String message) {
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(2);
        assertThat(outcome.err()).contains(message);
        assertThat(outcome.err().strip().lines()).hasSize(1);
    }
}
