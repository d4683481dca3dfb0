package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.catalog.ClockSyncEntries;
import dev.synchrony.catalog.Durations;
import dev.synchrony.clocksync.BerkeleyRound;
import dev.synchrony.clocksync.ClockCorrection;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.spec.Harness;
import dev.synchrony.sim.spec.HarnessExtras;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code berkeley}: the time daemon (by default n1) averages the clocks that agree and tells every machine how
 * much to adjust.
 *
 * <p>The promised bound between any two clocks, with D the longest daemon-machine round trip, tau the round
 * interval in real time, T the round timeout and S the slew period: each machine's estimate is off by at most
 * D/2 (1 + rho), so right after a round two clocks differ by at most D (1 + rho); they then drift apart at up to
 * 2 rho until the next round's adjustments are slewed in: D (1 + rho) + 2 rho (tau + 2 (T + D + S)). Berkeley
 * has no reference clock, so nothing is promised about real time.
 */
public final class BerkeleyExtras extends HarnessExtras {

    public BerkeleyExtras(Harness family) {
        super(family);
    }

    static SkewPromise promise(RunSetup setup) {
        SimConfig config = setup.config();
        String unbounded = SkewPromise.unboundedNetwork(config);
        if (unbounded != null) {
            return SkewPromise.none(unbounded);
        }
        long round = ClockSyncEntries.roundNanos(setup.environment());
        if (round == 0) {
            return SkewPromise.none("rounds start only when a script says so");
        }
        long timeout = ClockSyncEntries.roundTimeoutNanos(setup.environment());
        long roundTrip = SkewPromise.maxRoundTripNanos(config, ClockSyncEntries.daemon(setup.environment()));
        if (timeout < roundTrip) {
            return SkewPromise.none("the round timeout " + Durations.human(timeout) + " is shorter than a round trip "
                    + Durations.human(roundTrip) + ": late machines miss rounds");
        }
        if (timeout >= round) {
            return SkewPromise.none("the round timeout is not shorter than the round");
        }
        double rho = config.driftRho();
        long tau = (long) Math.ceil(round / (1 - rho));
        ClockCorrection correction = ClockSyncEntries.berkeleyCorrection(setup.environment());
        long slew = correction.slewPeriodNanos();
        long between = (long) Math.ceil(roundTrip * (1 + rho) + 2 * rho * (tau + 2 * (timeout + roundTrip + slew)))
                + SkewPromise.ROUNDING_NANOS;
        long warmUp = 2 * (tau + timeout + roundTrip + Math.max(slew, 2 * correction.stepThresholdNanos()));
        String formula = String.format(
                Locale.ROOT,
                "D (1+rho) + 2 rho (tau + 2 (T + D + S)) with D=%s, tau=%s, T=%s, S=%s, rho=%s",
                Durations.human(roundTrip),
                Durations.human(tau),
                Durations.human(timeout),
                Durations.human(slew),
                rho);
        return new SkewPromise(true, null, warmUp, tau, Math.round(2 * rho * tau), between, -1, formula);
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        return List.of(
                SkewChecks.betweenClocks(run -> promise(run.setup())),
                SkewChecks.toRealTime(run -> promise(run.setup()), NtpExtras::allIndexes));
    }

    @Override
    public void summarize(RunResult run, Summary summary) {
        List<TraceEvent> rounds = run.trace().withPayload(BerkeleyRound.class);
        summary.line("Berkeley rounds: " + rounds.size() + " (daemon "
                + ClockSyncEntries.daemon(run.setup().environment()) + ")");
        List<Map<String, Object>> shown = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            if (rounds.size() > 4 && i > 1 && i < rounds.size() - 1) {
                continue;
            }
            TraceEvent event = rounds.get(i);
            BerkeleyRound round = (BerkeleyRound) event.payload();
            long daemonClock = event.clockNanos();
            List<String> parts = new ArrayList<>();
            Map<String, Object> entry = new LinkedHashMap<>();
            Map<String, Object> differences = new LinkedHashMap<>();
            Map<String, Object> adjustments = new LinkedHashMap<>();
            for (Map.Entry<NodeId, Long> difference : round.differencesNanos().entrySet()) {
                long adjustment = round.adjustmentsNanos().get(difference.getKey());
                parts.add(difference.getKey() + " " + ClockSyncHarness.clockFace(daemonClock + difference.getValue())
                        + " (" + ClockSyncHarness.signed(difference.getValue()) + ") adjust "
                        + ClockSyncHarness.signed(adjustment));
                differences.put(difference.getKey().name(), difference.getValue());
                adjustments.put(difference.getKey().name(), adjustment);
            }
            summary.line(String.format(
                    Locale.ROOT,
                    "  round %d: %s; average %s -> everyone %s%s",
                    round.round(),
                    String.join(", ", parts),
                    ClockSyncHarness.signed(round.averageNanos()),
                    ClockSyncHarness.clockFace(daemonClock + round.averageNanos()),
                    round.outliers().isEmpty() ? "" : "; left out of the average: " + round.outliers()));
            entry.put("round", round.round());
            entry.put("differencesNanos", differences);
            entry.put("averageNanos", round.averageNanos());
            entry.put("adjustmentsNanos", adjustments);
            entry.put("outliers", round.outliers().stream().map(NodeId::name).toList());
            shown.add(entry);
        }
        summary.value("rounds", shown);
        SkewPromise promise = promise(run.setup());
        ClockSyncHarness.summarizeRule(run.setup(), promise, promise.resyncPeriodNanos(), summary);
        ClockSyncHarness.summarizeSkew(run, promise, NtpExtras.allIndexes(run), summary);
    }

    @Override
    public void writeExtraFiles(RunResult run, Path directory) throws IOException {
        ClockSyncHarness.writeSkewPlot(run, "berkeley, seed " + run.config().seed(), promise(run.setup()), directory);
    }
}
