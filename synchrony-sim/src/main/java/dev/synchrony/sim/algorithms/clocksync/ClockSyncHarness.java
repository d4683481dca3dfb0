package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.clocksync.ClockCorrection;
import dev.synchrony.clocksync.ClockSyncCommand;
import dev.synchrony.sim.Durations;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.spec.ParamSpec;
import dev.synchrony.sim.spec.Params;
import dev.synchrony.sim.spec.RunSetup;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.spec.Workload;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the NTP and Berkeley harnesses share: options, the sampling observer, summaries and skew.svg. */
final class ClockSyncHarness {

    static final List<ParamSpec> COMMON = List.of(
            ParamSpec.of("slew", "auto", "how long a correction is slewed over (auto: a quarter of the resync period)"),
            ParamSpec.of("step-threshold", "128ms", "corrections larger than this are stepped, not slewed (NTP's 128ms)"),
            ParamSpec.of("delta", "10ms", "the precision wanted: the lecture's rule asks for a resync every delta/(2 rho)"),
            ParamSpec.of("sample", "auto", "how often the observer reads every clock (auto: 200 readings per run)"),
            ParamSpec.of("wander", "0", "drift shape: 0 for constant rates; a period P for rates swinging through"
                    + " [1-rho, 1+rho] as 1 + rho sin(2 pi t / P' + phase), P' drawn in [P/2, 2P]"));

    private ClockSyncHarness() {
    }

    /** A duration option where "auto" means {@code fallback} and 0 is allowed. */
    static long duration(Params params, String name, long fallback) {
        String text = params.string(name).trim();
        if (text.equals("auto")) {
            return fallback;
        }
        if (text.equals("0")) {
            return 0;
        }
        long value = params.durationNanos(name);
        if (value < 0) {
            throw new IllegalArgumentException("--" + name + ": must not be negative");
        }
        return value;
    }

    static ClockCorrection correction(RunSetup setup, long resyncPeriodNanos) {
        long slew = duration(setup.params(), "slew", Math.max(1, resyncPeriodNanos / 4));
        if (slew <= 0) {
            throw new IllegalArgumentException("--slew: must be positive");
        }
        return new ClockCorrection(slew, duration(setup.params(), "step-threshold", 0));
    }

    static Workload sampling(RunSetup setup) {
        long asked = duration(setup.params(), "sample", 0);
        return new ClockSampling(ClockSampling.interval(asked, setup.config().durationNanos()));
    }

    /** Script actions shared by both: read (the clocks) and poll (synchronize now). */
    static Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        ScriptFields command = new ScriptFields(fields, setup);
        return switch (command.action()) {
            case "read" -> new ClockSyncCommand.ReadClock();
            case "poll" -> new ClockSyncCommand.Poll();
            default -> throw command.unknownAction("read", "poll");
        };
    }

    /** The lecture's rule, stated for this run. */
    static void summarizeRule(RunSetup setup, SkewPromise promise, long periodNanos, Summary summary) {
        double rho = setup.config().driftRho();
        long delta = duration(setup.params(), "delta", 10_000_000L);
        if (rho > 0 && periodNanos > 0) {
            long ruleMax = Math.round(delta / (2 * rho));
            boolean within = periodNanos <= ruleMax;
            summary.line("lecture's rule: delta " + Durations.human(delta) + ", rho " + rho + " => resync at least every "
                    + "delta/(2 rho) = " + Durations.human(ruleMax) + "; this run resyncs every " + Durations.human(periodNanos)
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
        summary.line("measured after warm-up: max skew between clocks " + Durations.human(between) + ", max to real time "
                + Durations.human(toReal) + " (whole run: " + Durations.human(SkewSeries.maxBetweenClocks(series.instants()))
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
        return rest == 0 ? String.format(java.util.Locale.ROOT, "%d:%02d", hours, minutes)
                : String.format(java.util.Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest);
    }
}
