package dev.synchrony.sim.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run viewer: one self-contained HTML page (its script and style inlined, no network) that draws the run's
 * space-time diagram in the lecture's style and lets a person step through it event by event, see each process's
 * state, light an event's causal past and future, and jump to the events of a violated property.
 *
 * <p>It is built from a run's own files, {@code summary.json} and {@code trace.jsonl}, so the same page serves a
 * simulation, a replay or a merged cluster trace. A run kept as counts only has no trace: the page then shows the
 * summary and says why there is no diagram.
 */
public final class ViewerPage {

    public static final String FILE_NAME = "viewer.html";
    private static final String RESOURCES = "/dev/synchrony/sim/export/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Labels beside dots are cut here; the event list and tooltips have the whole text. */
    private static final int EVENT_LABEL_CHARS = 28;

    private static final int NARROW_LABEL_CHARS = 16;

    private ViewerPage() {}

    /**
     * Writes the page.
     *
     * @param summary the run's summary.json content
     * @param traceLines the lines of trace.jsonl, or an empty list for a run kept as counts only
     */
    public static void write(Map<String, Object> summary, List<String> traceLines, Writer out) throws IOException {
        ObjectNode data = JSON.createObjectNode();
        data.set("summary", JSON.valueToTree(summary));
        data.put("complete", !traceLines.isEmpty());
        ArrayNode events = data.putArray("events");
        for (String line : traceLines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode parsed = JSON.readTree(line);
            if (!(parsed instanceof ObjectNode event)) {
                throw new IOException("trace line is not a JSON object: " + ShortNames.shorten(line, 60));
            }
            String payload = event.path("payload").asText(null);
            if (payload != null) {
                event.put("short", ShortNames.message(payload));
                event.put("label", ShortNames.event(payload, EVENT_LABEL_CHARS));
                // For narrow columns: the lecture's words in fewer characters where it has them.
                event.put("narrowLabel", ShortNames.event(payload, NARROW_LABEL_CHARS));
            }
            events.add(event);
        }
        String page = resource("viewer.html")
                .replace("/*VIEWER_CSS*/", resource("viewer.css"))
                .replace("/*VIEWER_JS*/", resource("viewer.js"))
                .replace("<!--TITLE-->", SpaceTimeDiagram.escape(title(summary)))
                // JSON inside a script element: only "</" could end it early.
                .replace("/*RUN_DATA*/", JSON.writeValueAsString(data).replace("</", "<\\/"));
        out.write(page);
    }

    /** Builds the page of an existing run folder (what {@code synchrony view} does) and returns its path. */
    public static Path writeForDirectory(Path directory) {
        Path summaryFile = directory.resolve("summary.json");
        if (!Files.isRegularFile(summaryFile)) {
            throw new IllegalArgumentException(directory + " is not a run folder: it has no summary.json");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = JSON.readValue(summaryFile.toFile(), Map.class);
            List<String> lines = List.of();
            Path traceFile = directory.resolve("trace.jsonl");
            if (Files.isRegularFile(traceFile)) {
                lines = Files.readAllLines(traceFile, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank())
                        .toList();
                Object events = summary.get("events");
                if (events instanceof Number count && count.longValue() != lines.size()) {
                    // A trace left by an earlier run in the same folder: not this run's.
                    lines = List.of();
                }
            }
            Path page = directory.resolve(FILE_NAME);
            try (Writer out = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
                write(summary, lines, out);
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the viewer of " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String title(Map<String, Object> summary) {
        return summary.getOrDefault("algorithm", "run") + ", seed " + summary.getOrDefault("seed", "?");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ViewerPage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("the viewer's " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Reads trace lines written a moment ago, for {@link RunReport}. */
    static List<String> lines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
