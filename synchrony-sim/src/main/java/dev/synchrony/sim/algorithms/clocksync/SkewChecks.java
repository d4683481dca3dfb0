package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The skew checks shared by NTP and Berkeley: measured skew against the bound the configuration promises. */
final class SkewChecks {

    private SkewChecks() {}

    /** Any two clocks stay within the promised bound after the warm-up. */
    static PropertyCheck betweenClocks(Function<RunResult, SkewPromise> promiseOf) {
        return new PropertyCheck() {
            @Override
            public String name() {
                return "skew-between-clocks";
            }

            @Override
            public CheckResult check(RunResult run) {
                SkewPromise promise = promiseOf.apply(run);
                SkewSeries series = SkewSeries.of(run.trace());
                if (series.instants().isEmpty()) {
                    return CheckResult.skipped(
                            name(), "no clock samples (a scripted run reads clocks only where it says 'do: read')");
                }
                List<SkewSeries.Instant> measured = series.from(promise.warmUpNanos());
                SkewSeries.Instant worst = SkewSeries.worstBetweenClocks(measured);
                if (worst == null) {
                    return CheckResult.skipped(
                            name(), "the run ended within the warm-up of " + SkewPromise.human(promise.warmUpNanos()));
                }
                String seen = "max " + SkewPromise.human(worst.maxBetweenClocks()) + " at t="
                        + SkewPromise.human(worst.timeNanos()) + " over " + measured.size() + " instants";
                if (!promise.promised()) {
                    return CheckResult.held(name(), seen + "; no bound promised (" + promise.whyNot() + ")");
                }
                if (worst.maxBetweenClocks() > promise.betweenClocksNanos()) {
                    return CheckResult.violated(
                            name(),
                            seen + " > promised " + SkewPromise.human(promise.betweenClocksNanos()),
                            worst.extremeEvents());
                }
                return CheckResult.held(
                        name(), seen + " <= promised " + SkewPromise.human(promise.betweenClocksNanos()));
            }
        };
    }

    /** Each clock of {@code indexes} stays within the promised bound of real time after the warm-up. */
    static PropertyCheck toRealTime(
            Function<RunResult, SkewPromise> promiseOf, Function<RunResult, List<Integer>> indexes) {
        return new PropertyCheck() {
            @Override
            public String name() {
                return "skew-to-real-time";
            }

            @Override
            public CheckResult check(RunResult run) {
                SkewPromise promise = promiseOf.apply(run);
                SkewSeries series = SkewSeries.of(run.trace());
                List<SkewSeries.Instant> measured = series.from(promise.warmUpNanos());
                if (measured.isEmpty()) {
                    return CheckResult.skipped(name(), "no clock samples after the warm-up");
                }
                List<Integer> which = indexes.apply(run);
                long max = SkewSeries.maxToRealTime(measured, which);
                String seen = "max " + SkewPromise.human(max);
                if (!promise.promised() || promise.toRealTimeNanos() < 0) {
                    return CheckResult.held(name(), seen + "; no bound promised");
                }
                if (max > promise.toRealTimeNanos()) {
                    List<Long> events = new ArrayList<>();
                    for (SkewSeries.Instant instant : measured) {
                        for (int index : which) {
                            Long offset = instant.offsetsNanos()[index];
                            if (offset != null && Math.abs(offset) == max && events.isEmpty()) {
                                events.add(instant.eventIds()[index]);
                            }
                        }
                    }
                    return CheckResult.violated(
                            name(), seen + " > promised " + SkewPromise.human(promise.toRealTimeNanos()), events);
                }
                return CheckResult.held(name(), seen + " <= promised " + SkewPromise.human(promise.toRealTimeNanos()));
            }
        };
    }
}
