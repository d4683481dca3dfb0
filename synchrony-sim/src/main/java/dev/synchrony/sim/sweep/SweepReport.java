package dev.synchrony.sim.sweep;

import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The tally of a seed sweep: runs, violations per property, and how to replay each violating seed. */
public final class SweepReport {

    /** How many violating seeds the table lists. */
    static final int LISTED = 20;
    /** The tally column of violations outside the algorithm's fault model, after the {@link CheckResult.Status} ones. */
    public static final int EXPECTED = CheckResult.Status.values().length;

    private static final int TALLY_COLUMNS = EXPECTED + 1;

    private final String algorithm;
    private final long firstSeed;
    private final long lastSeed;
    private final Map<String, long[]> byProperty = new LinkedHashMap<>();
    private final List<Violation> violating = new ArrayList<>();
    private final List<Violation> expected = new ArrayList<>();
    private long runs;
    private long violatingRuns;
    private final List<Failure> failures = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    SweepReport(String algorithm, long firstSeed, long lastSeed) {
        this.algorithm = algorithm;
        this.firstSeed = firstSeed;
        this.lastSeed = lastSeed;
    }

    /**
     * A run that ended with {@code properties} violated; {@code label} says why it was expected (a fault outside the
     * algorithm's model), empty for a real violation.
     */
    public record Violation(SimConfig config, List<String> properties, String label) {
        public Violation(SimConfig config, List<String> properties) {
            this(config, properties, "");
        }

        public boolean expected() {
            return !label.isEmpty();
        }

        public String line() {
            return line(SimConfig::replayCommand);
        }

        /** The line with the replay command {@code replay} writes for the run. */
        public String line(Function<SimConfig, String> replay) {
            return "seed " + config.seed() + " (" + String.join(", ", properties) + (expected() ? "; " + label : "")
                    + "): " + replay.apply(config);
        }
    }

    /** A run that threw instead of ending: a bug in an algorithm or in the simulator, not a violation. */
    public record Failure(SimConfig config, RuntimeException error) {}

    void add(SimConfig config, RunResult result, RuntimeException failure) {
        runs++;
        if (failure != null) {
            failures.add(new Failure(config, failure));
            return;
        }
        List<String> broken = new ArrayList<>();
        String label = result.violationExpected() ? result.setup().faultModelLabel() : "";
        for (CheckResult check : result.checks()) {
            long[] tally = byProperty.computeIfAbsent(check.property(), p -> new long[TALLY_COLUMNS]);
            // An expected violation is counted in its own column, never with the real ones.
            tally[
                    check.violated() && !label.isEmpty()
                            ? EXPECTED
                            : check.status().ordinal()]++;
            if (check.violated()) {
                broken.add(check.property());
            }
        }
        if (broken.isEmpty()) {
            return;
        }
        if (label.isEmpty()) {
            violatingRuns++;
            violating.add(new Violation(config, List.copyOf(broken)));
        } else {
            expected.add(new Violation(config, List.copyOf(broken), label));
        }
    }

    public long runs() {
        return runs;
    }

    public long violatingRuns() {
        return violatingRuns;
    }

    public boolean anyViolation() {
        return violatingRuns > 0;
    }

    /** Runs whose violations were expected (a fault outside the algorithm's model), in seed order. */
    public List<Violation> expectedViolations() {
        return List.copyOf(expected);
    }

    /** Expected violations of {@code property} so far (runs with a fault outside the fault model). */
    public long expectedViolations(String property) {
        long[] tally = byProperty.get(property);
        return tally == null ? 0 : tally[EXPECTED];
    }

    /** Real violations of {@code property} so far (expected ones are counted apart). */
    public long violations(String property) {
        long[] tally = byProperty.get(property);
        return tally == null ? 0 : tally[CheckResult.Status.VIOLATED.ordinal()];
    }

    public Map<String, Long> violationsByProperty() {
        Map<String, Long> result = new LinkedHashMap<>();
        byProperty.forEach((property, tally) -> result.put(property, tally[CheckResult.Status.VIOLATED.ordinal()]));
        return result;
    }

    /** The runs that threw, in seed order. */
    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    /**
     * Per property: runs where it held, was violated, was skipped, had nothing to check, was blocked (in
     * {@link CheckResult.Status} order), then expected violations ({@link #EXPECTED}).
     */
    public Map<String, long[]> tallies() {
        Map<String, long[]> copy = new LinkedHashMap<>();
        byProperty.forEach((property, tally) -> copy.put(property, tally.clone()));
        return copy;
    }

    public long firstSeed() {
        return firstSeed;
    }

    public long lastSeed() {
        return lastSeed;
    }

    public String algorithm() {
        return algorithm;
    }

    /** The violating runs, in seed order. */
    public List<Violation> violations() {
        return List.copyOf(violating);
    }

    /** One line per violating run, then one per failed run: empty when every run ended and every property held. */
    public List<String> violatingSeeds() {
        List<String> lines =
                new ArrayList<>(violating.stream().map(Violation::line).toList());
        failures.forEach(f -> lines.add("seed " + f.config().seed() + ": internal error: " + f.error()));
        return lines;
    }

    public String table() {
        return table(SimConfig::replayCommand);
    }

    /** The table, each violating seed followed by the command {@code replay} writes for it. */
    public String table(Function<SimConfig, String> replay) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "check %s: seeds %d..%d, %d runs, %.1fs wall%n",
                algorithm,
                firstSeed,
                lastSeed,
                runs,
                (System.nanoTime() - startNanos) / 1e9));
        boolean anyExpected = !expected.isEmpty();
        int blockedColumn = CheckResult.Status.BLOCKED.ordinal();
        boolean anyBlocked = byProperty.values().stream().anyMatch(t -> t[blockedColumn] > 0);
        out.append(String.format(
                Locale.ROOT,
                "  %-24s %8s %10s %8s %17s%s%s%n",
                "property",
                "held",
                "violated",
                "skipped",
                "nothing to check",
                anyBlocked ? String.format(Locale.ROOT, " %8s", "blocked") : "",
                anyExpected ? String.format(Locale.ROOT, " %9s", "expected") : ""));
        byProperty.forEach((property, tally) -> out.append(String.format(
                Locale.ROOT,
                "  %-24s %8d %10d %8d %17d%s%s%n",
                property,
                tally[0],
                tally[1],
                tally[2],
                tally[3],
                anyBlocked ? String.format(Locale.ROOT, " %8d", tally[blockedColumn]) : "",
                anyExpected ? String.format(Locale.ROOT, " %9d", tally[EXPECTED]) : "")));
        if (!failures.isEmpty()) {
            out.append(String.format(
                    Locale.ROOT, "runs that failed with an internal error: %d of %d%n", failures.size(), runs));
        }
        out.append(String.format(Locale.ROOT, "runs with a violation: %d of %d%n", violatingRuns, runs));
        for (int i = 0; i < Math.min(LISTED, violating.size()); i++) {
            out.append("  ").append(violating.get(i).line(replay)).append('\n');
        }
        if (violating.size() > LISTED) {
            out.append("  ... and ").append(violating.size() - LISTED).append(" more\n");
        }
        if (anyBlocked) {
            out.append("blocked: progress stopped after a fault outside the algorithm's model (a crash), as it must\n");
        }
        if (anyExpected) {
            out.append(String.format(
                    Locale.ROOT,
                    "runs with an expected violation (a fault outside %s's fault model): %d of %d%n",
                    algorithm,
                    expected.size(),
                    runs));
            int shown = Math.max(0, Math.min(LISTED - violating.size(), expected.size()));
            shown = Math.max(shown, Math.min(3, expected.size()));
            for (int i = 0; i < shown; i++) {
                out.append("  ").append(expected.get(i).line(replay)).append('\n');
            }
            if (expected.size() > shown) {
                out.append("  ... and ").append(expected.size() - shown).append(" more\n");
            }
        }
        return out.toString();
    }
}
