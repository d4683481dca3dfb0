package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.catalog.ClockSyncEntries;
import dev.synchrony.catalog.Durations;
import dev.synchrony.clocksync.ClockSyncCommand;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.spec.Harness;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The harness of the clock synchronization family: an observer samples every clock ({@code --sample}), scripts
 * read clocks and ask for a synchronization, clock rates may wander; summaries of the lecture's resync rule and of
 * the measured skew, and skew.svg, for its algorithms' extras ({@link NtpExtras}, {@link BerkeleyExtras}).
 */
public final class ClockSyncHarness implements Harness {

    @Override
    public Workload workload(RunSetup setup) {
        long asked = ClockSyncEntries.duration(setup.params(), "sample", 0);
        return new ClockSampling(ClockSampling.interval(asked, setup.config().durationNanos()));
    }

    @Override
    public long clockWanderPeriodNanos(RunSetup setup) {
        return ClockSyncEntries.duration(setup.params(), "wander", 0);
    }

    /** Script actions shared by both: read (the clocks) and poll (synchronize now). */
    @Override
    public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        ScriptFields command = new ScriptFields(fields, setup);
        return switch (command.action()) {
            case "read" -> new ClockSyncCommand.ReadClock();
            case "poll" -> new ClockSyncCommand.Poll();
            default -> throw command.unknownAction("read", "poll");
        };
    }

    /** The lecture's rule, stated for this run. */
    static void summarizeRule(RunSetup setup, SkewPromise promise, long periodNanos, Summary summary) {
        double rho = setup.environment().network().driftRho();
        long delta = ClockSyncEntries.duration(setup.params(), "delta", 10_000_000L);
        if (rho > 0 && periodNanos > 0) {
            long ruleMax = Math.round(delta / (2 * rho));
            boolean within = periodNanos <= ruleMax;
            summary.line("lecture's rule: delta " + Durations.human(delta) + ", rho " + rho
                    + " => resync at least every "
                    + "delta/(2 rho) = " + Durations.human(ruleMax) + "; this run resyncs every "
                    + Durations.human(periodNanos)
                    + (within ? " (within the rule)" : " (over the rule: clocks may drift more than delta apart)"));
            summary.value("ruleMaxPeriodNanos", ruleMax);
            summary.value("withinRule", within);
        }
        summary.value("deltaNanos", delta);
        summary.value("resyncPeriodNanos", periodNanos);
        SkewPromise.describe(promise).forEach(summary::line);
        summary.value("promised", promise.promised());
        summary.value("promisedBetweenClocksNanos", promise.betweenClocksNanos());
        summary.value("promisedToRealTimeNanos", promise.toRealTimeNanos());
        summary.value("warmUpNanos", promise.warmUpNanos());
    }

    /** Measured skews over the whole run and after the warm-up. */
    static void summarizeSkew(RunResult run, SkewPromise promise, List<Integer> toRealTimeOf, Summary summary) {
        SkewSeries series = SkewSeries.of(run.trace());
        if (series.instants().isEmpty()) {
            return;
        }
        List<SkewSeries.Instant> settled = series.from(promise.warmUpNanos());
        long between = SkewSeries.maxBetweenClocks(settled);
        long toReal = SkewSeries.maxToRealTime(settled, toRealTimeOf);
        summary.line(
                "measured after warm-up: max skew between clocks " + Durations.human(between) + ", max to real time "
                        + Durations.human(toReal) + " (whole run: "
                        + Durations.human(SkewSeries.maxBetweenClocks(series.instants()))
                        + " between clocks)");
        if (promise.promised()) {
            boolean held = between <= promise.betweenClocksNanos()
                    && (promise.toRealTimeNanos() < 0 || toReal <= promise.toRealTimeNanos());
            summary.line("bound " + (held ? "held" : "VIOLATED"));
            summary.value("boundHeld", held);
        }
        summary.value("maxSkewBetweenClocksNanos", between);
        summary.value("maxSkewToRealTimeNanos", toReal);
    }

    static void writeSkewPlot(RunResult run, String title, SkewPromise promise, Path directory) throws IOException {
        if (!run.trace().complete()) {
            return;
        }
        try (Writer out = Files.newBufferedWriter(directory.resolve("skew.svg"), StandardCharsets.UTF_8)) {
            SkewPlot.write(SkewSeries.of(run.trace()), title, promise, out);
        }
    }

    /** A signed duration, in whole minutes when it is one (the Berkeley figure is in minutes). */
    static String signed(long nanos) {
        if (nanos == 0) {
            return "0";
        }
        String sign = nanos > 0 ? "+" : "-";
        long magnitude = Math.abs(nanos);
        if (magnitude != 0 && magnitude % 60_000_000_000L == 0) {
            return sign + magnitude / 60_000_000_000L + "min";
        }
        return sign + Durations.human(magnitude);
    }

    /** A clock reading as h:mm(:ss), as the Berkeley figure shows clocks. */
    static String clockFace(long nanos) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        long hours = seconds / 3600;
        long minutes = (seconds / 60) % 60;
        long rest = seconds % 60;
        return rest == 0
                ? String.format(java.util.Locale.ROOT, "%d:%02d", hours, minutes)
                : String.format(java.util.Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest);
    }
}
