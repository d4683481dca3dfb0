package dev.synchrony.sim.experiments;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.algorithms.election.ElectionCost;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost of one election per algorithm, measured in the simulator beside the analytic figures. In every
 * scenario the processes n1..nN presume nN is coordinator, nN has crashed, and the named processes notice
 * (are told to hold an election) once every failure detector suspects nN; suspicion itself starts nothing, so
 * exactly one election episode happens.
 */
public final class ElectionComparison {

    /** What the initiators are told, after every detector has suspected the crashed coordinator. */
    static final long INITIATE_AT_NANOS = 1_000_000_000L;

    /**
     * One scenario's figures.
     *
     * @param textbook the lecture's figure for the scenario, as a formula and its value
     * @param predicted the exact count this implementation should send, as a formula and its value
     * @param predictedMessages that count, or -1 when none is exact
     */
    public record Row(
            String algorithm,
            String scenario,
            String textbook,
            String predicted,
            long predictedMessages,
            long measuredMessages,
            long timeToElectNanos,
            int episodes,
            NodeId leader,
            boolean propertiesHeld) {}

    private ElectionComparison() {}

    public static List<Row> run(int nodes, long seed, long latencyMinNanos, long latencyMaxNanos) {
        if (nodes < 3) {
            throw new IllegalArgumentException("--nodes: need at least 3 processes to compare elections, got " + nodes);
        }
        int n = nodes;
        int m = n - 1;
        List<Row> rows = new ArrayList<>();
        rows.add(measure(
                Algorithms.require("bully"),
                nodes,
                seed,
                latencyMinNanos,
                latencyMaxNanos,
                List.of(n - 1),
                "n" + (n - 1) + " starts (best case)",
                "n-2 = " + (n - 2),
                "1 + (n-1) = " + n + " (ELECTION to the dead n" + n + ", VICTORY to all others)",
                n));
        rows.add(measure(
                Algorithms.require("bully"),
                nodes,
                seed,
                latencyMinNanos,
                latencyMaxNanos,
                List.of(1),
                "n1 starts (worst case)",
                "O(n^2)",
                "n(n-1) = " + (long) n * (n - 1),
                (long) n * (n - 1)));
        rows.add(measure(
                Algorithms.require("ring-election"),
                nodes,
                seed,
                latencyMinNanos,
                latencyMaxNanos,
                List.of(1),
                "n1 starts",
                "2m = " + 2 * m + " (m = " + m + " live)",
                "2m + 2m acks = " + 4 * m + " (each hop acknowledged)",
                4L * m));
        int second = Math.max(2, n / 2);
        rows.add(measure(
                Algorithms.require("ring-election"),
                nodes,
                seed,
                latencyMinNanos,
                latencyMaxNanos,
                List.of(1, second),
                "n1 and n" + second + " start together",
                "more than 2m",
                "2 x 4m = " + 8 * m,
                8L * m));
        return rows;
    }

    private static Row measure(
            AlgorithmSpec spec,
            int nodes,
            long seed,
            long latencyMin,
            long latencyMax,
            List<Integer> initiators,
            String scenario,
            String textbook,
            String predicted,
            long predictedMessages) {
        List<NodeId> members = NodeId.range(nodes);
        NodeId crashed = members.get(nodes - 1);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("initial-coordinator", crashed.name());
        params.put("elect-on-suspicion", "false");
        params.put(
                "initiators",
                String.join(",", initiators.stream().map(i -> "n" + i).toList()));
        params.put("initiate-at", INITIATE_AT_NANOS + "ns");
        SimConfig config = SimConfig.defaults(spec.name(), nodes, seed)
                .withNetwork(NetworkModel.reliable(latencyMin, latencyMax))
                .withDuration(INITIATE_AT_NANOS + 2_000_000_000L + 4L * nodes * latencyMax)
                .withCrashes(List.of(new CrashSpec(crashed, 0, CrashSpec.NEVER)))
                .withParams(params);
        RunResult run = Simulation.run(spec, config);
        List<ElectionCost.Episode> episodes = ElectionCost.episodes(run.trace());
        long messages =
                episodes.stream().mapToLong(ElectionCost.Episode::messages).sum();
        long time = episodes.isEmpty() ? -1 : episodes.get(episodes.size() - 1).endNanos() - INITIATE_AT_NANOS;
        NodeId leader =
                episodes.isEmpty() ? null : episodes.get(episodes.size() - 1).leader();
        return new Row(
                spec.name(),
                scenario,
                textbook,
                predicted,
                predictedMessages,
                messages,
                time,
                episodes.size(),
                leader,
                !run.violated());
    }
}
