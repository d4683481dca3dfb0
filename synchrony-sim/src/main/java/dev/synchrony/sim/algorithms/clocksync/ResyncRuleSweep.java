package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.catalog.Durations;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lecture's rule as an experiment: run {@code ntp} or {@code berkeley} with resync periods below and above
 * delta / (2 rho) and measure the largest skew between any two clocks after the warm-up. Under the rule it stays
 * within delta (plus the measurement error, small on a fast network); over it, it does not.
 */
public final class ResyncRuleSweep {

    /** One run of the sweep. */
    public record Row(
            long periodNanos,
            long ruleMaxPeriodNanos,
            long deltaNanos,
            long maxSkewNanos,
            long promisedNanos,
            boolean promiseHeld) {

        public boolean withinRule() {
            return periodNanos <= ruleMaxPeriodNanos;
        }

        public String format() {
            return String.format(
                    Locale.ROOT,
                    "period %-9s %-6s rule max %-9s max skew %-10s %s delta %s; promised %s (%s)",
                    Durations.format(periodNanos),
                    withinRule() ? "under" : "OVER",
                    Durations.format(ruleMaxPeriodNanos),
                    Durations.human(maxSkewNanos),
                    maxSkewNanos <= deltaNanos ? "<=" : "> ",
                    Durations.human(deltaNanos),
                    Durations.human(promisedNanos),
                    promiseHeld ? "held" : "VIOLATED");
        }
    }

    private ResyncRuleSweep() {}

    /**
     * @param base the run to vary (its algorithm, nodes, drift, latency, duration and seed)
     * @param periods the resync periods to try (NTP's --poll, Berkeley's --round)
     */
    public static List<Row> sweep(AlgorithmSpec spec, SimConfig base, long deltaNanos, List<Long> periods) {
        if (!(base.driftRho() > 0)) {
            throw new IllegalArgumentException("--drift: the rule needs a drift rate rho > 0");
        }
        String periodParam = spec.name().equals("berkeley") ? "round" : "poll";
        List<Row> rows = new ArrayList<>();
        for (long period : periods) {
            Map<String, String> params = new LinkedHashMap<>(base.params());
            params.put(periodParam, Durations.format(period));
            params.put("delta", Durations.format(deltaNanos));
            RunResult run = Simulation.run(spec, base.withParams(params));
            SkewPromise promise = spec.name().equals("berkeley")
                    ? BerkeleyExtras.promise(run.setup())
                    : NtpExtras.promise(run.setup());
            long skew = SkewSeries.maxBetweenClocks(SkewSeries.of(run.trace()).from(promise.warmUpNanos()));
            rows.add(new Row(
                    period,
                    Math.round(deltaNanos / (2 * base.driftRho())),
                    deltaNanos,
                    skew,
                    promise.betweenClocksNanos(),
                    !run.violated()));
        }
        return rows;
    }
}
