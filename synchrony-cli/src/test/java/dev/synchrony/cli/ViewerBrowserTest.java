package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The run viewer in a real browser: Debian's chromium driven through chromedriver. Skipped, saying so, only where
 * neither is installed ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them). Writes a
 * screenshot of every page it checks into {@code target/viewer-screenshots/} for a person to look at.
 */
class ViewerBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = HeadlessChromium.start();
        browser = chromium.driver;
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    private Path simulate(String name, String... args) {
        Path out = tmp.resolve(name);
        List<String> command = new ArrayList<>(List.of("simulate"));
        command.addAll(List.of(args));
        command.addAll(List.of("--out", out.toString()));
        CliTest.Outcome outcome = CliTest.run(command.toArray(String[]::new));
        assertThat(outcome.exitCode()).as(outcome.err()).isIn(0, 1);
        assertThat(out.resolve("viewer.html")).exists();
        return out;
    }

    private static long open(Path run) {
        long started = System.nanoTime();
        browser.get(run.resolve("viewer.html").toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> Boolean.TRUE.equals(
                        ((JavascriptExecutor) d).executeScript("return !!(window.viewer && window.viewer.ready)")));
        return System.nanoTime() - started;
    }

    private static void screenshot(String name) throws Exception {
        chromium.screenshot(name);
    }

    private static List<JsonNode> trace(Path run) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("trace.jsonl"))) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private static JsonNode find(List<JsonNode> trace, String node, String kind, String payloadStart) {
        return trace.stream()
                .filter(e -> e.get("node").asText().equals(node)
                        && e.get("kind").asText().equals(kind)
                        && e.path("payload").asText().startsWith(payloadStart))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + payloadStart + " at " + node));
    }

    private static long currentEvent() {
        return Long.parseLong(
                browser.findElement(By.cssSelector("#current [data-event]")).getAttribute("data-event"));
    }

    /** Steps with the keyboard, as a person would, from the first event to event {@code id}. */
    private static void stepTo(long id) {
        Actions keys = new Actions(browser);
        keys.sendKeys(Keys.HOME).perform();
        for (int i = 0; i < 10_000 && currentEvent() < id; i++) {
            keys.sendKeys(Keys.ARROW_RIGHT).perform();
        }
        assertThat(currentEvent()).isEqualTo(id);
    }

    private static String stateValue(String process, String key) {
        return browser.findElement(
                        By.cssSelector("#states tr[data-node='" + process + "'] [data-key='" + key + "'] .v"))
                .getText();
    }

    @Test
    void theLamportFigureShowsTheLecturesClockValuesWhenSteppedTo() throws Exception {
        Path run = simulate("lamport", "lamport", "--script", "../examples/lamport-figure.yaml");
        List<JsonNode> trace = trace(run);
        open(run);
        Object[][] expected = {{"P2", "m1", "16"}, {"P3", "m2", "40"}, {"P2", "m3", "61"}, {"P1", "m4", "70"}};
        for (Object[] row : expected) {
            JsonNode receipt = find(trace, (String) row[0], "receive", (String) row[1]);
            stepTo(receipt.get("id").asLong());
            assertThat(stateValue((String) row[0], "Lamport clock"))
                    .as("%s after receiving %s", row[0], row[1])
                    .isEqualTo(row[2]);
        }
        // One step back from P1's receipt of m4, P1 still shows the clock of its send of m1.
        new Actions(browser).sendKeys(Keys.ARROW_LEFT).perform();
        assertThat(stateValue("P1", "Lamport clock")).isEqualTo("6");
        screenshot("lamport-figure-stepped");
    }

    @Test
    void clickingTheSendOfM2LightsItsCausalPast() throws Exception {
        Path run = simulate("lamport", "lamport", "--script", "../examples/lamport-figure.yaml");
        long sendOfM2 = find(trace(run), "P2", "send", "m2").get("id").asLong();
        open(run);
        WebElement dot = groups().stream()
                .filter(g -> events(g).contains(sendOfM2))
                .findFirst()
                .orElseThrow();
        dot.findElement(By.cssSelector(".dot")).click();
        assertThat(dot.getAttribute("class")).contains("selected");
        // The lecture's answer: before m2 was sent, P1 started and sent m1, P2 started and received m1. P3 had
        // only started, concurrently.
        Set<String> past = new TreeSet<>();
        for (WebElement group : browser.findElements(By.cssSelector("#svg .group.past"))) {
            past.add(group.getAttribute("data-node") + ":" + kinds(run, events(group)));
        }
        assertThat(past)
                .containsExactlyInAnyOrder(
                        "P1:start", "P1:command internal send", "P2:start", "P2:receive internal deliver");
        assertThat(browser.findElement(By.id("past-count")).getText()).isEqualTo("4");
        // Its future: P3's receipt of m2 and everything after it, on every process.
        Set<String> future = new HashSet<>();
        for (WebElement group : browser.findElements(By.cssSelector("#svg .group.future"))) {
            future.add(group.getAttribute("data-node") + ":" + kinds(run, events(group)));
        }
        assertThat(future).contains("P3:receive internal deliver", "P1:receive internal deliver");
        assertThat(future).doesNotContain("P3:start");
        // m1's arrow is in the past, m3's in the future.
        assertThat(browser.findElements(By.cssSelector("#svg .msg.past"))).hasSize(1);
        screenshot("lamport-causal-past-of-m2");
    }

    @Test
    void aViolatingRunShowsItsEventsInRedAndJumpsToThem() throws Exception {
        Path run = simulate(
                "lamport-a", "lamport", "--script", "../examples/lamport-figure.yaml", "--correction", "false");
        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        Set<Long> named = new TreeSet<>();
        for (JsonNode check : summary.get("checks")) {
            if (check.get("status").asText().equals("violated")) {
                check.get("events").forEach(id -> named.add(id.asLong()));
            }
        }
        assertThat(named).isNotEmpty();
        open(run);
        Set<Long> red = new TreeSet<>();
        for (WebElement group : browser.findElements(By.cssSelector("#svg .group.violation"))) {
            red.addAll(events(group));
            assertThat(group.findElement(By.cssSelector(".dot")).getCssValue("fill"))
                    .isEqualTo("rgb(221, 0, 0)");
        }
        assertThat(red).containsAll(named);
        assertThat(browser.findElements(By.cssSelector("#svg .group.violation")))
                .hasSize(named.size());
        WebElement property = browser.findElement(By.cssSelector("#properties li.violated"));
        assertThat(property.getText()).contains("clock-condition").contains("VIOLATED");
        property.click();
        assertThat(currentEvent()).isEqualTo(named.iterator().next());
        assertThat(browser.findElement(By.id("current")).getText()).contains("violates clock-condition");
        screenshot("lamport-without-correction");
        // The static diagram says it too, in red with the property's message.
        String svg = Files.readString(run.resolve("diagram.svg"));
        assertThat(svg).contains("clock-condition VIOLATED").contains("fill=\"#d00\"");
    }

    @Test
    void aRunKeptAsCountsOnlySaysWhyThereIsNoDiagram() throws Exception {
        Path run = simulate("counts", "lamport", "--nodes", "3", "--trace-detail", "counts");
        open(run);
        assertThat(browser.findElement(By.id("diagram")).getText()).contains("counts only");
        assertThat(browser.findElement(By.id("story")).getText()).contains("messages sent");
        screenshot("counts-only");
    }

    @Test
    void aTenThousandEventRunLoadsAndStepsSmoothly() throws Exception {
        Path run = simulate("large", "lamport", "--nodes", "10", "--duration", "41s", "--seed", "5");
        long events = JSON.readTree(run.resolve("summary.json").toFile())
                .get("events")
                .asLong();
        assertThat(events).isGreaterThanOrEqualTo(10_000);
        long loadNanos = open(run);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        double scriptMillis = ((Number) js.executeScript("return window.viewer.loadMillis")).doubleValue();
        assertThat(((Number) js.executeScript("return window.viewer.events")).longValue())
                .isEqualTo(events);
        // Key presses through WebDriver, each awaited until the page shows the new position.
        Actions keys = new Actions(browser);
        keys.sendKeys(Keys.HOME).perform();
        int steps = 40;
        long[] latencies = new long[steps];
        for (int i = 0; i < steps; i++) {
            long before = currentEvent();
            long started = System.nanoTime();
            keys.sendKeys(Keys.ARROW_RIGHT).perform();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> currentEvent() != before);
            latencies[i] = System.nanoTime() - started;
        }
        // The page's own cost of a step, without WebDriver's round trips.
        double inPageMillis = ((Number) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const n = window.viewer.steps();
                const t0 = performance.now();
                for (let i = 0; i < 200; i++) window.viewer.show(Math.floor(i * (n - 1) / 199));
                requestAnimationFrame(() => done((performance.now() - t0) / 200));
                """)).doubleValue();
        Arrays.sort(latencies);
        System.out.printf(
                Locale.ROOT,
                "viewer of a %d-event run: page loaded and drawn in %.0f ms (script %.0f ms); "
                        + "a step by key, round trip through WebDriver: median %.1f ms, max %.1f ms (%d steps); "
                        + "in the page: %.2f ms per step (200 steps across the run)%n",
                events,
                loadNanos / 1e6,
                scriptMillis,
                latencies[steps / 2] / 1e6,
                latencies[steps - 1] / 1e6,
                steps,
                inPageMillis);
        screenshot("ten-thousand-events");
    }

    @Test
    void everyLectureFigureWritesAViewerThatDrawsIt() throws Exception {
        String[][] figures = {
            {"ntp", "ntp", "--script", "../examples/ntp-figure.yaml"},
            {"berkeley", "berkeley", "--script", "../examples/berkeley-figure.yaml"},
            {"vector-a", "vector", "--script", "../examples/vector-figure-a.yaml"},
            {"vector-b", "vector", "--script", "../examples/vector-figure-b.yaml"},
            {"bank", "bank", "--script", "../examples/bank-figure.yaml"},
            {"bank-total", "bank", "--script", "../examples/bank-figure.yaml", "--ordering", "total"},
            {"causal", "causal-order", "--script", "../examples/causal-figure.yaml"},
            {"central-mutex", "central-mutex", "--script", "../examples/central-mutex-figure.yaml"},
            {"ricart-agrawala", "ricart-agrawala", "--script", "../examples/ricart-agrawala-figure.yaml"},
            {"token-ring", "token-ring", "--script", "../examples/token-ring-figure.yaml"},
            {"bully", "bully", "--script", "../examples/bully-figure.yaml"},
            {"ring-election", "ring-election", "--script", "../examples/ring-election-figure.yaml"}
        };
        for (String[] figure : figures) {
            Path run = simulate(figure[0], Arrays.copyOfRange(figure, 1, figure.length));
            open(run);
            int dots = browser.findElements(By.cssSelector("#svg .group")).size();
            assertThat(dots).as(figure[0]).isPositive();
            assertThat(browser.findElements(By.cssSelector("#names span")))
                    .as(figure[0])
                    .isNotEmpty();
            screenshot("figure-" + figure[0]);
        }
        // The mutual exclusion figures shade their critical sections; the elections star their coordinator.
        browser.get(tmp.resolve("ricart-agrawala/viewer.html").toUri().toString());
        assertThat(browser.findElements(By.cssSelector("#svg rect.cs"))).hasSize(2);
        // The replicated account, as each replica reports it at the end: $1111 against $1110, then equal.
        open(tmp.resolve("bank"));
        assertThat(List.of(stateValue("P1", "balance"), stateValue("P2", "balance")))
                .containsExactlyInAnyOrder("$1111.00", "$1110.00");
        open(tmp.resolve("bank-total"));
        assertThat(stateValue("P1", "balance")).isEqualTo(stateValue("P2", "balance"));
        browser.get(tmp.resolve("bully/viewer.html").toUri().toString());
        assertThat(browser.findElement(By.id("story")).getText()).contains("6 (term");
    }

    private static List<WebElement> groups() {
        return browser.findElements(By.cssSelector("#svg .group"));
    }

    private static List<Long> events(WebElement group) {
        return Arrays.stream(group.getAttribute("data-events").split(","))
                .map(Long::parseLong)
                .toList();
    }

    private static String kinds(Path run, List<Long> ids) throws Exception {
        List<JsonNode> trace = trace(run);
        return String.join(
                " ",
                ids.stream()
                        .map(id -> trace.get(Math.toIntExact(id)).get("kind").asText())
                        .toList());
    }
}
