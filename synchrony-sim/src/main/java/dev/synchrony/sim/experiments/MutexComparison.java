package dev.synchrony.sim.experiments;

import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.algorithms.mutex.MutexStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost table of {@code synchrony compare mutex}: the four algorithms on the same workload (same seed, same
 * request times while they do not depend on grants), with a fixed message latency so that delays read in
 * message transit times, beside the textbook's analysis (Tanenbaum and van Steen, the comparison table of the
 * mutual-exclusion section).
 */
public final class MutexComparison {

    public static final List<String> ALGORITHMS =
            List.of("central-mutex", "decentral-mutex", "ricart-agrawala", "token-ring");

    private MutexComparison() {}

    /** One workload of the comparison. */
    public record Load(int nodes, long seed, double rate, long holdNanos, long latencyNanos, long durationNanos) {
        public Load {
            if (nodes < 2 || nodes > 1000) {
                throw new IllegalArgumentException("--nodes: must be in 2..1000, got " + nodes);
            }
            if (latencyNanos <= 0) {
                throw new IllegalArgumentException("--latency: must be positive");
            }
        }

        SimConfig config(String algorithm) {
            return SimConfig.defaults(algorithm, nodes, seed)
                    .withDuration(durationNanos)
                    .withNetwork(NetworkModel.reliable(latencyNanos, latencyNanos))
                    .withParams(Map.of(
                            "rate",
                            Double.toString(rate),
                            "hold",
                            holdNanos + "ns",
                            "quiet",
                            Math.min(durationNanos / 4, 2_000_000_000L) + "ns"));
        }
    }

    public record Row(
            String algorithm,
            MutexStats stats,
            CheckResult.Status safety,
            CheckResult.Status liveness,
            String textbookMessages,
            String textbookDelay) {}

    public static List<Row> run(Load load) {
        List<Row> rows = new ArrayList<>();
        int n = load.nodes();
        for (String algorithm : ALGORITHMS) {
            RunResult result = Simulation.run(Algorithms.require(algorithm), load.config(algorithm));
            String[] textbook = switch (algorithm) {
                case "central-mutex" -> new String[] {"3", "2"};
                case "decentral-mutex" -> new String[] {"3mk, k=1,2,..", "2m"};
                case "ricart-agrawala" -> new String[] {"2(n-1) = " + 2 * (n - 1), "2(n-1) = " + 2 * (n - 1)};
                default -> new String[] {"1 to inf", "0 to n-1 = " + (n - 1)};
            };
            rows.add(new Row(
                    algorithm,
                    MutexStats.of(result),
                    status(result, "safety"),
                    status(result, "liveness"),
                    textbook[0],
                    textbook[1]));
        }
        return rows;
    }

    private static CheckResult.Status status(RunResult result, String property) {
        return result.checks().stream()
                .filter(c -> c.property().equals(property))
                .map(CheckResult::status)
                .findFirst()
                .orElse(CheckResult.Status.SKIPPED);
    }

    public static String table(Load load, List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "n=%d, seed %d, %.2f requests/s per idle process, hold %.1fms, "
                        + "latency %.1fms (1 transit time), %.0fs virtual%n",
                load.nodes(),
                load.seed(),
                load.rate(),
                load.holdNanos() / 1e6,
                load.latencyNanos() / 1e6,
                load.durationNanos() / 1e9));
        out.append(String.format(
                Locale.ROOT,
                "  %-16s %8s %10s %9s %9s %9s  %-8s %-8s  %-16s %-14s%n",
                "algorithm",
                "entries",
                "msgs/entry",
                "delay",
                "delay",
                "entries/s",
                "safety",
                "liveness",
                "textbook msgs",
                "textbook delay"));
        out.append(String.format(
                Locale.ROOT,
                "  %-16s %8s %10s %9s %9s %9s  %-8s %-8s  %-16s %-14s%n",
                "",
                "",
                "(entry+exit)",
                "mean",
                "median",
                "(virtual)",
                "",
                "",
                "",
                "(transits)"));
        for (Row row : rows) {
            MutexStats s = row.stats();
            out.append(String.format(
                    Locale.ROOT,
                    "  %-16s %8d %10.2f %9.2f %9.2f %9.2f  %-8s %-8s  %-16s %-14s%n",
                    row.algorithm(),
                    s.entries(),
                    s.messagesPerEntry(),
                    s.meanDelayTransits(),
                    s.medianDelayTransits(),
                    s.entriesPerSecond(),
                    row.safety(),
                    row.liveness(),
                    row.textbookMessages(),
                    row.textbookDelay()));
        }
        return out.toString();
    }

    /** Why the measured figures differ from the textbook's, in numbers of this run. */
    public static List<String> notes(Load load) {
        int n = load.nodes();
        return List.of(
                String.format(
                        Locale.ROOT,
                        "central-mutex: 3 messages (request, grant, release) for every process "
                                + "but the coordinator, whose own requests cost none: %.2f = 3(n-1)/n on average when all ask "
                                + "alike. Uncontended delay is 2 transits (0 for the coordinator itself, which pulls the mean "
                                + "below 2); a queued request also waits for the holder.",
                        3.0 * (n - 1) / n),
                "decentral-mutex: asks all n coordinators (its own answers locally): 3(n-1) = " + 3 * (n - 1)
                        + " messages per uncontended entry+exit (n-1 requests, n-1 votes, n-1 releases), delay 2; "
                        + "the textbook counts only the m it needs. Each failed attempt (k > 1) adds up to 3(n-1) "
                        + "more and a random backoff.",
                "ricart-agrawala: 2(n-1) = " + 2 * (n - 1) + " messages exactly, but the n-1 requests go out at "
                        + "once and the OKs come back in parallel: an uncontended entry waits 2 transits, not the "
                        + "textbook's 2(n-1), which counts the messages as if sent one after another.",
                "token-ring: the token moves whether anyone wants it or not, so messages per entry fall towards 1 "
                        + "under heavy load and grow without bound under light load (1 to infinity); the wait is "
                        + "the token's distance, 0 to n-1 = " + (n - 1) + " transits, about n/2 on average when idle.",
                "delays above 2 transits (centralized, Ricart-Agrawala, decentralized) come from contention: "
                        + "waiting for the process inside (hold time) and for its release or OK to travel.",
                "heavy-load throughput is bounded by the hand-over from one holder to the next: release then "
                        + "grant, 2 transits plus a hold, for the coordinator; 1 transit plus a hold for "
                        + "Ricart-Agrawala (the deferred OK) and the token ring (the token); the decentralized "
                        + "algorithm loses time to failed attempts and backoff when many ask at once.");
    }
}
