package dev.synchrony.sim.algorithms.clocksync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.clocksync.BerkeleyRound;
import dev.synchrony.clocksync.ClockSyncCommand;
import dev.synchrony.clocksync.NtpSample;
import dev.synchrony.clocksync.NtpSampleTaken;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.export.RunReport;
import dev.synchrony.sim.script.Script;
import dev.synchrony.sim.script.ScriptLoader;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ClockSyncSimTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    static Path example(String name) {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples").resolve(name);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/" + name + " not found above " + here);
    }

    static RunResult runScript(String name) {
        Script script = ScriptLoader.load(example(name));
        AlgorithmSpec spec = Algorithms.require(script.algorithm());
        SimConfig config = SimConfig.defaults(spec.name(), script.nodeIds(), 1)
                .withDuration(script.durationNanos())
                .withNetwork(NetworkModel.reliable(MS, 10 * MS))
                .withScript(script, "examples/" + name);
        return Simulation.run(spec, config);
    }

    static List<TraceEvent> reads(RunResult run) {
        return run.trace()
                .select(e -> e.kind() == EventKind.COMMAND && e.payload() instanceof ClockSyncCommand.ReadClock);
    }

    @Test
    void ntpFigureGivesTheFourTimestampsAndAnErrorWithinHalfTheDelay() {
        RunResult run = runScript("ntp-figure.yaml");
        List<TraceEvent> taken = run.trace().withPayload(NtpSampleTaken.class);
        assertThat(taken).hasSize(1);
        NtpSample sample = ((NtpSampleTaken) taken.get(0).payload()).sample();
        assertThat(List.of(sample.t1(), sample.t2(), sample.t3(), sample.t4()))
                .containsExactly(1000 * MS, 1110 * MS, 1112 * MS, 1032 * MS);
        assertThat(sample.offsetNanos()).isEqualTo(95 * MS);
        assertThat(sample.delayNanos()).isEqualTo(30 * MS);
        long trueOffset = 100 * MS;
        assertThat(Math.abs(trueOffset - sample.offsetNanos()))
                .isEqualTo(5 * MS)
                .isLessThanOrEqualTo(sample.delayNanos() / 2);
        // After the slew, A is 5 ms behind B instead of 100 ms.
        List<TraceEvent> reads = reads(run);
        assertThat(reads).hasSize(2);
        long a = reads.stream()
                .filter(e -> run.trace().node(e.node()).equals(NodeId.of("A")))
                .findFirst()
                .orElseThrow()
                .clockNanos();
        long b = reads.stream()
                .filter(e -> run.trace().node(e.node()).equals(NodeId.of("B")))
                .findFirst()
                .orElseThrow()
                .clockNanos();
        assertThat(b - a).isEqualTo(5 * MS);
    }

    @Test
    void berkeleyFigureMovesEveryoneToThreeOhFive() {
        RunResult run = runScript("berkeley-figure.yaml");
        List<TraceEvent> rounds = run.trace().withPayload(BerkeleyRound.class);
        assertThat(rounds).hasSize(1);
        BerkeleyRound round = (BerkeleyRound) rounds.get(0).payload();
        long minute = 60 * S;
        assertThat(round.differencesNanos())
                .containsEntry(NodeId.of("m1"), -10 * minute)
                .containsEntry(NodeId.of("m2"), 25 * minute)
                .containsEntry(NodeId.of("daemon"), 0L);
        assertThat(round.averageNanos()).isEqualTo(5 * minute);
        assertThat(round.adjustmentsNanos())
                .containsEntry(NodeId.of("daemon"), 5 * minute)
                .containsEntry(NodeId.of("m1"), 15 * minute)
                .containsEntry(NodeId.of("m2"), -20 * minute);
        // At t = 60 min, after the 30-minute slews, every clock reads 3:05 + 60 min = 4:05.
        List<TraceEvent> reads = reads(run);
        assertThat(reads).hasSize(3).allSatisfy(e -> assertThat(e.clockNanos()).isEqualTo((4 * 60 + 5) * minute));
        String text = new RunReport(Algorithms.require("berkeley"), run).text();
        assertThat(text).contains("average +5min -> everyone 3:05");
    }

    static SimConfig randomRun(
            String algorithm,
            int nodes,
            long seed,
            double rho,
            long latencyMax,
            long duration,
            Map<String, String> params) {
        return SimConfig.defaults(algorithm, NodeId.range(nodes), seed)
                .withDuration(duration)
                .withNetwork(NetworkModel.reliable(0, latencyMax))
                .withDrift(rho, 50 * MS)
                .withParams(params);
    }

    @Test
    void promisedBoundsHoldOverSeeds() {
        for (String algorithm : List.of("ntp", "berkeley")) {
            for (long seed = 1; seed <= 5; seed++) {
                RunResult run = Simulation.run(
                        Algorithms.require(algorithm), randomRun(algorithm, 5, seed, 1e-4, 5 * MS, 30 * S, Map.of()));
                assertThat(run.checks())
                        .as(algorithm + " seed " + seed)
                        .allSatisfy(check ->
                                assertThat(check.status()).as(check.toString()).isEqualTo(CheckResult.Status.HELD));
            }
        }
    }

    @Test
    void promisedBoundsHoldWhenRatesWander() {
        for (String algorithm : List.of("ntp", "berkeley")) {
            for (long seed = 1; seed <= 5; seed++) {
                RunResult run = Simulation.run(
                        Algorithms.require(algorithm),
                        randomRun(algorithm, 5, seed, 5e-3, 10 * MS, 30 * S, Map.of("wander", "3s")));
                assertThat(run.checks())
                        .as(algorithm + " seed " + seed)
                        .allSatisfy(check ->
                                assertThat(check.status()).as(check.toString()).isEqualTo(CheckResult.Status.HELD));
            }
        }
    }

    @Test
    void theSkewChecksFailWhenTheSkewExceedsThePromise() {
        RunResult run =
                Simulation.run(Algorithms.require("ntp"), randomRun("ntp", 5, 3, 1e-3, 5 * MS, 20 * S, Map.of()));
        SkewPromise real = NtpExtras.promise(run.setup());
        long measured = SkewSeries.maxBetweenClocks(SkewSeries.of(run.trace()).from(real.warmUpNanos()));
        // The same run judged against a promise a little tighter than what happened.
        SkewPromise tighter = new SkewPromise(
                true,
                null,
                real.warmUpNanos(),
                real.resyncPeriodNanos(),
                real.ruleDeltaNanos(),
                measured - 1,
                measured / 2,
                real.formula());
        CheckResult between = SkewChecks.betweenClocks(r -> tighter).check(run);
        assertThat(between.violated()).isTrue();
        assertThat(between.eventIds()).hasSize(2);
        assertThat(SkewChecks.toRealTime(r -> tighter, NtpExtras::allIndexes)
                        .check(run)
                        .violated())
                .isTrue();
        assertThat(SkewChecks.betweenClocks(r -> real).check(run).violated()).isFalse();
    }

    @Test
    void asymmetricLatencyLeavesAnErrorOfAtMostHalfTheDelay() {
        NodeId server = NodeId.of("n1");
        NodeId client = NodeId.of("n2");
        NetworkModel network = NetworkModel.reliable(MS, MS).withLatency(MS, MS);
        network = new NetworkModel(
                network.latencyMinNanos(),
                network.latencyMaxNanos(),
                network.distribution(),
                0,
                0,
                0,
                false,
                List.of(
                        new NetworkModel.LinkLatency(client, server, 1 * MS, 1 * MS),
                        new NetworkModel.LinkLatency(server, client, 9 * MS, 9 * MS)));
        SimConfig config = SimConfig.defaults("ntp", List.of(server, client), 1)
                .withDuration(20 * S)
                .withNetwork(network);
        RunResult run = Simulation.run(Algorithms.require("ntp"), config);
        List<TraceEvent> reads = reads(run);
        TraceEvent last = reads.get(reads.size() - 1);
        long clientOffset = reads.stream()
                        .filter(e -> e.timeNanos() == last.timeNanos() && e.node() == 1)
                        .findFirst()
                        .orElseThrow()
                        .clockNanos()
                - last.timeNanos();
        // Request 1 ms, reply 9 ms: the client settles (9 - 1) / 2 = 4 ms behind, exactly delay/2 - 1 ms off.
        assertThat(clientOffset).isEqualTo(-4 * MS);
        assertThat(run.violated()).isFalse();
    }

    @Test
    void theResyncRuleSeparatesPeriodsUnderAndOverDeltaOverTwoRho() {
        long delta = 10 * MS;
        double rho = 1e-3; // delta / (2 rho) = 5 s
        for (String algorithm : List.of("ntp", "berkeley")) {
            SimConfig base = randomRun(algorithm, 8, 1, rho, 100_000, 120 * S, Map.of());
            List<ResyncRuleSweep.Row> rows = ResyncRuleSweep.sweep(
                    Algorithms.require(algorithm), base, delta, List.of(2 * S, 4 * S, 8 * S, 16 * S));
            for (ResyncRuleSweep.Row row : rows) {
                assertThat(row.promiseHeld()).as(row.format()).isTrue();
                if (row.withinRule()) {
                    assertThat(row.maxSkewNanos())
                            .as(algorithm + " " + row.format())
                            .isLessThanOrEqualTo(delta);
                } else {
                    assertThat(row.maxSkewNanos())
                            .as(algorithm + " " + row.format())
                            .isGreaterThan(delta);
                }
            }
            assertThat(rows).anyMatch(ResyncRuleSweep.Row::withinRule).anyMatch(r -> !r.withinRule());
        }
    }

    @Test
    void skewPlotIsWrittenBesideTheTrace(@TempDir Path directory) throws Exception {
        RunResult run = Simulation.run(
                Algorithms.require("berkeley"), randomRun("berkeley", 4, 2, 1e-4, 5 * MS, 10 * S, Map.of()));
        new RunReport(Algorithms.require("berkeley"), run).writeFiles(directory);
        String svg = Files.readString(directory.resolve("skew.svg"));
        assertThat(svg).startsWith("<svg").contains("polyline").contains("n4");
    }

    @Test
    void sameSeedSameRun() {
        SimConfig config = randomRun("ntp", 4, 9, 1e-4, 5 * MS, 10 * S, Map.of());
        RunResult first = Simulation.run(Algorithms.require("ntp"), config);
        RunResult second = Simulation.run(Algorithms.require("ntp"), config);
        assertThat(first.trace().events().toString())
                .isEqualTo(second.trace().events().toString());
    }
}
