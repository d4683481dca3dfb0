package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.sim.algorithms.Algorithms;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/** {@code synchrony play ricart-agrawala} driven through a short path in a real browser, on loopback. */
class PlayBrowserTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    private static PlayServer server(String... args) throws Exception {
        PlayCommand play = new PlayCommand();
        new CommandLine(play).parseArgs(args);
        return new PlayServer(
                play.algorithm, play.explorer(Algorithms.require(play.algorithm)), play.seed, "127.0.0.1", 0);
    }

    private static void click(HeadlessChromium chromium, String startsWith, String contains) {
        int before =
                Integer.parseInt(chromium.driver.findElement(By.tagName("body")).getDomAttribute("data-steps"));
        List<WebElement> buttons = chromium.driver.findElements(By.cssSelector("#enabled button"));
        WebElement button = buttons.stream()
                .filter(b -> b.getText().startsWith(startsWith) && b.getText().contains(contains))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no enabled step '" + startsWith + "..." + contains + "' among "
                        + buttons.stream().map(WebElement::getText).toList()));
        button.click();
        new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
                .until(d -> Integer.parseInt(d.findElement(By.tagName("body")).getDomAttribute("data-steps"))
                        == before + 1);
    }

    private static String state(HeadlessChromium chromium, String process, String key) {
        return chromium.driver
                .findElement(By.cssSelector("#processes tr[data-node='" + process + "'] [data-key='" + key + "'] .v"))
                .getText();
    }

    @Test
    void aRequestGrantedByHandIsHeldAndUndoneByUndo() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start();
                PlayServer server = server("ricart-agrawala", "--nodes", "2", "--requests", "1")) {
            assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
            chromium.driver.get(server.uri().toString());
            new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
                    .until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-steps") != null);
            assertThat(state(chromium, "n1", "mutex")).isEqualTo("released");
            click(chromium, "n1 is asked", "");
            assertThat(state(chromium, "n1", "mutex")).isEqualTo("wanted");
            assertThat(chromium.driver.findElement(By.id("inflight")).getText()).contains("Request");
            click(chromium, "n2 receives", "Request");
            click(chromium, "n1 receives", "Ok");
            assertThat(state(chromium, "n1", "mutex")).isEqualTo("held");
            assertThat(state(chromium, "n2", "mutex")).isEqualTo("released");
            assertThat(chromium.driver.findElement(By.id("violation")).getText())
                    .isEmpty();
            assertThat(chromium.driver.findElements(By.cssSelector("#taken li")))
                    .hasSize(3);
            chromium.screenshot("play-ricart-agrawala-held");
            // The path saved as a script replays in the simulator: n1 enters the critical section there too.
            String script = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(server.uri().resolve("/script"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            java.nio.file.Path file = tmp.resolve("play.yaml");
            java.nio.file.Files.writeString(file, script);
            CliTest.Outcome replay = CliTest.run(
                    "simulate",
                    "ricart-agrawala",
                    "--script",
                    file.toString(),
                    "--out",
                    tmp.resolve("replay").toString());
            assertThat(replay.exitCode()).as(replay.err() + script).isIn(0, 1);
            assertThat(java.nio.file.Files.readString(tmp.resolve("replay").resolve("trace.jsonl")))
                    .as(script)
                    .containsPattern("\"node\":\"n1\",\"kind\":\"internal\".*Entered");
            chromium.driver.findElement(By.id("undo")).click();
            new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
                    .until(d -> d.findElements(By.cssSelector("#taken li")).size() == 2);
            assertThat(state(chromium, "n1", "mutex")).isEqualTo("wanted");
        }
    }

    @Test
    void runningRandomlyGoesOnUntilTheSystemStops() throws Exception {
        // Three processes each asking once: whatever order the random walk picks, all three get in and out, the
        // system stops with every process released, and no invariant breaks on the way.
        try (HeadlessChromium chromium = HeadlessChromium.start();
                PlayServer server = server("ricart-agrawala", "--nodes", "3", "--requests", "1", "--seed", "7")) {
            chromium.driver.get(server.uri().toString());
            new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
                    .until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-steps") != null);
            chromium.driver.findElement(By.id("random")).click();
            new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
                    .until(d ->
                            Integer.parseInt(d.findElement(By.tagName("body")).getDomAttribute("data-steps")) > 0);
            assertThat(chromium.driver.findElement(By.id("enabled")).getText()).contains("nothing is enabled");
            assertThat(chromium.driver.findElement(By.id("violation")).getText())
                    .isEmpty();
            for (String process : List.of("n1", "n2", "n3")) {
                assertThat(state(chromium, process, "mutex")).isEqualTo("released");
            }
            // Each process asked, was granted and released: 3 commands, 3 x 2 requests and 3 x 2 OKs at least.
            assertThat(chromium.driver.findElements(By.cssSelector("#taken li")).size())
                    .isGreaterThanOrEqualTo(15);
            chromium.screenshot("play-ricart-agrawala-random");
        }
    }
}
