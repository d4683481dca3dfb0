package dev.synchrony.bench.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one invocation measured, round by round, and how it is summed up: the median of each figure over the
 * rounds, latencies also as the median of their per-round ratios to the raw round trip, the table and the JSON.
 */
final class Report {

    static final String BASELINE = "netty";
    static final List<String> PEERS = List.of("jgroups", "hazelcast", "curator");
    private static final Map<String, String> TITLES = Map.of(
            "synchrony", "Synchrony",
            "jgroups", "JGroups",
            "hazelcast", "Hazelcast",
            "curator", "Curator/ZK");

    /** One value of one figure of one system (and variant: algorithm, stack, security) in one round. */
    record Measurement(String system, String variant, Figure figure, int round, double value, boolean complete) {}

    /** A system or variant that could not be measured in a round, and why. */
    record Failure(String system, String variant, int round, String error) {}

    /** A figure's summary over the rounds. {@code perRoundTrip} is NaN for figures not read against the baseline. */
    record Summary(
            String system,
            String variant,
            Figure figure,
            double median,
            List<Double> perRound,
            double perRoundTrip,
            boolean complete) {}

    private final List<Measurement> measurements = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();

    synchronized void add(String system, String variant, Figure figure, int round, double value, boolean complete) {
        measurements.add(new Measurement(system, variant, figure, round, value, complete));
    }

    synchronized void fail(String system, String variant, int round, Throwable error) {
        failures.add(new Failure(system, variant, round, String.valueOf(error)));
    }

    synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    private double baseline(int round) {
        return measurements.stream()
                .filter(m -> m.system.equals(BASELINE) && m.round == round && m.figure == Figure.ROUND_TRIP)
                .mapToDouble(Measurement::value)
                .findFirst()
                .orElse(Double.NaN);
    }

    /** One summary per (system, variant, figure), in the order first measured. */
    synchronized List<Summary> summaries() {
        Map<List<Object>, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            groups.computeIfAbsent(List.of(m.system, m.variant, m.figure), k -> new ArrayList<>())
                    .add(m);
        }
        List<Summary> summaries = new ArrayList<>();
        for (List<Measurement> group : groups.values()) {
            Measurement first = group.get(0);
            List<Double> values = group.stream().map(Measurement::value).toList();
            List<Double> ratios = first.figure.perRoundTrip
                    ? group.stream().map(m -> m.value / baseline(m.round)).toList()
                    : List.of();
            summaries.add(new Summary(
                    first.system,
                    first.variant,
                    first.figure,
                    Samples.median(values),
                    values,
                    Samples.median(ratios),
                    group.stream().allMatch(Measurement::complete)));
        }
        return summaries;
    }

    /**
     * The table: a row per figure and Synchrony variant; then each peer's median of the same figure (latencies
     * also as a multiple of the raw round trip), Synchrony's multiple of the raw round trip, and Synchrony over
     * the best peer (for latencies and counts below 1 is better, for rates above 1).
     */
    void printTable(PrintStream out) {
        List<Summary> summaries = summaries();
        summaries.stream()
                .filter(s -> s.system.equals(BASELINE))
                .forEach(s -> out.printf(
                        Locale.ROOT,
                        "baseline: raw Netty round trip (64 B echo, loopback): median %.1f us (rounds: %s)%n",
                        s.median,
                        format(s.perRound)));
        String header = String.format(
                Locale.ROOT,
                "%-78s %-22s %14s %14s %14s %9s %9s",
                "figure [Synchrony variant]",
                "Synchrony",
                TITLES.get("jgroups"),
                TITLES.get("hazelcast"),
                TITLES.get("curator"),
                "x raw",
                "/ best peer");
        out.println(header);
        for (Figure figure : Figure.values()) {
            for (Summary ours : summaries) {
                if (!ours.system.equals("synchrony") || ours.figure != figure) {
                    continue;
                }
                StringBuilder row = new StringBuilder(String.format(
                        Locale.ROOT,
                        "%-78s %-22s",
                        figure.label + " (" + figure.unit + ") [" + ours.variant + "]",
                        value(ours) + (ours.complete ? "" : " (cut)")));
                double best = Double.NaN;
                for (String peer : PEERS) {
                    Summary theirs = best(summaries, peer, figure);
                    row.append(String.format(Locale.ROOT, " %14s", theirs == null ? "-" : value(theirs)));
                    if (theirs != null && !Double.isNaN(theirs.median) && theirs.median >= 0) {
                        best = Double.isNaN(best)
                                ? theirs.median
                                : figure.lowerIsBetter ? Math.min(best, theirs.median) : Math.max(best, theirs.median);
                    }
                }
                row.append(String.format(
                        Locale.ROOT,
                        " %9s %9s",
                        figure.perRoundTrip ? String.format(Locale.ROOT, "%.2fx", ours.perRoundTrip) : "-",
                        Double.isNaN(best) || best == 0
                                ? "-"
                                : String.format(Locale.ROOT, "%.2f", ours.median / best)));
                out.println(row);
            }
        }
        for (String peer : PEERS) {
            for (Summary theirs : summaries) {
                if (theirs.system.equals(peer) && theirs.figure.perRoundTrip) {
                    out.printf(
                            Locale.ROOT,
                            "  %s %s: %s = %.1f %s, %.2fx raw%s%n",
                            TITLES.get(peer),
                            theirs.variant,
                            theirs.figure.label,
                            theirs.median,
                            theirs.figure.unit,
                            theirs.perRoundTrip,
                            theirs.complete ? "" : " (cut by the case limit)");
                }
            }
        }
    }

    /** The peer's summary of {@code figure}: of its variants, the best one. */
    private static Summary best(List<Summary> summaries, String system, Figure figure) {
        Summary best = null;
        for (Summary s : summaries) {
            if (s.system.equals(system) && s.figure == figure) {
                if (best == null || (figure.lowerIsBetter ? s.median < best.median : s.median > best.median)) {
                    best = s;
                }
            }
        }
        return best;
    }

    private static String value(Summary s) {
        if (s.median < 0 || Double.isNaN(s.median)) {
            return "n/a";
        }
        String number = s.figure.unit.equals("us")
                ? String.format(Locale.ROOT, "%,.1f", s.median)
                : String.format(Locale.ROOT, "%,.0f", s.median);
        return s.figure.perRoundTrip && !s.system.equals("synchrony")
                ? number + String.format(Locale.ROOT, " (%.1fx)", s.perRoundTrip)
                : number;
    }

    private static String format(List<Double> values) {
        return String.join(
                ", ",
                values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
    }

    /** Writes everything measured and its summary as JSON to {@code path}. */
    void writeJson(Path path, Map<String, Object> context) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>(context);
        List<Map<String, Object>> results = new ArrayList<>();
        Set<String> systems = new LinkedHashSet<>();
        for (Summary s : summaries()) {
            systems.add(s.system);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("system", s.system);
            entry.put("variant", s.variant);
            entry.put("figure", s.figure.key());
            entry.put("label", s.figure.label);
            entry.put("unit", s.figure.unit);
            entry.put("median", finite(s.median));
            entry.put("perRound", s.perRound.stream().map(Report::finite).toList());
            entry.put("ratioToRawRoundTrip", s.figure.perRoundTrip ? finite(s.perRoundTrip) : null);
            entry.put("complete", s.complete);
            results.add(entry);
        }
        root.put("systems", List.copyOf(systems));
        root.put("results", results);
        root.put(
                "failures",
                failures().stream()
                        .map(f -> Map.of("system", f.system, "variant", f.variant, "round", f.round, "error", f.error))
                        .toList());
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), root);
    }

    /** JSON has no NaN: a value not measured is null. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
