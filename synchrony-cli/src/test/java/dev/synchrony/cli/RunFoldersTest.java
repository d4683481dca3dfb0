package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, point 4: every run writes a complete, self-consistent folder of its own. */
class RunFoldersTest {

    @TempDir
    Path tmp;

    @Test
    void distinctRunsOfTheReadmeGetDistinctDefaultFolders() {
        Path script = Path.of("../examples/lamport-figure.yaml");
        String withCorrection = SimulateCommand.defaultFolderName("lamport", script, Map.of(), 1);
        String without = SimulateCommand.defaultFolderName("lamport", script, Map.of("correction", "false"), 1);
        assertThat(withCorrection).isEqualTo("lamport-figure-seed1");
        assertThat(without).isEqualTo("lamport-figure-correction-false-seed1");
        assertThat(SimulateCommand.defaultFolderName("vector", Path.of("examples/vector-figure-a.yaml"), Map.of(), 1))
                .isNotEqualTo(SimulateCommand.defaultFolderName(
                        "vector", Path.of("examples/vector-figure-b.yaml"), Map.of(), 1));
        assertThat(SimulateCommand.defaultFolderName("bank", Path.of("my-run.yaml"), Map.of("ordering", "total"), 7))
                .isEqualTo("bank-my-run-ordering-total-seed7");
        assertThat(SimulateCommand.defaultFolderName("lamport", null, Map.of(), 3))
                .isEqualTo("lamport-seed3");
    }

    @Test
    void aCountsRunLeavesNoDiagramOfAnEarlierFullRun() throws Exception {
        assertThat(CliTest.run("simulate", "lamport", "--out", tmp.toString()).exitCode())
                .isZero();
        assertThat(tmp.resolve("diagram.svg")).exists();
        CliTest.Outcome counts =
                CliTest.run("simulate", "lamport", "--trace-detail", "counts", "--out", tmp.toString());
        assertThat(counts.exitCode()).as(counts.err()).isZero();
        // Only what the counts run wrote: its summary (and its viewer), none of the full run's trace files.
        java.util.List<String> names;
        try (Stream<Path> files = Files.list(tmp)) {
            names = files.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(names).contains("summary.json").doesNotContain("diagram.svg", "trace.jsonl", "shiviz.log");
        String filesLine = counts.out()
                .lines()
                .filter(l -> l.startsWith("files: "))
                .findFirst()
                .orElseThrow();
        assertThat(filesLine).doesNotContain("diagram.svg");
        names.forEach(name -> assertThat(filesLine).contains(tmp.resolve(name).toString()));
    }

    @Test
    void aFolderHoldingSomethingElseIsRefusedNotEmptied() throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        CliTest.Outcome outcome = CliTest.run("simulate", "lamport", "--out", tmp.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(outcome.err()).contains("--out " + tmp).contains("holds other files");
        assertThat(tmp.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void exploreWithoutOutWritesUnderRuns() {
        CliTest.Outcome outcome = CliTest.run("explore", "two-generals", "--k", "1", "--loss");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.VIOLATION);
        assertThat(outcome.out()).contains("script: runs/explore-two-generals/counterexample.yaml");
        assertThat(Path.of("runs", "explore-two-generals", "counterexample.yaml"))
                .isNotEmptyFile();
    }

    @Test
    void anExplorationWithoutCounterexampleLeavesNoStaleOne() throws Exception {
        Path stale = Path.of("runs", "explore-lamport", "counterexample.yaml");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "# from an earlier run\n");
        CliTest.Outcome outcome = CliTest.run("explore", "lamport", "--nodes", "2", "--max-states", "500");
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
        assertThat(stale).doesNotExist();
    }
}
