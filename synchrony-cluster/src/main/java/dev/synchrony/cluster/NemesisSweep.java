package dev.synchrony.cluster;

import dev.synchrony.cluster.nemesis.ClientHistory;
import dev.synchrony.cluster.nemesis.NemesisKind;
import dev.synchrony.sim.CheckResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code synchrony cluster --nemesis ... --runs N}: N cluster runs, seeds S..S+N-1 (each draws its own schedule), one
 * run folder each ({@code DIR/run-K/}), and the counts of the client-side history summed over them: double grants,
 * fencing regressions, double leaders, entries; violations in runs whose faults lie outside the algorithm's model are
 * counted apart, as expected.
 */
public final class NemesisSweep {

    /** One run's line of the sweep. */
    public record RunLine(long seed, ClusterRun.Outcome outcome, boolean outsideModel, List<String> violated) {}

    /** The sweep's totals. */
    public record Totals(
            int runs,
            long entries,
            long doubleGrants,
            long fencingRegressions,
            long leaderships,
            long doubleLeaders,
            int runsViolated,
            int runsExpected,
            int runsWithoutEvents,
            List<RunLine> lines) {
        /** Violations that no fault outside the model explains: what makes the sweep fail. */
        public int runsUnexpected() {
            return runsViolated - runsExpected;
        }
    }

    private NemesisSweep() {}

    public static Totals run(ClusterRun.Options options, int runs, Path base, PrintWriter out) {
        if (runs < 1 || runs > 1000) {
            throw new IllegalArgumentException("--runs: " + runs + " is out of range (1..1000)");
        }
        List<RunLine> lines = new ArrayList<>();
        long entries = 0;
        long doubles = 0;
        long regressions = 0;
        long leaderships = 0;
        long doubleLeaders = 0;
        int violated = 0;
        int expected = 0;
        int empty = 0;
        for (int k = 0; k < runs; k++) {
            long seed = options.seed() + k;
            ClusterRun.Options one = options.withSeedAndOut(seed, base.resolve("run-" + (k + 1)));
            ClusterRun.Outcome outcome = ClusterRun.run(one, out);
            ClusterRun.report(outcome, out);
            ClientHistory h = outcome.history();
            boolean outside = outcome.run().violationExpected()
                    || !outcome.skewsBeyondRho(options.assumedRho()).isEmpty();
            List<String> names = outcome.run().checks().stream()
                    .filter(CheckResult::violated)
                    .map(CheckResult::property)
                    .toList();
            if (outcome.run().trace().size() == 0) {
                empty++;
            }
            if (h != null) {
                entries += h.entries();
                doubles += h.doubleGrants();
                regressions += h.fencingRegressions();
                leaderships += h.leaderships();
                doubleLeaders += h.doubleLeaders();
            }
            if (!names.isEmpty()) {
                violated++;
                if (outside) {
                    expected++;
                }
            }
            RunLine line = new RunLine(seed, outcome, outside, names);
            lines.add(line);
            out.printf(
                    Locale.ROOT,
                    "sweep run %d/%d (seed %d): %s%n",
                    k + 1,
                    runs,
                    seed,
                    names.isEmpty()
                            ? "all properties held"
                            : "VIOLATED " + String.join(", ", names)
                                    + (outside ? " (expected: outside its fault model)" : ""));
            out.flush();
        }
        Totals totals = new Totals(
                runs, entries, doubles, regressions, leaderships, doubleLeaders, violated, expected, empty, lines);
        out.println(summary(totals, options));
        out.flush();
        return totals;
    }

    /** The sweep's closing line. */
    public static String summary(Totals t, ClusterRun.Options options) {
        return String.format(
                Locale.ROOT,
                "sweep: %s, %d runs (nemesis %s): %d entries, %d double grants, %d fencing regressions, %d leaderships,"
                        + " %d double leaders; %d runs violated (%d expected: outside its fault model)%s",
                options.algorithm(),
                t.runs(),
                describe(options),
                t.entries(),
                t.doubleGrants(),
                t.fencingRegressions(),
                t.leaderships(),
                t.doubleLeaders(),
                t.runsViolated(),
                t.runsExpected(),
                t.runsWithoutEvents() == 0 ? "" : "; " + t.runsWithoutEvents() + " runs recorded no event");
    }

    private static String describe(ClusterRun.Options options) {
        List<String> parts = new ArrayList<>();
        options.nemesis().stream().map(NemesisKind::label).sorted().forEach(parts::add);
        parts.addAll(options.faults());
        return parts.isEmpty() ? "none" : String.join(",", parts);
    }
}
