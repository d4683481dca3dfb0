package dev.synchrony.sim.sweep;

import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tally of a seed sweep: runs, violations per property, and how to replay each violating seed. */
public final class SweepReport {

    /** How many violating seeds the table lists. */
    static final int LISTED = 20;

    private final String algorithm;
    private final long firstSeed;
    private final long lastSeed;
    private final Map<String, long[]> byProperty = new LinkedHashMap<>();
    private final List<String> violating = new ArrayList<>();
    private long runs;
    private long violatingRuns;
    private long failedRuns;
    private final long startNanos = System.nanoTime();

    SweepReport(String algorithm, long firstSeed, long lastSeed) {
        this.algorithm = algorithm;
        this.firstSeed = firstSeed;
        this.lastSeed = lastSeed;
    }

    void add(SimConfig config, RunResult result, String failure) {
        runs++;
        if (failure != null) {
            failedRuns++;
            violatingRuns++;
            violating.add("seed " + config.seed() + ": a process failed: " + failure);
            return;
        }
        List<String> broken = new ArrayList<>();
        for (CheckResult check : result.checks()) {
            long[] tally = byProperty.computeIfAbsent(check.property(), p -> new long[3]);
            tally[check.status().ordinal()]++;
            if (check.violated()) {
                broken.add(check.property());
            }
        }
        if (!broken.isEmpty()) {
            violatingRuns++;
            violating.add("seed " + config.seed() + " (" + String.join(", ", broken) + "): " + config.replayCommand());
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

    /** Violations of {@code property} so far. */
    public long violations(String property) {
        long[] tally = byProperty.get(property);
        return tally == null ? 0 : tally[CheckResult.Status.VIOLATED.ordinal()];
    }

    public Map<String, Long> violationsByProperty() {
        Map<String, Long> result = new LinkedHashMap<>();
        byProperty.forEach((property, tally) -> result.put(property, tally[CheckResult.Status.VIOLATED.ordinal()]));
        return result;
    }

    public List<String> violatingSeeds() {
        return List.copyOf(violating);
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "check %s: seeds %d..%d, %d runs, %.1fs wall%n", algorithm, firstSeed,
                lastSeed, runs, (System.nanoTime() - startNanos) / 1e9));
        out.append(String.format(Locale.ROOT, "  %-24s %8s %10s %8s%n", "property", "held", "violated", "skipped"));
        byProperty.forEach((property, tally) -> out.append(String.format(Locale.ROOT, "  %-24s %8d %10d %8d%n",
                property, tally[0], tally[1], tally[2])));
        if (failedRuns > 0) {
            out.append(String.format(Locale.ROOT, "  %-24s %8s %10d%n", "(process failures)", "", failedRuns));
        }
        out.append(String.format(Locale.ROOT, "runs with a violation: %d of %d%n", violatingRuns, runs));
        for (int i = 0; i < Math.min(LISTED, violating.size()); i++) {
            out.append("  ").append(violating.get(i)).append('\n');
        }
        if (violating.size() > LISTED) {
            out.append("  ... and ").append(violating.size() - LISTED).append(" more\n");
        }
        return out.toString();
    }
}
