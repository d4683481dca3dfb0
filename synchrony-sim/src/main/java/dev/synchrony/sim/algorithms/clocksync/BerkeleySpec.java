package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.clocksync.BerkeleyMachine;
import dev.synchrony.clocksync.BerkeleyRound;
import dev.synchrony.clocksync.BerkeleyTimeDaemon;
import dev.synchrony.clocksync.ClockCorrection;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.Durations;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.check.PropertyCheck;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.spec.ParamSpec;
import dev.synchrony.sim.spec.RunSetup;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.spec.Workload;
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
public final class BerkeleySpec implements AlgorithmSpec {

    @Override
    public String name() {
        return "berkeley";
    }

    @Override
    public String description() {
        return "Berkeley: a time daemon polls every machine, fault-tolerant average, relative adjustments slewed in";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> params = new ArrayList<>();
        params.add(ParamSpec.of("round", "1s", "time between the daemon's rounds, on its clock (0: only when a script says poll)"));
        params.add(ParamSpec.of("round-timeout", "auto", "how long the daemon waits for answers (auto: a quarter of the round)"));
        params.add(ParamSpec.of("agreement", "50ms", "clocks further apart than this are not averaged together"));
        params.add(ParamSpec.of("daemon", "first", "the time daemon (first: the first process)"));
        params.addAll(ClockSyncHarness.COMMON);
        return params;
    }

    @Override
    public int defaultNodes() {
        return 4;
    }

    static NodeId daemon(RunSetup setup) {
        return setup.memberOption("daemon");
    }

    static long roundNanos(RunSetup setup) {
        return ClockSyncHarness.duration(setup.params(), "round", 1_000_000_000L);
    }

    static long timeoutNanos(RunSetup setup) {
        long round = roundNanos(setup);
        long timeout = ClockSyncHarness.duration(setup.params(), "round-timeout", Math.max(1, (round > 0 ? round : 1_000_000_000L) / 4));
        if (timeout <= 0) {
            throw new IllegalArgumentException("--round-timeout: must be positive");
        }
        return timeout;
    }

    static ClockCorrection correction(RunSetup setup) {
        long round = roundNanos(setup);
        return ClockSyncHarness.correction(setup, round > 0 ? round : 1_000_000_000L);
    }

    @Override
    public Node<?, ?, ?> newNode(NodeId id, RunSetup setup) {
        if (id.equals(daemon(setup))) {
            long agreement = ClockSyncHarness.duration(setup.params(), "agreement", 0);
            return new BerkeleyTimeDaemon(new BerkeleyTimeDaemon.Config(roundNanos(setup), timeoutNanos(setup), agreement,
                    correction(setup)));
        }
        return new BerkeleyMachine(correction(setup));
    }

    @Override
    public long clockWanderPeriodNanos(RunSetup setup) {
        return ClockSyncHarness.duration(setup.params(), "wander", 0);
    }

    @Override
    public Workload workload(RunSetup setup) {
        return ClockSyncHarness.sampling(setup);
    }

    @Override
    public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        return ClockSyncHarness.scriptCommand(fields, setup);
    }

    static SkewPromise promise(RunSetup setup) {
        SimConfig config = setup.config();
        String unbounded = SkewPromise.unboundedNetwork(config);
        if (unbounded != null) {
            return SkewPromise.none(unbounded);
        }
        long round = roundNanos(setup);
        if (round == 0) {
            return SkewPromise.none("rounds start only when a script says so");
        }
        long timeout = timeoutNanos(setup);
        long roundTrip = SkewPromise.maxRoundTripNanos(config, daemon(setup));
        if (timeout < roundTrip) {
            return SkewPromise.none("the round timeout " + Durations.human(timeout) + " is shorter than a round trip "
                    + Durations.human(roundTrip) + ": late machines miss rounds");
        }
        if (timeout >= round) {
            return SkewPromise.none("the round timeout is not shorter than the round");
        }
        double rho = config.driftRho();
        long tau = (long) Math.ceil(round / (1 - rho));
        ClockCorrection correction = correction(setup);
        long slew = correction.slewPeriodNanos();
        long between = (long) Math.ceil(roundTrip * (1 + rho) + 2 * rho * (tau + 2 * (timeout + roundTrip + slew)))
                + SkewPromise.ROUNDING_NANOS;
        long warmUp = 2 * (tau + timeout + roundTrip + Math.max(slew, 2 * correction.stepThresholdNanos()));
        String formula = String.format(Locale.ROOT, "D (1+rho) + 2 rho (tau + 2 (T + D + S)) with D=%s, tau=%s, T=%s, S=%s, rho=%s",
                Durations.human(roundTrip), Durations.human(tau), Durations.human(timeout), Durations.human(slew), rho);
        return new SkewPromise(true, null, warmUp, tau, Math.round(2 * rho * tau), between, -1, formula);
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        return List.of(SkewChecks.betweenClocks(run -> promise(run.setup())),
                SkewChecks.toRealTime(run -> promise(run.setup()), NtpSpec::allIndexes));
    }

    @Override
    public void summarize(RunResult run, Summary summary) {
        List<TraceEvent> rounds = run.trace().withPayload(BerkeleyRound.class);
        summary.line("Berkeley rounds: " + rounds.size() + " (daemon " + daemon(run.setup()) + ")");
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
            summary.line(String.format(Locale.ROOT, "  round %d: %s; average %s -> everyone %s%s", round.round(),
                    String.join(", ", parts), ClockSyncHarness.signed(round.averageNanos()),
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
        ClockSyncHarness.summarizeSkew(run, promise, NtpSpec.allIndexes(run), summary);
    }

    @Override
    public void writeExtraFiles(RunResult run, Path directory) throws IOException {
        ClockSyncHarness.writeSkewPlot(run, "berkeley, seed " + run.config().seed(), promise(run.setup()), directory);
    }
}
