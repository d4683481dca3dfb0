package dev.synchrony.sim.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.script.Script;
import dev.synchrony.sim.script.ScriptLoader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer page and the static diagram, without a browser (ViewerBrowserTest in the CLI drives one). */
class ViewerPageTest {

    @TempDir
    Path tmp;

    private static RunResult lamportFigure(boolean correction, SimConfig.TraceDetail detail) {
        Path file = Path.of("..", "examples", "lamport-figure.yaml");
        Script script = ScriptLoader.load(file);
        SimConfig config = SimConfig.defaults("lamport", 3, 1)
                .withNodes(script.nodeIds())
                .withDuration(script.durationNanos())
                .withParams(Map.of("correction", Boolean.toString(correction)));
        config = config.withCrashes(script.crashes()).withTraceDetail(detail).withScript(script, file.toString());
        return Simulation.run(Algorithms.require("lamport"), config);
    }

    private static JsonNode embedded(String page) throws Exception {
        String start = "<script type=\"application/json\" id=\"run-data\">";
        int from = page.indexOf(start) + start.length();
        return new ObjectMapper().readTree(page.substring(from, page.indexOf("</script>", from)));
    }

    @Test
    void theSimulatorRecordsEachProcesssStateWithTheEventThatCausedIt() {
        RunResult run = lamportFigure(true, SimConfig.TraceDetail.STATES);
        var receiptOfM3 = run.trace().events().stream()
                .filter(e -> e.kind() == dev.synchrony.sim.trace.EventKind.RECEIVE
                        && String.valueOf(e.payload()).startsWith("m3"))
                .findFirst()
                .orElseThrow();
        assertThat(run.trace().state(receiptOfM3.id())).containsEntry("Lamport clock", 61L);
        // A full trace without STATES keeps none: the cost is paid only when a viewer is wanted.
        RunResult plain = lamportFigure(true, SimConfig.TraceDetail.FULL);
        assertThat(plain.trace().state(receiptOfM3.id())).isNull();
    }

    @Test
    void thePageIsSelfContainedAndCarriesTheRunWithShortNames() throws Exception {
        RunResult run = lamportFigure(true, SimConfig.TraceDetail.STATES);
        RunReport report = new RunReport(Algorithms.require("lamport"), run);
        List<Path> files = report.writeFiles(tmp);
        assertThat(files).contains(tmp.resolve("viewer.html"));
        String page = Files.readString(tmp.resolve("viewer.html"));
        // Nothing fetched from anywhere: no external script, style, font or request.
        assertThat(page)
                .doesNotContain("/*VIEWER_JS*/")
                .doesNotContain("<script src")
                .doesNotContain("<link ")
                .doesNotContain("@import")
                .doesNotContain("fetch(")
                .doesNotContain("XMLHttpRequest")
                .doesNotContain("https://");
        JsonNode data = embedded(page);
        assertThat(data.get("complete").asBoolean()).isTrue();
        assertThat(data.get("events")).hasSize((int) run.trace().size());
        JsonNode send = data.get("events").get(5);
        assertThat(send.get("kind").asText()).isEqualTo("send");
        assertThat(send.get("short").asText()).isEqualTo("m1(ts=6)");
        assertThat(data.get("summary").get("story").asText()).startsWith("4 messages sent, 4 received, 0 lost");
    }

    @Test
    void aRunKeptAsCountsGetsAPageWithoutEvents() throws Exception {
        RunResult run = lamportFigure(true, SimConfig.TraceDetail.COUNTS);
        new RunReport(Algorithms.require("lamport"), run).writeFiles(tmp);
        JsonNode data = embedded(Files.readString(tmp.resolve("viewer.html")));
        assertThat(data.get("complete").asBoolean()).isFalse();
        assertThat(data.get("events")).isEmpty();
    }

    @Test
    void aStaleTraceInTheFolderIsNotTakenForTheRuns() throws Exception {
        new RunReport(Algorithms.require("lamport"), lamportFigure(true, SimConfig.TraceDetail.STATES)).writeFiles(tmp);
        Files.writeString(tmp.resolve("trace.jsonl"), "{\"id\":0,\"t\":0,\"node\":\"P1\",\"kind\":\"start\"}\n");
        ViewerPage.writeForDirectory(tmp);
        JsonNode data = embedded(Files.readString(tmp.resolve("viewer.html")));
        assertThat(data.get("complete").asBoolean()).isFalse();
        assertThatThrownBy(() -> ViewerPage.writeForDirectory(tmp.resolve("nothing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no summary.json");
    }

    @Test
    void theStaticDiagramDrawsAViolationInRedWithItsMessage() throws Exception {
        RunResult run = lamportFigure(false, SimConfig.TraceDetail.STATES);
        StringWriter out = new StringWriter();
        SpaceTimeDiagram.write(run.trace(), "lamport (a)", run.checks(), out);
        String svg = out.toString();
        assertThat(svg).contains("clock-condition VIOLATED: P3 send m3 C=60 happened before P2 receive m3 C=56");
        assertThat(svg.split("fill=\"#d00\"", -1)).hasSize(3); // the two events the property names
        // Figure 3's clock rulers: P2's clock reads 8, 16, 24 ... in seconds.
        assertThat(svg).contains("clocks in s").contains(">16</text>").contains(">48</text>");
        // One dot per lecture event: 3 starts + 4 sends + 4 receipts.
        assertThat(svg.split("<circle ", -1).length - 1 + svg.split("<rect x=", -1).length - 1)
                .isEqualTo(11);
        StringWriter passing = new StringWriter();
        RunResult corrected = lamportFigure(true, SimConfig.TraceDetail.STATES);
        SpaceTimeDiagram.write(corrected.trace(), "lamport (b)", corrected.checks(), passing);
        assertThat(passing.toString()).doesNotContain("VIOLATED").doesNotContain("#d00");
    }
}
