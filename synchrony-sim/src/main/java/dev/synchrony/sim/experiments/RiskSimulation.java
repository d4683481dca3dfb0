package dev.synchrony.sim.experiments;

import dev.synchrony.core.NodeId;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.DecentralizedMutex;
import dev.synchrony.mutex.DecentralizedRisk;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.algorithms.mutex.MutexChecks;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the decentralized algorithm's p_v in the simulator. Each coordinator resets (forgets its vote) as a
 * Poisson process whose rate makes the chance of at least one reset within a hold time exactly p:
 * rate = -ln(1 - p) / hold. Every critical section then lasts exactly one hold time; it is compromised when
 * at least 2m - n of the m coordinators whose votes the holder has reset during it, because a second requester
 * can then collect m votes. The share of compromised grants estimates p_v; an actual overlap needs, besides, a
 * second requester asking at that moment, so overlaps are rarer and are reported beside it.
 */
public final class RiskSimulation {

    private RiskSimulation() {}

    /**
     * @param low the lower end of the 95% Wilson interval of the observed rate
     * @param high the upper end
     */
    public record Estimate(
            int n,
            int m,
            double p,
            long grants,
            long compromised,
            double low,
            double high,
            long overlaps,
            long resets,
            BigDecimal exact) {

        public double observed() {
            return grants == 0 ? Double.NaN : (double) compromised / grants;
        }

        public boolean formulaInsideInterval() {
            double formula = exact.doubleValue();
            return formula >= low && formula <= high;
        }
    }

    public static SimConfig config(int n, int m, double p, long holdNanos, long seed, long durationNanos) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("--p: the simulation needs 0 < p < 1, got " + p);
        }
        long resetMeanNanos = Math.max(1, Math.round(holdNanos / -Math.log1p(-p)));
        Map<String, String> params = Map.of(
                "quorum",
                Integer.toString(m),
                "hold",
                holdNanos + "ns",
                "hold-spread",
                "0",
                "rate",
                "5",
                "reset-mean",
                resetMeanNanos + "ns",
                "quiet",
                "500ms");
        return SimConfig.defaults("decentral-mutex", n, seed)
                .withDuration(durationNanos)
                .withNetwork(NetworkModel.reliable(1_000_000L, 10_000_000L))
                .withParams(params);
    }

    public static Estimate estimate(
            int n, int m, double p, long holdNanos, long firstSeed, int runs, long durationNanos) {
        if (runs < 1 || runs > 10_000) {
            throw new IllegalArgumentException("--runs: must be in 1..10000, got " + runs);
        }
        BigDecimal exact = DecentralizedRisk.violationProbability(n, m, new BigDecimal(Double.toString(p)));
        long grants = 0;
        long compromised = 0;
        long overlaps = 0;
        long resets = 0;
        for (int run = 0; run < runs; run++) {
            RunResult result = Simulation.run(
                    Algorithms.require("decentral-mutex"), config(n, m, p, holdNanos, firstSeed + run, durationNanos));
            long[] counts = count(result.trace(), 2 * m - n);
            grants += counts[0];
            compromised += counts[1];
            overlaps += MutexChecks.overlaps(result.trace()).size();
            resets += result.trace()
                    .withPayload(DecentralizedMutex.CoordinatorReset.class)
                    .size();
        }
        double[] interval = wilson(compromised, grants, 1.96);
        return new Estimate(n, m, p, grants, compromised, interval[0], interval[1], overlaps, resets, exact);
    }

    /** {grants, compromised grants} of one run. */
    static long[] count(Trace trace, int needed) {
        Map<Integer, List<Long>> resetTimes = new HashMap<>();
        for (TraceEvent event : trace.withPayload(DecentralizedMutex.CoordinatorReset.class)) {
            resetTimes.computeIfAbsent(event.node(), k -> new ArrayList<>()).add(event.timeNanos());
        }
        Map<Integer, List<NodeId>> voters = new HashMap<>();
        Map<Integer, Long> enteredAt = new HashMap<>();
        long grants = 0;
        long compromised = 0;
        for (TraceEvent event : trace.events()) {
            if (event.kind() != EventKind.INTERNAL) {
                continue;
            }
            switch (event.payload()) {
                case DecentralizedMutex.VotesHeld held -> voters.put(event.node(), held.voters());
                case CriticalSection.Entered entered -> enteredAt.put(event.node(), event.timeNanos());
                case CriticalSection.Exited exited -> {
                    Long from = enteredAt.remove(event.node());
                    List<NodeId> held = voters.remove(event.node());
                    if (from == null || held == null) {
                        break;
                    }
                    grants++;
                    int reset = 0;
                    for (NodeId voter : held) {
                        int index = trace.nodes().indexOf(voter);
                        long to = event.timeNanos();
                        if (resetTimes.getOrDefault(index, List.of()).stream().anyMatch(t -> t >= from && t <= to)) {
                            reset++;
                        }
                    }
                    if (reset >= needed) {
                        compromised++;
                    }
                }
                default -> {}
            }
        }
        return new long[] {grants, compromised};
    }

    /** The Wilson score interval for {@code successes} of {@code trials} at normal quantile {@code z}. */
    public static double[] wilson(long successes, long trials, double z) {
        if (trials == 0) {
            return new double[] {0, 1};
        }
        double phat = (double) successes / trials;
        double z2 = z * z;
        double denominator = 1 + z2 / trials;
        double centre = (phat + z2 / (2.0 * trials)) / denominator;
        double half = z * Math.sqrt(phat * (1 - phat) / trials + z2 / (4.0 * trials * trials)) / denominator;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
