package dev.synchrony.sim;

import dev.synchrony.catalog.Durations;
import dev.synchrony.catalog.FaultClass;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.fault.PauseSpec;
import dev.synchrony.sim.fault.WriteCrashSpec;
import dev.synchrony.sim.script.Script;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that fixes a simulated run. Same config, same run: the trace is identical byte for byte.
 * {@link #replayArguments()} prints it back as the command line that replays it.
 *
 * @param nodes the processes, in the order every member sees
 * @param driftRho each clock runs at a rate drawn in [1 - rho, 1 + rho]
 * @param clockOffsetMaxNanos each clock starts at an offset drawn in [-max, +max]
 * @param params the algorithm's own options as the user gave them
 * @param script a scripted run, or null for a random workload
 * @param pauses processes that stop executing for a while (inputs pile up, clocks keep running)
 * @param writeCrashes crashes inside a process's stable-storage writes, before or after the disk has the value
 */
public record SimConfig(
        String algorithm,
        List<NodeId> nodes,
        long seed,
        long durationNanos,
        NetworkModel network,
        List<PartitionSpec> partitions,
        List<CrashSpec> crashes,
        double driftRho,
        long clockOffsetMaxNanos,
        Map<String, String> params,
        TraceDetail traceDetail,
        Script script,
        String scriptPath,
        List<PauseSpec> pauses,
        List<WriteCrashSpec> writeCrashes) {

    /**
     * How much the trace keeps. Checks need {@code FULL}; {@code STATES} is {@code FULL} plus each process's display
     * state after each of its events (for the run viewer); {@code COUNTS} is for very large runs.
     */
    public enum TraceDetail {
        FULL,
        STATES,
        COUNTS
    }

    public SimConfig {
        Objects.requireNonNull(algorithm, "algorithm");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("--nodes: need at least one process");
        }
        if (nodes.stream().distinct().count() != nodes.size()) {
            throw new IllegalArgumentException("two processes share a name: " + nodes);
        }
        if (durationNanos <= 0) {
            throw new IllegalArgumentException("--duration: must be positive");
        }
        if (!(driftRho >= 0 && driftRho < 1)) {
            throw new IllegalArgumentException("--drift: rho must be in [0, 1), got " + driftRho);
        }
        partitions = List.copyOf(partitions);
        crashes = List.copyOf(crashes);
        params = Map.copyOf(new LinkedHashMap<>(params));
        for (CrashSpec crash : crashes) {
            requireMember(nodes, crash.node(), "--crash " + crash.format());
        }
        pauses = List.copyOf(pauses);
        for (int i = 0; i < pauses.size(); i++) {
            PauseSpec pause = pauses.get(i);
            requireMember(nodes, pause.node(), "--pause " + pause.format());
            if (pause.fromNanos() > durationNanos) {
                throw new IllegalArgumentException("--pause " + pause.format()
                        + ": after the end of the run (--duration " + Durations.format(durationNanos) + ")");
            }
            for (int j = 0; j < i; j++) {
                if (pause.overlaps(pauses.get(j))) {
                    throw new IllegalArgumentException("--pause " + pause.format() + ": overlaps --pause "
                            + pauses.get(j).format());
                }
            }
        }
        writeCrashes = List.copyOf(writeCrashes);
        for (int i = 0; i < writeCrashes.size(); i++) {
            WriteCrashSpec crash = writeCrashes.get(i);
            requireMember(nodes, crash.node(), "--crash-in-write " + crash.format());
            for (int j = 0; j < i; j++) {
                WriteCrashSpec other = writeCrashes.get(j);
                if (other.node().equals(crash.node()) && other.write() == crash.write()) {
                    throw new IllegalArgumentException("--crash-in-write " + crash.format()
                            + ": names the same write as " + "--crash-in-write " + other.format());
                }
            }
        }
        List<NodeId> members = nodes;
        for (PartitionSpec partition : partitions) {
            partition
                    .groups()
                    .forEach(group ->
                            group.forEach(n -> requireMember(members, n, "--partition " + partition.format())));
        }
    }

    // Static: in a compact constructor the fields are not assigned yet, so the member list is passed in.
    private static void requireMember(List<NodeId> nodes, NodeId node, String what) {
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException(what + ": no process named " + node + " (processes: "
                    + String.join(",", nodes.stream().map(NodeId::name).toList()) + ")");
        }
    }

    /** A config with the usual defaults: n processes, 10 virtual seconds, 1-10 ms latency, no fault. */
    public static SimConfig defaults(String algorithm, int nodes, long seed) {
        return defaults(algorithm, NodeId.range(nodes), seed);
    }

    /**
     * A config of these processes with the usual defaults; the {@code with...} methods change the rest. A new option
     * is one more field and {@code with...} method here, never one more constructor.
     */
    public static SimConfig defaults(String algorithm, List<NodeId> nodes, long seed) {
        return new Draft(algorithm, nodes, seed).build();
    }

    public SimConfig withSeed(long seed) {
        return change(draft -> draft.seed = seed);
    }

    public SimConfig withNetwork(NetworkModel network) {
        return change(draft -> draft.network = network);
    }

    public SimConfig withDuration(long durationNanos) {
        return change(draft -> draft.durationNanos = durationNanos);
    }

    public SimConfig withCrashes(List<CrashSpec> crashes) {
        return change(draft -> draft.crashes = crashes);
    }

    public SimConfig withPartitions(List<PartitionSpec> partitions) {
        return change(draft -> draft.partitions = partitions);
    }

    public SimConfig withPauses(List<PauseSpec> pauses) {
        return change(draft -> draft.pauses = pauses);
    }

    public SimConfig withWriteCrashes(List<WriteCrashSpec> writeCrashes) {
        return change(draft -> draft.writeCrashes = writeCrashes);
    }

    public SimConfig withParams(Map<String, String> params) {
        return change(draft -> draft.params = params);
    }

    public SimConfig withDrift(double rho, long offsetMaxNanos) {
        return change(draft -> {
            draft.driftRho = rho;
            draft.clockOffsetMaxNanos = offsetMaxNanos;
        });
    }

    public SimConfig withTraceDetail(TraceDetail detail) {
        return change(draft -> draft.traceDetail = detail);
    }

    public SimConfig withNodes(List<NodeId> nodes) {
        return change(draft -> draft.nodes = nodes);
    }

    /** This config driven by {@code script}, read from {@code path} (which the replay command names). */
    public SimConfig withScript(Script script, String path) {
        return change(draft -> {
            draft.script = script;
            draft.scriptPath = path;
        });
    }

    // Every with... method goes through a mutable draft, so the full argument list is written once (Draft#build).
    private SimConfig change(java.util.function.Consumer<Draft> edit) {
        Draft draft = new Draft(this);
        edit.accept(draft);
        return draft.build();
    }

    /** The arguments after {@code synchrony simulate} that reproduce this run exactly. */
    public List<String> replayArguments() {
        List<String> args = new ArrayList<>();
        args.add(algorithm);
        if (scriptPath != null) {
            args.add("--script");
            args.add(scriptPath);
        } else {
            args.add("--nodes");
            args.add(Integer.toString(nodes.size()));
        }
        args.add("--seed");
        args.add(Long.toString(seed));
        args.add("--duration");
        args.add(Durations.format(durationNanos));
        if (script == null || script.latencyNanos() < 0) {
            args.add("--latency");
            args.add(Durations.format(network.latencyMinNanos()) + ".." + Durations.format(network.latencyMaxNanos()));
        }
        if (network.distribution() != NetworkModel.LatencyDistribution.UNIFORM) {
            args.add("--latency-distribution");
            args.add(network.distribution().name().toLowerCase(java.util.Locale.ROOT));
        }
        addProbability(args, "--loss", network.loss());
        addProbability(args, "--duplicate", network.duplicate());
        addProbability(args, "--reorder", network.reorder());
        if (network.fifo()) {
            args.add("--fifo");
        }
        for (NetworkModel.LinkLatency link : network.linkLatencies()) {
            args.add("--link-latency");
            args.add(link.from() + ">" + link.to() + "=" + Durations.format(link.minNanos()) + ".."
                    + Durations.format(link.maxNanos()));
        }
        for (CrashSpec crash : crashes) {
            if (script == null || !script.crashes().contains(crash)) {
                args.add("--crash");
                args.add(crash.format());
            }
        }
        for (PauseSpec pause : pauses) {
            if (script != null && script.pauses().contains(pause)) {
                continue; // the script makes it again
            }
            args.add("--pause");
            args.add(pause.format());
        }
        for (WriteCrashSpec crash : writeCrashes) {
            args.add("--crash-in-write");
            args.add(crash.format());
        }
        for (PartitionSpec partition : partitions) {
            args.add("--partition");
            args.add(partition.format());
        }
        if (driftRho > 0) {
            args.add("--drift");
            args.add(Double.toString(driftRho));
        }
        if (clockOffsetMaxNanos > 0) {
            args.add("--clock-offset");
            args.add(Durations.format(clockOffsetMaxNanos));
        }
        if (traceDetail == TraceDetail.COUNTS) {
            args.add("--trace-detail");
            args.add(traceDetail.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (Map.Entry<String, String> param : new java.util.TreeMap<>(params).entrySet()) {
            args.add("--" + param.getKey());
            args.add(param.getValue());
        }
        return args;
    }

    /**
     * The replay command as one shell line, starting the way the user started the tool: {@code bin/synchrony}
     * exports its own path as {@code SYNCHRONY_LAUNCHER}, so the line can be pasted back as it is.
     */
    public String replayCommand() {
        String launcher = System.getenv("SYNCHRONY_LAUNCHER");
        StringBuilder line =
                new StringBuilder(launcher == null || launcher.isBlank() ? "synchrony" : launcher).append(" simulate");
        for (String arg : replayArguments()) {
            line.append(' ').append(arg.matches("[A-Za-z0-9_./:=@,>+-]+") ? arg : "'" + arg + "'");
        }
        return line.toString();
    }

    private static void addProbability(List<String> args, String flag, double p) {
        if (p > 0) {
            args.add(flag);
            args.add(Double.toString(p));
        }
    }

    /**
     * The longest a message of this run can take: a script's fixed latency, else the largest range's top (five
     * means for an exponential tail, which has no maximum), times four when reordering may add 3x more. The
     * algorithms' automatic timeouts derive from it.
     */
    public long worstLatencyNanos() {
        if (script != null && script.latencyNanos() >= 0) {
            return Math.max(1, script.latencyNanos());
        }
        long max = network.latencyMaxNanos();
        for (NetworkModel.LinkLatency link : network.linkLatencies()) {
            max = Math.max(max, link.maxNanos());
        }
        if (network.distribution() == NetworkModel.LatencyDistribution.EXPONENTIAL) {
            // An exponential tail has no maximum; five means covers all but e^-10 of the messages.
            max = network.latencyMinNanos() + 5 * Math.max(1, (max - network.latencyMinNanos()) / 2);
        }
        if (network.reorder() > 0) {
            max *= 4;
        }
        return Math.max(1, max);
    }

    /** The classes of fault this run contains, which the algorithm's fault model is held against. */
    public Set<FaultClass> faultClasses() {
        Set<FaultClass> faults = EnumSet.noneOf(FaultClass.class);
        for (CrashSpec crash : crashes) {
            faults.add(crash.recovers() ? FaultClass.CRASH_RECOVERY : FaultClass.CRASH);
        }
        for (WriteCrashSpec crash : writeCrashes) {
            faults.add(crash.recovers() ? FaultClass.CRASH_RECOVERY : FaultClass.CRASH);
        }
        if (network.loss() > 0) {
            faults.add(FaultClass.LOSS);
        }
        if (network.duplicate() > 0) {
            faults.add(FaultClass.DUPLICATION);
        }
        if (!partitions.isEmpty()) {
            faults.add(FaultClass.PARTITION);
        }
        if (!pauses.isEmpty()) {
            faults.add(FaultClass.PAUSE);
        }
        if (driftRho > 0 || clockOffsetMaxNanos > 0) {
            faults.add(FaultClass.DRIFT);
        }
        return faults;
    }

    /** What the algorithms of this run may assume of its network (timeouts, link layer). */
    public dev.synchrony.catalog.NetworkAssumptions assumptions() {
        return new dev.synchrony.catalog.NetworkAssumptions(network.faulty(), false, worstLatencyNanos(), driftRho);
    }

    /** A config being changed: the defaults, or a config's values, until {@link #build()} checks them all. */
    private static final class Draft {
        private String algorithm;
        private List<NodeId> nodes;
        private long seed;
        private long durationNanos = 10_000_000_000L;
        private NetworkModel network = NetworkModel.reliable(1_000_000L, 10_000_000L);
        private List<PartitionSpec> partitions = List.of();
        private List<CrashSpec> crashes = List.of();
        private double driftRho;
        private long clockOffsetMaxNanos;
        private Map<String, String> params = Map.of();
        private TraceDetail traceDetail = TraceDetail.FULL;
        private Script script;
        private String scriptPath;
        private List<PauseSpec> pauses = List.of();
        private List<WriteCrashSpec> writeCrashes = List.of();

        private Draft(String algorithm, List<NodeId> nodes, long seed) {
            this.algorithm = algorithm;
            this.nodes = nodes;
            this.seed = seed;
        }

        private Draft(SimConfig config) {
            algorithm = config.algorithm;
            nodes = config.nodes;
            seed = config.seed;
            durationNanos = config.durationNanos;
            network = config.network;
            partitions = config.partitions;
            crashes = config.crashes;
            driftRho = config.driftRho;
            clockOffsetMaxNanos = config.clockOffsetMaxNanos;
            params = config.params;
            traceDetail = config.traceDetail;
            script = config.script;
            scriptPath = config.scriptPath;
            pauses = config.pauses;
            writeCrashes = config.writeCrashes;
        }

        /** The config; the record's constructor checks every option and names the flag of a bad one. */
        private SimConfig build() {
            return new SimConfig(
                    algorithm,
                    nodes,
                    seed,
                    durationNanos,
                    network,
                    partitions,
                    crashes,
                    driftRho,
                    clockOffsetMaxNanos,
                    params,
                    traceDetail,
                    script,
                    scriptPath,
                    pauses,
                    writeCrashes);
        }
    }
}
