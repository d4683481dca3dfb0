package dev.synchrony.cli;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.fault.PauseSpec;
import dev.synchrony.sim.fault.WriteCrashSpec;
import dev.synchrony.sim.script.Script;
import dev.synchrony.sim.script.ScriptLoader;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags that fix a simulated run, shared by {@code simulate} and {@code check}. */
final class SimulationOptions {

    @Option(
            names = "--nodes",
            paramLabel = "N",
            description = "Number of processes, named n1..nN (default: the algorithm's).")
    Integer nodes;

    @Option(names = "--duration", paramLabel = "T", description = "Virtual time to run, e.g. 10s (default 10s).")
    String duration;

    @Option(
            names = "--latency",
            paramLabel = "MIN..MAX",
            description = "Message latency range, e.g. 1ms..10ms (default).")
    String latency = "1ms..10ms";

    @Option(
            names = "--latency-distribution",
            paramLabel = "D",
            description = "uniform (default) or exponential (MIN plus an exponential tail of mean (MAX-MIN)/2).")
    String latencyDistribution = "uniform";

    @Option(
            names = "--link-latency",
            paramLabel = "A>B=MIN..MAX",
            description = "Latency range of one direction of one link (asymmetric links). Repeatable.")
    List<String> linkLatencies = new ArrayList<>();

    @Option(names = "--loss", paramLabel = "P", description = "Probability that a message is lost (default 0).")
    double loss;

    @Option(
            names = "--duplicate",
            paramLabel = "P",
            description = "Probability that a message arrives twice (default 0).")
    double duplicate;

    @Option(
            names = "--reorder",
            paramLabel = "P",
            description = "Probability that a message is held back by up to 3x the maximum latency (default 0).")
    double reorder;

    @Option(names = "--fifo", description = "Every link delivers in send order.")
    boolean fifo;

    @Option(
            names = "--crash",
            paramLabel = "NODE@T[..T]",
            description = "Crash NODE at T (and recover it at the second T, state lost), e.g. n3@2s..5s. Repeatable.")
    List<String> crashes = new ArrayList<>();

    @Option(
            names = "--partition",
            paramLabel = "NODES[|NODES]@T..T",
            description = "Cut the network into groups for a while, e.g. n1,n2|n3,n4@2s..5s. Repeatable.")
    List<String> partitions = new ArrayList<>();

    @Option(
            names = "--pause",
            paramLabel = "NODE@T..T",
            description = "Pause NODE from the first T to the second: it executes nothing, its messages, timers and "
                    + "commands pile up and are handled when it resumes; its clock keeps running, e.g. n1@2s..4s. "
                    + "Repeatable.")
    List<String> pauses = new ArrayList<>();

    @Option(
            names = "--crash-in-write",
            paramLabel = "NODE@K:before|after[+T]",
            description =
                    "Crash NODE inside its K-th stable-storage write of the run, before the value reaches the disk "
                            + "(lost) or after (kept); the write never returns. +T: it recovers T later. E.g. n3@2:before+1s. "
                            + "Repeatable.")
    List<String> writeCrashes = new ArrayList<>();

    @Option(
            names = "--drift",
            paramLabel = "RHO",
            description = "Each physical clock runs at a rate in [1-RHO, 1+RHO] (default 0).")
    double drift;

    @Option(
            names = "--clock-offset",
            paramLabel = "T",
            description = "Each physical clock starts within +/- T of real time (default 0).")
    String clockOffset = "0";

    @Option(
            names = "--script",
            paramLabel = "FILE",
            description = "A scripted run (YAML or JSON), e.g. examples/lamport-figure.yaml.")
    Path script;

    @Option(
            names = "--trace-detail",
            paramLabel = "D",
            description = "full (default: every event, needed by checks and exports) or counts (huge runs).")
    String traceDetail = "full";

    /** Filled by the command's own {@code @Unmatched} field (picocli does not take it from a mixin). */
    List<String> algorithmOptions = new ArrayList<>();

    /** The run {@code spec} gets with these flags and {@code seed}. */
    SimConfig toConfig(AlgorithmSpec spec, long seed) {
        Script loaded = script == null ? null : ScriptLoader.load(script);
        if (loaded != null && loaded.algorithm() != null && !loaded.algorithm().equals(spec.name())) {
            throw new IllegalArgumentException(
                    "--script " + script + ": it is written for " + loaded.algorithm() + ", not " + spec.name());
        }
        List<NodeId> members;
        if (loaded != null) {
            if (nodes != null && nodes != loaded.processes().size()) {
                throw new IllegalArgumentException("--nodes " + nodes + ": the script names "
                        + loaded.processes().size() + " processes");
            }
            members = loaded.nodeIds();
        } else {
            int count = nodes == null ? spec.defaultNodes() : nodes;
            String countFlag = "--nodes";
            // An algorithm whose processes are replicas may take their number as --replicas N.
            String replicas = algorithmParams().get("replicas");
            if (replicas != null
                    && nodes == null
                    && spec.params().stream().anyMatch(p -> p.name().equals("replicas"))) {
                countFlag = "--replicas";
                try {
                    count = Integer.parseInt(replicas.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--replicas: '" + replicas + "' is not a whole number");
                }
            }
            if (count < 1 || count > 100_000) {
                throw new IllegalArgumentException(countFlag + ": " + count + " is not in 1..100000");
            }
            members = NodeId.range(count);
        }
        long durationNanos = duration != null
                ? Durations.parseNanos(duration, "--duration")
                : loaded != null ? loaded.durationNanos() : 10_000_000_000L;
        long[] range = range(latency, "--latency");
        List<NetworkModel.LinkLatency> links = new ArrayList<>();
        for (String link : linkLatencies) {
            NetworkModel.LinkLatency parsed = parseLink(link);
            for (NodeId end : List.of(parsed.from(), parsed.to())) {
                if (!members.contains(end)) {
                    throw new IllegalArgumentException("--link-latency " + link + ": no process named " + end
                            + " (processes: "
                            + String.join(
                                    ",", members.stream().map(NodeId::name).toList()) + ")");
                }
            }
            links.add(parsed);
        }
        NetworkModel.LatencyDistribution distribution;
        try {
            distribution = NetworkModel.LatencyDistribution.valueOf(latencyDistribution.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--latency-distribution: '" + latencyDistribution + "' is not uniform or exponential");
        }
        NetworkModel network =
                new NetworkModel(range[0], range[1], distribution, loss, duplicate, reorder, fifo, links);
        List<CrashSpec> crashList = new ArrayList<>(loaded == null ? List.of() : loaded.crashes());
        for (String crash : crashes) {
            CrashSpec parsed = CrashSpec.parse(crash);
            // A crash after the end would be accepted and never happen: the run would pass for the wrong reason.
            if (parsed.atNanos() > durationNanos) {
                throw new IllegalArgumentException("--crash " + crash + ": after the end of the run (--duration "
                        + Durations.format(durationNanos) + ")");
            }
            crashList.add(parsed);
        }
        List<PartitionSpec> partitionList = new ArrayList<>();
        for (String partition : partitions) {
            partitionList.add(PartitionSpec.parse(partition));
        }
        List<PauseSpec> pauseList = new ArrayList<>(loaded == null ? List.of() : loaded.pauses());
        for (String pause : pauses) {
            pauseList.add(PauseSpec.parse(pause));
        }
        List<WriteCrashSpec> writeCrashList = new ArrayList<>();
        for (String crash : writeCrashes) {
            writeCrashList.add(WriteCrashSpec.parse(crash));
        }
        SimConfig.TraceDetail detail = switch (traceDetail.toLowerCase(Locale.ROOT)) {
            case "full" -> SimConfig.TraceDetail.FULL;
            case "counts" -> SimConfig.TraceDetail.COUNTS;
            default ->
                throw new IllegalArgumentException("--trace-detail: '" + traceDetail + "' is not full or counts");
        };
        long clockOffsetNanos = Durations.parseNanos(clockOffset, "--clock-offset");
        Map<String, String> params = algorithmParams();
        // In the order SimConfig checks its options, so that of several bad flags the same one is named first.
        return SimConfig.defaults(spec.name(), members, seed)
                .withDuration(durationNanos)
                .withDrift(drift, clockOffsetNanos)
                .withNetwork(network)
                .withParams(params)
                .withTraceDetail(detail)
                .withScript(loaded, script == null ? null : script.toString())
                .withCrashes(crashList)
                .withPauses(pauseList)
                .withWriteCrashes(writeCrashList)
                .withPartitions(partitionList);
    }

    /** {@code --name value} or {@code --name=value} pairs left over for the algorithm. */
    Map<String, String> algorithmParams() {
        return algorithmParams(algorithmOptions);
    }

    /** Reads {@code --name value}, {@code --name=value} and a bare {@code --flag} (= true) into a map. */
    static Map<String, String> algorithmParams(List<String> algorithmOptions) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < algorithmOptions.size(); i++) {
            String arg = algorithmOptions.get(i);
            if (!arg.startsWith("--") || arg.length() < 3) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                params.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else if (i + 1 < algorithmOptions.size()
                    && !algorithmOptions.get(i + 1).startsWith("--")) {
                params.put(arg.substring(2), algorithmOptions.get(++i));
            } else {
                params.put(arg.substring(2), "true");
            }
        }
        return params;
    }

    static long[] range(String text, String flag) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            long value = Durations.parseNanos(text, flag);
            return new long[] {value, value};
        }
        return new long[] {
            Durations.parseNanos(text.substring(0, dots), flag), Durations.parseNanos(text.substring(dots + 2), flag)
        };
    }

    private static NetworkModel.LinkLatency parseLink(String text) {
        int arrow = text.indexOf('>');
        int equals = text.indexOf('=');
        if (arrow <= 0 || equals < arrow) {
            throw new IllegalArgumentException(
                    "--link-latency " + text + ": write FROM>TO=MIN..MAX, e.g. n1>n2=5ms..8ms");
        }
        long[] range = range(text.substring(equals + 1), "--link-latency " + text);
        return new NetworkModel.LinkLatency(
                NodeId.of(text.substring(0, arrow).trim()),
                NodeId.of(text.substring(arrow + 1, equals).trim()),
                range[0],
                range[1]);
    }
}
