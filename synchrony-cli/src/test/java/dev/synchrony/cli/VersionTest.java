package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code synchrony --version}: the version of the build and the commit it was built from. */
class VersionTest {

    @Test
    void printsTheBuildVersionAndTheCommitOfTheCheckout() throws Exception {
        CliTest.Outcome outcome = CliTest.run("--version");

        assertThat(outcome.exitCode()).isZero();
        String expectedVersion = System.getProperty("synchrony.version");
        assertThat(expectedVersion).as("surefire passes the project's version").isNotBlank();
        BuildVersion build = new BuildVersion();
        assertThat(build.version()).isEqualTo(expectedVersion);
        assertThat(outcome.out().strip())
                .isEqualTo("synchrony " + expectedVersion + " (commit " + build.commit() + ")");
        String head = gitHead();
        if (head == null) {
            assertThat(build.commit()).isEqualTo("unknown");
        } else {
            assertThat(build.commit()).hasSizeGreaterThanOrEqualTo(7);
            assertThat(head).startsWith(build.commit());
        }
    }

    @Test
    void aCommitTheBuildCouldNotFillInIsUnknown() {
        Properties unfilled = new Properties();
        unfilled.setProperty("version", "1.2.3");
        unfilled.setProperty("commit", "${synchrony.commit}");

        assertThat(new BuildVersion(unfilled).getVersion()).containsExactly("synchrony 1.2.3 (commit unknown)");
        assertThat(new BuildVersion(new Properties()).getVersion())
                .containsExactly("synchrony unknown (commit unknown)");
    }

    /** The full commit id of the checkout the tests run in, or null when this is not a git checkout (or no git). */
    private static String gitHead() throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            git.getOutputStream().close();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!git.waitFor(30, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return null;
            }
            return git.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException noGit) {
            return null;
        }
    }
}
