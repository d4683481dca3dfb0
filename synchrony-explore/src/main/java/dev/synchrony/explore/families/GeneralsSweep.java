package dev.synchrony.explore.families;

import dev.synchrony.core.Node;
import dev.synchrony.explore.ExploreResult;
import dev.synchrony.explore.Explorer;
import dev.synchrony.generals.General;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Two Generals' table: for each number of messengers k and loss probability p, the share of simulated runs
 * in which the generals disagree (beside the exact probability), and whether the explorer finds a disagreeing
 * run at all. More messengers make disagreement rarer; the explorer finds it for every k.
 *
 * @param rounds messages in the handshake
 * @param runs simulated runs per cell (seeds 1..runs)
 */
public record GeneralsSweep(List<Integer> ks, List<Double> losses, int rounds, int runs) {

    public GeneralsSweep {
        ks = List.copyOf(ks);
        losses = List.copyOf(losses);
        if (runs < 1 || runs > 1_000_000) {
            throw new IllegalArgumentException("--runs: " + runs + " is not in 1..1000000");
        }
        if (ks.isEmpty() || losses.isEmpty()) {
            throw new IllegalArgumentException("--k and --loss: give at least one value each");
        }
    }

    /** One cell: disagreements among {@code runs} runs, and the probability the protocol's analysis gives. */
    public record Cell(int k, double loss, int runs, int disagreements, int undecided, double exact) {
        public double measured() {
            return (double) disagreements / runs;
        }
    }

    /** One row's exploration: whether a disagreeing run exists, and the length of the shortest. */
    public record Exploration(int k, boolean found, int steps, long distinctStates) {}

    /** The exact disagreement probability: every round before the last gets through, every copy of the last is lost. */
    public static double exactDisagreement(int k, double loss, int rounds) {
        double lastLost = Math.pow(loss, k);
        return Math.pow(1 - lastLost, rounds - 1) * lastLost;
    }

    public Cell simulate(int k, double loss) {
        AlgorithmSpec spec = Algorithms.require("two-generals");
        SimConfig base = SimConfig.defaults(spec.name(), 2, 1)
                .withParams(Map.of("k", Integer.toString(k), "rounds", Integer.toString(rounds)))
                .withNetwork(SimConfig.defaults(spec.name(), 2, 1).network().withFaults(loss, 0, 0))
                .withDuration(2_000_000_000L)
                .withTraceDetail(SimConfig.TraceDetail.COUNTS);
        int disagreements = 0;
        int undecided = 0;
        for (int seed = 1; seed <= runs; seed++) {
            RunResult run = Simulation.run(spec, base.withSeed(seed));
            List<Node<?, ?, ?>> generals = run.finalNodes();
            General first = (General) generals.get(0);
            General second = (General) generals.get(1);
            if (!first.decided() || !second.decided()) {
                undecided++;
            } else if (first.attacks() != second.attacks()) {
                disagreements++;
            }
        }
        return new Cell(k, loss, runs, disagreements, undecided, exactDisagreement(k, loss, rounds));
    }

    public Exploration explore(int k) {
        AlgorithmSpec spec = Algorithms.require("two-generals");
        SimConfig config = SimConfig.defaults(spec.name(), 2, 1)
                .withParams(Map.of("k", Integer.toString(k), "rounds", Integer.toString(rounds)));
        ExploreResult result = new Explorer(
                        ExploreHarnesses.forAlgorithm(spec.algorithm()),
                        Simulation.setupFor(spec, config),
                        Explorer.Options.defaults().withLoss(true))
                .run();
        boolean found = result.violation() != null;
        return new Exploration(k, found, found ? result.violation().length() : -1, result.distinctStates());
    }

    /** The whole table as text. */
    public String table() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "Two Generals: share of runs where one general attacks and the other"
                        + " does not%n(%d-message handshake, each message sent as k messengers; %d simulated runs per cell;"
                        + " exact value in brackets)%n%n",
                rounds,
                runs));
        text.append(String.format(Locale.ROOT, "%4s", "k"));
        for (double loss : losses) {
            text.append(String.format(Locale.ROOT, " | %-19s", "loss " + loss));
        }
        text.append(" | explore --loss").append(System.lineSeparator());
        for (int k : ks) {
            text.append(String.format(Locale.ROOT, "%4d", k));
            for (double loss : losses) {
                Cell cell = simulate(k, loss);
                text.append(
                        String.format(Locale.ROOT, " | %7.3f%% (%7.3f%%)", 100 * cell.measured(), 100 * cell.exact()));
            }
            Exploration exploration = explore(k);
            text.append(
                    exploration.found()
                            ? String.format(
                                    Locale.ROOT,
                                    " | disagreement reachable, shortest run %d steps (%,d states)",
                                    exploration.steps(),
                                    exploration.distinctStates())
                            : String.format(
                                    Locale.ROOT, " | no disagreement in %,d states", exploration.distinctStates()));
            text.append(System.lineSeparator());
        }
        text.append(System.lineSeparator())
                .append("More messengers lower the risk; no k removes it: the run where every"
                        + " copy of the last message is lost always exists.")
                .append(System.lineSeparator());
        return text.toString();
    }

    /** Parses "1..8" or "1,2,4". */
    public static List<Integer> parseInts(String text, String flag) {
        List<Integer> values = new ArrayList<>();
        try {
            int dots = text.indexOf("..");
            if (dots >= 0) {
                int first = Integer.parseInt(text.substring(0, dots).trim());
                int last = Integer.parseInt(text.substring(dots + 2).trim());
                if (last < first || last - first > 1000) {
                    throw new IllegalArgumentException(flag + " " + text + ": the range is empty or too long");
                }
                for (int i = first; i <= last; i++) {
                    values.add(i);
                }
            } else {
                for (String part : text.split(",")) {
                    values.add(Integer.parseInt(part.trim()));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + text + "' is not A..B or a list of whole numbers");
        }
        return values;
    }

    /** Parses "0.1,0.3,0.5". */
    public static List<Double> parseProbabilities(String text, String flag) {
        List<Double> values = new ArrayList<>();
        for (String part : text.split(",")) {
            double p;
            try {
                p = Double.parseDouble(part.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": '" + part.trim() + "' is not a number");
            }
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(flag + ": " + p + " is not a probability in [0, 1]");
            }
            values.add(p);
        }
        return values;
    }
}
