package dev.synchrony.sim.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.synchrony.catalog.Durations;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.NetworkStats;
import dev.synchrony.sim.RunResult;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
        out.append(String.format(
                Locale.ROOT,
                "%s: %d processes, seed %d, %s virtual (wall %s)%n",
                spec.name(),
                trace.nodes().size(),
                run.config().seed(),
                Durations.human(run.endNanos()),
                Durations.human(run.wallNanos())));
        out.append("what happened: ").append(story()).append('\n');
        for (String line : extras.lines()) {
            out.append(line).append('\n');
        }
        List<String> kinds = new ArrayList<>();
        for (EventKind kind : EventKind.values()) {
            if (trace.count(kind) > 0) {
                kinds.add(kind.label() + " " + trace.count(kind));
            }
        }
        out.append("events: ")
                .append(trace.size())
                .append(" (")
                .append(String.join(", ", kinds))
                .append(")\n");
        NetworkStats net = run.network();
        out.append(String.format(
                Locale.ROOT,
                "messages: %d sent, %d received, %d lost (%d faults, %d partitions, %d to crashed), %d duplicated, %d in flight at end%n",
                net.sent(),
                net.received(),
                net.lost(),
                net.lostToFaults(),
                net.lostToPartitions(),
                net.lostToCrashes(),
                net.duplicated(),
                net.inFlightAtEnd()));
        out.append("properties:\n");
        for (CheckResult check : run.checks()) {
            out.append(
                    String.format(Locale.ROOT, "  %-22s %-8s %s%n", check.property(), check.status(), check.detail()));
            if (check.violated() && run.violationExpected()) {
                out.append("      ").append(run.setup().faultModelLabel()).append('\n');
            }
            if (check.violated()) {
                List<Long> ids = check.eventIds();
                for (int i = 0; i < Math.min(ids.size(), EVENTS_SHOWN); i++) {
                    out.append("      ")
                            .append(describe(trace.event(ids.get(i))))
                            .append('\n');
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

    /**
     * The run in the lecture's terms (issue 17.6): messages sent, received and lost, deliveries, entries to the
     * critical section, coordinators elected, crashes. The tool's own counters come after it.
     */
    public String story() {
        NetworkStats net = run.network();
        Trace trace = run.trace();
        List<String> parts = new ArrayList<>();
        parts.add(String.format(
                Locale.ROOT,
                "%d %s sent, %d received, %d lost",
                net.sent(),
                net.sent() == 1 ? "message" : "messages",
                net.received(),
                net.lost()));
        if (net.duplicated() > 0) {
            parts.add(net.duplicated() + " duplicated by the network");
        }
        long deliveries = trace.count(EventKind.DELIVER);
        if (deliveries > 0) {
            parts.add(deliveries + (deliveries == 1 ? " delivery" : " deliveries") + " to the application");
        }
        if (trace.complete()) {
            long entries = trace.withPayload(CriticalSection.Entered.class).size();
            if (entries > 0) {
                parts.add(entries + (entries == 1 ? " entry" : " entries") + " to the critical section");
            }
            Set<String> elected = new LinkedHashSet<>();
            for (TraceEvent event : trace.withPayload(LeaderElected.class)) {
                LeaderElected leader = (LeaderElected) event.payload();
                elected.add(leader.leader() + " (term " + leader.term() + ")");
            }
            if (!elected.isEmpty()) {
                parts.add((elected.size() == 1 ? "coordinator " : "coordinators ") + String.join(", ", elected)
                        + " elected");
            }
        }
        long crashes = trace.count(EventKind.CRASH);
        if (crashes > 0) {
            parts.add(crashes + (crashes == 1 ? " crash" : " crashes"));
        }
        return String.join("; ", parts);
    }

    private String describe(TraceEvent event) {
        Trace trace = run.trace();
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "#%d t=%s %s %s",
                event.id(),
                Durations.human(event.timeNanos()),
                trace.node(event.node()),
                event.kind().label()));
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
        json.put("story", story());
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
            if (check.violated() && run.violationExpected()) {
                entry.put("expected", run.setup().faultModelLabel());
            }
            checks.add(entry);
        }
        json.put("checks", checks);
        json.put("violated", run.violated());
        json.put(
                "faultsOutsideModel",
                run.setup().faultsOutsideModel().stream().map(f -> f.label()).toList());
        json.put("replay", run.config().replayCommand());
        json.putAll(extras.values());
        return json;
    }

    /** Writes trace.jsonl, shiviz.log, diagram.svg, summary.json and viewer.html into {@code directory}. */
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
                    SpaceTimeDiagram.write(
                            run.trace(), spec.name() + ", seed " + run.config().seed(), run.checks(), out);
                }
                written.add(svg);
                spec.writeExtraFiles(run, directory);
            }
            Path summary = directory.resolve("summary.json");
            Map<String, Object> summaryJson = summaryJson();
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summary.toFile(), summaryJson);
            written.add(summary);
            Path viewer = directory.resolve(ViewerPage.FILE_NAME);
            List<String> traceLines =
                    run.trace().complete() ? ViewerPage.lines(directory.resolve("trace.jsonl")) : List.of();
            try (Writer out = Files.newBufferedWriter(viewer, StandardCharsets.UTF_8)) {
                ViewerPage.write(summaryJson, traceLines, out);
            }
            written.add(viewer);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's files into " + directory + ": " + e.getMessage(), e);
        }
    }
}
