package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewCommandTest {

    @TempDir
    Path tmp;

    @Test
    void simulateWritesTheViewerAndViewRebuildsIt() throws Exception {
        CliTest.Outcome run = CliTest.run(
                "simulate", "lamport", "--script", "../examples/lamport-figure.yaml", "--out", tmp.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("viewer.html").contains("what happened: 4 messages sent, 4 received, 0 lost");
        Path page = tmp.resolve("viewer.html");
        Files.delete(page);
        CliTest.Outcome view = CliTest.run("view", tmp.toString());
        assertThat(view.exitCode()).as(view.err()).isZero();
        assertThat(view.out()).startsWith("viewer: file:");
        assertThat(Files.readString(page)).contains("\"short\":\"m4(ts=69)\"");
    }

    @Test
    void aFolderThatIsNotARunIsRefusedInOneLine() {
        CliTest.Outcome missing = CliTest.run("view", tmp.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).contains("is not a folder").doesNotContain("\n");
        CliTest.Outcome empty = CliTest.run("view", tmp.toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err().strip()).contains("no summary.json").doesNotContain("\n");
    }
}
