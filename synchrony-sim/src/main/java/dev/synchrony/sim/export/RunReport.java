package dev.synchrony.sim.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.synchrony.catalog.Durations;
import dev.synchrony.sim.NetworkStats;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human summary of a run, and the files {@code synchrony simulate} writes. */
public final class RunReport {

    /** How many events of a violation are printed. */
    private static final int EVENTS_SHOWN = 8;

    private final AlgorithmSpec spec;
    private final RunResult run;
    private final Summary extras = new Summary();

    public RunReport(AlgorithmSpec spec, RunResult run) {
        this.spec = spec;
        this.run = run;
        if (run.trace().complete()) {
            spec.summarize(run, extras);
        }
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        Trace trace = run.trace();
        out.append(String.format(Locale.ROOT, "%s: %d processes, seed %d, %s virtual (wall %s)%n", spec.name(),
                trace.nodes().size(), run.config().seed(), Durations.human(run.endNanos()),
                Durations.human(run.wallNanos())));
        List<String> kinds = new ArrayList<>();
        for (EventKind kind : EventKind.values()) {
            if (trace.count(kind) > 0) {
                kinds.add(kind.label() + " " + trace.count(kind));
            }
        }
        out.append("events: ").append(trace.size()).append(" (").append(String.join(", ", kinds)).append(")\n");
        NetworkStats net = run.network();
        out.append(String.format(Locale.ROOT,
                "messages: %d sent, %d received, %d lost (%d faults, %d partitions, %d to crashed), %d duplicated, %d in flight at end%n",
                net.sent(), net.received(), net.lost(), net.lostToFaults(), net.lostToPartitions(),
                net.lostToCrashes(), net.duplicated(), net.inFlightAtEnd()));
        for (String line : extras.lines()) {
            out.append(line).append('\n');
        }
        out.append("properties:\n");
        for (CheckResult check : run.checks()) {
            out.append(String.format(Locale.ROOT, "  %-22s %-8s %s%n", check.property(), check.status(), check.detail()));
            if (check.violated()) {
                List<Long> ids = check.eventIds();
                for (int i = 0; i < Math.min(ids.size(), EVENTS_SHOWN); i++) {
                    out.append("      ").append(describe(trace.event(ids.get(i)))).append('\n');
                }
                if (ids.size() > EVENTS_SHOWN) {
                    out.append("      ... ").append(ids.size() - EVENTS_SHOWN).append(" more events\n");
                }
            }
        }
        if (run.violated()) {
            out.append("replay: ").append(run.config().replayCommand()).append('\n');
        }
        return out.toString();
    }

    private String describe(TraceEvent event) {
        Trace trace = run.trace();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "#%d t=%s %s %s", event.id(),
                Durations.human(event.timeNanos()), trace.node(event.node()), event.kind().label()));
        if (event.peer() >= 0) {
            text.append(event.kind() == EventKind.SEND ? " to " : " from ").append(trace.node(event.peer()));
        }
        if (event.payload() != null) {
            text.append(' ').append(event.payload());
        }
        return text.toString();
    }

    public Map<String, Object> summaryJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("algorithm", spec.name());
        json.put("seed", run.config().seed());
        json.put("processes", run.trace().nodes().stream().map(Object::toString).toList());
        json.put("virtualNanos", run.endNanos());
        json.put("wallNanos", run.wallNanos());
        json.put("events", run.trace().size());
        NetworkStats net = run.network();
        Map<String, Object> messages = new LinkedHashMap<>();
        messages.put("sent", net.sent());
        messages.put("received", net.received());
        messages.put("lost", net.lost());
        messages.put("duplicated", net.duplicated());
        messages.put("inFlightAtEnd", net.inFlightAtEnd());
        json.put("messages", messages);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult check : run.checks()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("property", check.property());
            entry.put("status", check.status().name().toLowerCase(Locale.ROOT));
            entry.put("detail", check.detail());
            entry.put("events", check.eventIds());
            checks.add(entry);
        }
        json.put("checks", checks);
        json.put("violated", run.violated());
        json.put("replay", run.config().replayCommand());
        json.putAll(extras.values());
        return json;
    }

    /** Writes trace.jsonl, shiviz.log, diagram.svg and summary.json into {@code directory}. */
    public List<Path> writeFiles(Path directory) {
        try {
            Files.createDirectories(directory);
            List<Path> written = new ArrayList<>();
            if (run.trace().complete()) {
                Path jsonl = directory.resolve("trace.jsonl");
                try (Writer out = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
                    JsonLinesExport.write(run.trace(), out);
                }
                written.add(jsonl);
                Path shiviz = directory.resolve("shiviz.log");
                try (Writer out = Files.newBufferedWriter(shiviz, StandardCharsets.UTF_8)) {
                    ShiVizExport.write(run.trace(), out);
                }
                written.add(shiviz);
                Path svg = directory.resolve("diagram.svg");
                try (Writer out = Files.newBufferedWriter(svg, StandardCharsets.UTF_8)) {
                    SpaceTimeDiagram.write(run.trace(), spec.name() + ", seed " + run.config().seed(), out);
                }
                written.add(svg);
                spec.writeExtraFiles(run, directory);
            }
            Path summary = directory.resolve("summary.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summary.toFile(), summaryJson());
            written.add(summary);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's files into " + directory + ": " + e.getMessage(), e);
        }
    }
}
