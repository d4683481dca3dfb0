package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every script in examples/ runs with one command, with every property holding, and draws its diagram. */
class ExamplesTest {

    @TempDir
    Path out;

    static Stream<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            List<Path> scripts =
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(scripts).hasSizeGreaterThanOrEqualTo(12);
            return scripts.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void runsCleanWithOneCommand(Path script) throws IOException {
        String algorithm = Files.readAllLines(script).stream()
                .filter(l -> l.startsWith("algorithm:"))
                .map(l -> l.substring("algorithm:".length()).trim())
                .findFirst()
                .orElseThrow();
        CliTest.Outcome outcome =
                CliTest.run("simulate", algorithm, "--script", script.toString(), "--out", out.toString());
        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
        assertThat(outcome.out()).contains("properties:").doesNotContain("VIOLATED");
        assertThat(out.resolve("diagram.svg")).isNotEmptyFile();
    }

    @org.junit.jupiter.api.Test
    void theVectorFigureAnswersItsQuestionWithTheTimestampsOfM2AndM4() {
        // figures.md, figure 4: in (a) ts(m2) < ts(m4), so m2 may causally precede m4; in (b) P1 sends m3 first,
        // and the two timestamps are incomparable: m2 and m4 are concurrent.
        CliTest.Outcome a = CliTest.run(
                "simulate",
                "vector",
                "--script",
                "../examples/vector-figure-a.yaml",
                "--out",
                out.resolve("a").toString());
        assertThat(a.out()).contains("m2=(2,1,0)").contains("m4=(4,3,0)").contains("m2 may causally precede m4");
        CliTest.Outcome b = CliTest.run(
                "simulate",
                "vector",
                "--script",
                "../examples/vector-figure-b.yaml",
                "--out",
                out.resolve("b").toString());
        assertThat(b.exitCode()).isZero();
        assertThat(b.out()).contains("m2=(4,1,0)").contains("m4=(2,3,0)").contains("m2 and m4 are concurrent");
    }
}
