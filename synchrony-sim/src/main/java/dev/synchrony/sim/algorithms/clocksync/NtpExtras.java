package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.catalog.ClockSyncEntries;
import dev.synchrony.catalog.Durations;
import dev.synchrony.clocksync.ClockCorrection;
import dev.synchrony.clocksync.NtpSample;
import dev.synchrony.clocksync.NtpSampleTaken;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ntp}: clients poll a time server (by default n1, a UTC receiver with a perfect clock) and slew towards
 * the offset of their clock filter's best sample.
 *
 * <p>The promised bound, with D the longest client-server round trip, tau the poll interval in real time
 * (tau_local / (1 - rho)) and S the slew period: a client's offset estimate is off by at most D/2 (the unknown
 * asymmetry), and the clock drifts at most rho per second from the server's until the next correction is slewed
 * in, so each client stays within D/2 (1 + rho) + rho (tau + 2S + 2D) of the server, and two clients within twice
 * that: about 2 rho tau + D, the lecture's delta plus the measurement error.
 */
public final class NtpExtras extends HarnessExtras {

    public NtpExtras(Harness family) {
        super(family);
    }

    @Override
    public boolean referenceClock(NodeId node, RunSetup setup) {
        return ClockSyncEntries.referenceServer(setup.environment())
                && node.equals(ClockSyncEntries.ntpServer(setup.environment()));
    }

    static SkewPromise promise(RunSetup setup) {
        SimConfig config = setup.config();
        String unbounded = SkewPromise.unboundedNetwork(config);
        if (unbounded != null) {
            return SkewPromise.none(unbounded);
        }
        long poll = ClockSyncEntries.pollNanos(setup.environment());
        if (poll == 0) {
            return SkewPromise.none("clients poll only when a script says so");
        }
        double rho = config.driftRho();
        boolean reference = ClockSyncEntries.referenceServer(setup.environment());
        // Against a drifting server the relative drift of a client is up to 2 rho.
        double relative = reference ? rho : 2 * rho;
        long tau = (long) Math.ceil(poll / (1 - rho));
        ClockCorrection correction = ClockSyncEntries.correction(setup.environment(), poll);
        long slew = correction.slewPeriodNanos();
        // The server's processing time does not enter the offset's error (T3 - T2 is subtracted), but the clocks
        // drift during it: count it with the round trip, on the server's (reference or drifting) clock.
        long roundTrip = SkewPromise.maxRoundTripNanos(config, ClockSyncEntries.ntpServer(setup.environment()))
                + (long) Math.ceil(ClockSyncEntries.processingNanos(setup.environment()) / (1 - rho));
        long perClient = (long) Math.ceil(roundTrip / 2.0 * (1 + rho) + relative * (tau + 2 * slew + 2 * roundTrip))
                + SkewPromise.ROUNDING_NANOS;
        long warmUp = 2 * tau + 2 * Math.max(slew, 2 * correction.stepThresholdNanos()) + 2 * roundTrip;
        String formula = String.format(
                Locale.ROOT,
                "per client: D/2 (1+rho) + %s(tau + 2S + 2D) with D=%s, tau=%s, S=%s, rho=%s;"
                        + " between two clocks: twice that",
                reference ? "rho" : "2 rho",
                Durations.human(roundTrip),
                Durations.human(tau),
                Durations.human(slew),
                rho);
        return new SkewPromise(
                true, null, warmUp, tau, Math.round(2 * rho * tau), 2 * perClient, reference ? perClient : -1, formula);
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        List<PropertyCheck> checks = new ArrayList<>();
        checks.add(SkewChecks.betweenClocks(run -> promise(run.setup())));
        checks.add(SkewChecks.toRealTime(run -> promise(run.setup()), NtpExtras::allIndexes));
        return checks;
    }

    static List<Integer> allIndexes(RunResult run) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < run.setup().members().size(); i++) {
            all.add(i);
        }
        return all;
    }

    @Override
    public void summarize(RunResult run, Summary summary) {
        List<TraceEvent> taken = run.trace().withPayload(NtpSampleTaken.class);
        summary.line("NTP exchanges: " + taken.size() + " (server "
                + ClockSyncEntries.ntpServer(run.setup().environment()) + ", "
                + (run.config().script() != null
                        ? "clock as scripted"
                        : ClockSyncEntries.referenceServer(run.setup().environment())
                                ? "a reference clock"
                                : "drifting")
                + ")");
        List<Map<String, Object>> exchanges = new ArrayList<>();
        for (TraceEvent event : taken) {
            NtpSample sample = ((NtpSampleTaken) event.payload()).sample();
            NtpSample chosen = ((NtpSampleTaken) event.payload()).chosen();
            if (taken.size() <= 6) {
                summary.line(String.format(
                        Locale.ROOT,
                        "  %s: T1=%s T2=%s T3=%s T4=%s => offset theta=%s, delay=%s "
                                + "(true offset within theta +/- %s); chosen offset %s",
                        run.trace().node(event.node()),
                        Durations.format(sample.t1()),
                        Durations.format(sample.t2()),
                        Durations.format(sample.t3()),
                        Durations.format(sample.t4()),
                        Durations.format(sample.offsetNanos()),
                        Durations.format(sample.delayNanos()),
                        Durations.format(sample.delayNanos() / 2),
                        Durations.format(chosen.offsetNanos())));
                Map<String, Object> entry = new java.util.LinkedHashMap<>();
                entry.put("client", run.trace().node(event.node()).name());
                entry.put("t1", sample.t1());
                entry.put("t2", sample.t2());
                entry.put("t3", sample.t3());
                entry.put("t4", sample.t4());
                entry.put("offsetNanos", sample.offsetNanos());
                entry.put("delayNanos", sample.delayNanos());
                exchanges.add(entry);
            }
        }
        if (!exchanges.isEmpty()) {
            summary.value("exchanges", exchanges);
        }
        SkewPromise promise = promise(run.setup());
        ClockSyncHarness.summarizeRule(run.setup(), promise, promise.resyncPeriodNanos(), summary);
        ClockSyncHarness.summarizeSkew(run, promise, allIndexes(run), summary);
    }

    @Override
    public void writeExtraFiles(RunResult run, Path directory) throws IOException {
        ClockSyncHarness.writeSkewPlot(run, "ntp, seed " + run.config().seed(), promise(run.setup()), directory);
    }
}
