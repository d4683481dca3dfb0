package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: synchrony-VERSION.tar.gz (built at package) unpacked into a folder outside
 * the checkout, then its own launcher running the lecture's Lamport figure. Run by failsafe at integration-test,
 * after the tarball exists.
 */
class DistributionIT {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path outside;

    record Run(int exitCode, String output) {}

    @Test
    void theUnpackedDistributionRunsTheLamportFigure() throws Exception {
        Path home = unpack();

        Run figure = launch(home, "simulate", "lamport", "--script", "examples/lamport-figure.yaml");

        assertThat(figure.exitCode()).as(figure.output()).isZero();
        List<String> lines = figure.output().lines().map(String::strip).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("P2:").contains("receive m3 C=61"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("P1:").contains("receive m4 C=70"));
        assertThat(figure.output()).contains("clock-condition").contains("HELD");
        // The run's files land in the unpacked folder the command ran in, not in the checkout.
        try (var runs = Files.list(home.resolve("runs"))) {
            assertThat(runs.map(run -> run.resolve("viewer.html")).filter(Files::isRegularFile))
                    .as("a run folder with its viewer under %s/runs", home)
                    .hasSize(1);
        }
    }

    @Test
    void theLauncherReportsTheVersionOfTheBuild() throws Exception {
        Path home = unpack();

        Run version = launch(home, "--version");

        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output().strip())
                .matches("synchrony " + java.util.regex.Pattern.quote(System.getProperty("synchrony.version"))
                        + " \\(commit ([0-9a-f]{7,}|unknown)\\)");
    }

    @Test
    void theTarballHoldsTheLauncherTheJarTheExamplesAndTheTexts() throws Exception {
        Path home = unpack();

        assertThat(home.resolve("bin/synchrony")).isExecutable();
        assertThat(home.resolve("bin/find-jdk.sh")).isRegularFile();
        assertThat(home.resolve("lib/synchrony.jar")).isRegularFile();
        assertThat(home.resolve("examples/lamport-figure.yaml")).isRegularFile();
        assertThat(home.resolve("examples/consumer")).doesNotExist();
        assertThat(home.resolve("README.md")).isRegularFile();
        for (String text : List.of("LICENSE", "NOTICE")) {
            if (Files.exists(CHECKOUT.resolve(text))) {
                assertThat(home.resolve(text)).hasSameTextualContentAs(CHECKOUT.resolve(text));
            }
        }
    }

    /** Unpacks the tarball with the system's tar (which keeps the launcher's executable bit) into {@link #outside}. */
    private Path unpack() throws IOException, InterruptedException {
        String version = System.getProperty("synchrony.version");
        Path tarball = Path.of(System.getProperty("synchrony.distribution"));
        assertThat(tarball).as("built by ./mvnw package").isRegularFile();
        assertThat(outside.toAbsolutePath().normalize().startsWith(CHECKOUT))
                .as("%s is outside the checkout %s", outside, CHECKOUT)
                .isFalse();

        Run tar = run(outside, List.of("tar", "-xzf", tarball.toString(), "-C", outside.toString()));
        assertThat(tar.exitCode()).as(tar.output()).isZero();
        Path home = outside.resolve("synchrony-" + version);
        assertThat(home).isDirectory();
        return home;
    }

    private static Run launch(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(home.resolve("bin/synchrony").toString());
        command.addAll(List.of(args));
        return run(home, command);
    }

    private static Run run(Path directory, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("synchrony-dist", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish in 120 s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
