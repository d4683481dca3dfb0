package dev.synchrony.cluster;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.Security;
import dev.synchrony.net.tls.TrialCertificates;
import dev.synchrony.net.tls.TrialFolder;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.NetworkStats;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.export.RunReport;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code synchrony cluster}: starts N member processes of one algorithm on loopback (each a JVM started with the
 * same java and class path as this one), lets them run their workload for the duration, stops them, merges their
 * traces and runs the algorithm's property checks on the merged trace, then prints the same summary as a
 * simulation. Optionally kills members with SIGKILL at given times, to test crash handling between real processes.
 */
public final class ClusterRun {

    /** A member to kill -9 at {@code atNanos} after every member's node has started. */
    public record Kill(NodeId node, long atNanos) {
        public static Kill parse(String text) {
            int at = text.indexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException("--kill: '" + text + "' is not NODE@TIME (e.g. n1@3s)");
            }
            return new Kill(NodeId.of(text.substring(0, at)), Durations.parseNanos(text.substring(at + 1), "--kill"));
        }
    }

    /** What to run. */
    public record Options(
            String algorithm,
            int nodes,
            long durationNanos,
            long seed,
            Map<String, String> params,
            Path outDirectory,
            List<Kill> kills,
            List<String> javaOptions,
            double driftRho,
            long clockOffsetMaxNanos,
            boolean reliableLinks,
            long latencyMinNanos,
            long latencyMaxNanos,
            Security.Mode security) {
        /** Mutual TLS between the members, with throwaway certificates made for the run. */
        public Options(
                String algorithm,
                int nodes,
                long durationNanos,
                long seed,
                Map<String, String> params,
                Path outDirectory,
                List<Kill> kills,
                List<String> javaOptions,
                double driftRho,
                long clockOffsetMaxNanos,
                boolean reliableLinks,
                long latencyMinNanos,
                long latencyMaxNanos) {
            this(
                    algorithm,
                    nodes,
                    durationNanos,
                    seed,
                    params,
                    outDirectory,
                    kills,
                    javaOptions,
                    driftRho,
                    clockOffsetMaxNanos,
                    reliableLinks,
                    latencyMinNanos,
                    latencyMaxNanos,
                    Security.Mode.TLS);
        }

        public Options(
                String algorithm,
                int nodes,
                long durationNanos,
                long seed,
                Map<String, String> params,
                Path outDirectory,
                List<Kill> kills,
                List<String> javaOptions,
                double driftRho,
                long clockOffsetMaxNanos,
                boolean reliableLinks) {
            this(
                    algorithm,
                    nodes,
                    durationNanos,
                    seed,
                    params,
                    outDirectory,
                    kills,
                    javaOptions,
                    driftRho,
                    clockOffsetMaxNanos,
                    reliableLinks,
                    ClusterConfig.DEFAULT_LATENCY_MIN_NANOS,
                    ClusterConfig.DEFAULT_LATENCY_MAX_NANOS);
        }

        public Options(
                String algorithm,
                int nodes,
                long durationNanos,
                long seed,
                Map<String, String> params,
                Path outDirectory,
                List<Kill> kills,
                List<String> javaOptions) {
            this(algorithm, nodes, durationNanos, seed, params, outDirectory, kills, javaOptions, 0, 0, false);
        }

        public Options {
            java.util.Objects.requireNonNull(security, "security");
            if (!(driftRho >= 0 && driftRho < 0.5)) {
                throw new IllegalArgumentException("--drift: rho must be in [0, 0.5), got " + driftRho);
            }
            if (latencyMinNanos < 0 || latencyMaxNanos < latencyMinNanos) {
                throw new IllegalArgumentException("--latency: need 0 <= MIN <= MAX");
            }
            if (clockOffsetMaxNanos < 0) {
                throw new IllegalArgumentException("--clock-offset: must not be negative");
            }
            params = Map.copyOf(params);
            kills = List.copyOf(kills);
            javaOptions = List.copyOf(javaOptions);
            if (nodes < 1 || nodes > 16) {
                throw new IllegalArgumentException("--nodes: " + nodes + " is out of range (1..16 member processes)");
            }
            if (durationNanos <= 0) {
                throw new IllegalArgumentException("--duration: must be positive");
            }
        }
    }

    /** The outcome: the merged run (checked), member exit codes, and where the files are. */
    public record Outcome(
            RunResult run, AlgorithmSpec spec, Map<NodeId, Integer> exitCodes, Path directory, long wallNanos) {
        public boolean violated() {
            return run.violated();
        }
    }

    private ClusterRun() {}

    public static Outcome run(Options options, PrintWriter out) {
        AlgorithmSpec spec = Algorithms.require(options.algorithm());
        List<NodeId> ids = NodeId.range(options.nodes());
        for (Kill kill : options.kills()) {
            if (!ids.contains(kill.node())) {
                throw new IllegalArgumentException("--kill: no member named " + kill.node());
            }
        }
        List<ClusterConfig.MemberConfig> members = new ArrayList<>();
        List<Integer> ports = freePorts(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            members.add(new ClusterConfig.MemberConfig(
                    ids.get(i), "127.0.0.1", ports.get(i), ids.get(i).number()));
        }
        Path directory = options.outDirectory();
        try {
            if (directory == null) {
                directory = Files.createTempDirectory("synchrony-cluster-");
            }
            Files.createDirectories(directory);
            ClusterConfig config = new ClusterConfig(
                    "cluster-" + spec.name(),
                    options.security() == Security.Mode.SHARED_SECRET ? randomSecret() : null,
                    ClusterConfig.DEFAULT_MAX_FRAME_BYTES,
                    members,
                    spec.name(),
                    options.params(),
                    options.seed(),
                    options.durationNanos(),
                    List.of(),
                    options.latencyMinNanos(),
                    options.latencyMaxNanos(),
                    security(options.security(), directory.resolve("certs"), ids));
            RunSetup setup = MemberProcess.setupFor(spec, config, options.durationNanos());
            Path traces = directory.resolve("traces");
            Files.createDirectories(traces);
            try (var old = Files.list(traces)) {
                for (Path file : old.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            // Each member keeps its stable storage (lease-lock's term and vote) under the run folder.
            config = config.withStorage(directory.toAbsolutePath().resolve("storage") + "/{id}");
            Path configFile = directory.resolve("cluster.yaml");
            Files.writeString(configFile, config.toYaml(), StandardCharsets.UTF_8);
            long wallStart = System.nanoTime();
            Map<NodeId, Process> processes = start(options, ids, configFile, traces, directory);
            out.printf(
                    Locale.ROOT,
                    "cluster: %d member processes of %s on loopback, for %s, %s (config and logs in %s)%n",
                    ids.size(),
                    spec.name(),
                    Durations.format(options.durationNanos()),
                    options.security() == Security.Mode.TLS
                            ? "mutual TLS with throwaway certificates"
                            : "shared-secret (frames unprotected)",
                    directory);
            out.flush();
            Map<NodeId, Long> killedAt = new LinkedHashMap<>();
            Map<NodeId, Integer> exits = await(options, processes, wallStart, killedAt, directory);
            long wall = System.nanoTime() - wallStart;
            List<Path> files = new ArrayList<>();
            for (NodeId id : ids) {
                Path file = traces.resolve(id + ".jsonl");
                if (Files.exists(file)) {
                    files.add(file);
                }
            }
            TraceMerge.Merged merged = TraceMerge.merged(ids, files, killedAt);
            Trace trace = merged.trace();
            if (!killedAt.isEmpty()) {
                // The checks learn of the kills as of crashes in a simulation (stabilisation bounds count from them).
                List<dev.synchrony.sim.fault.CrashSpec> crashes = new ArrayList<>();
                killedAt.forEach((id, mono) -> crashes.add(new dev.synchrony.sim.fault.CrashSpec(
                        id, Math.max(0, mono - merged.originMono()), dev.synchrony.sim.fault.CrashSpec.NEVER)));
                setup = setup.withConfig(setup.config().withCrashes(crashes));
            }
            RunResult run = check(spec, setup, trace, wall);
            return new Outcome(run, spec, exits, directory, wall);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cluster run in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Prints the outcome like a simulation's summary and writes trace.jsonl, diagram.svg, summary.json. */
    public static void report(Outcome outcome, PrintWriter out) {
        outcome.exitCodes().forEach((id, code) -> {
            if (code != 0) {
                out.println("member " + id + " exited with code " + code + (code == 137 ? " (killed)" : "")
                        + "; its log: " + outcome.directory().resolve(id + ".log"));
            }
        });
        RunReport report = new RunReport(outcome.spec(), outcome.run());
        String text = report.text().replaceFirst("(?m)^replay: .*\\n?", "");
        out.print(text.replaceFirst(" virtual \\(wall ", " of events (wall "));
        ClockSkew.of(outcome.run().trace())
                .ifPresent(skew -> out.printf(
                        Locale.ROOT,
                        "member clocks (software clocks of the real processes, from the merged trace): skew %s at the start,"
                                + " %s at the end; over the second half median %s, at most %s%n",
                        Durations.human(skew.firstNanos()),
                        Durations.human(skew.lastNanos()),
                        Durations.human(skew.medianLastHalfNanos()),
                        Durations.human(skew.maxLastHalfNanos())));
        report.writeFiles(outcome.directory());
        out.println(
                "files: " + outcome.directory().resolve("trace.jsonl") + ", diagram.svg, summary.json, viewer.html");
        out.flush();
    }

    static RunResult check(AlgorithmSpec spec, RunSetup setup, Trace trace, long wallNanos) {
        long sent = trace.count(EventKind.SEND);
        long received = trace.count(EventKind.RECEIVE);
        long lost = trace.count(EventKind.LOSS);
        // Messages to a killed member, sent after it died and never received: lost to the crash.
        java.util.Set<Long> receivedIds = new java.util.HashSet<>();
        Map<Integer, Long> crashedAt = new java.util.HashMap<>();
        for (var event : trace.events()) {
            if (event.kind() == EventKind.RECEIVE) {
                receivedIds.add(event.messageId());
            } else if (event.kind() == EventKind.CRASH) {
                crashedAt.putIfAbsent(event.node(), event.timeNanos());
            }
        }
        long toCrashed = 0;
        for (var event : trace.events()) {
            Long crash = event.kind() == EventKind.SEND ? crashedAt.get(event.peer()) : null;
            if (crash != null && event.timeNanos() >= crash && !receivedIds.contains(event.messageId())) {
                toCrashed++;
            }
        }
        NetworkStats stats = new NetworkStats(
                sent, 0, received, lost, 0, toCrashed, Math.max(0, sent - received - lost - toCrashed));
        List<dev.synchrony.core.Node<?, ?, ?>> finals =
                new ArrayList<>(Collections.nCopies(setup.members().size(), null));
        long end = trace.events().isEmpty()
                ? 1
                : Math.max(1, trace.events().get(trace.events().size() - 1).timeNanos());
        RunResult run =
                new RunResult(setup.config().withDuration(end), setup, trace, finals, stats, end, wallNanos, List.of());
        List<CheckResult> checks = new ArrayList<>();
        for (PropertyCheck check : spec.checks(setup)) {
            try {
                checks.add(check.check(run));
            } catch (RuntimeException e) {
                checks.add(CheckResult.skipped(check.name(), "cannot be checked on a real run (" + e + ")"));
            }
        }
        return run.withChecks(checks);
    }

    private static String randomSecret() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /**
     * Under TLS, a throwaway CA and every member's certificate, made here before any member starts (one CA for
     * all, and no member's start time spent on key generation); the CA's key is not kept.
     */
    private static Security security(Security.Mode mode, Path certs, List<NodeId> ids) {
        if (mode == Security.Mode.SHARED_SECRET) {
            return Security.SHARED_SECRET;
        }
        TrialCertificates.write(certs, ids, TrialFolder.VALIDITY);
        return Security.tls(
                certs.resolve("ca.pem"),
                certs.resolve("{id}.pem").toString(),
                certs.resolve("{id}.key").toString());
    }

    private static Map<NodeId, Process> start(
            Options options, List<NodeId> ids, Path configFile, Path traces, Path directory) throws IOException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = System.getProperty("java.class.path");
        Map<NodeId, Process> processes = new LinkedHashMap<>();
        java.util.SplittableRandom clocks = new java.util.SplittableRandom(options.seed() * 31 + 7);
        for (NodeId id : ids) {
            double rate = 1.0 + options.driftRho() * (2 * clocks.nextDouble() - 1);
            long offset = options.clockOffsetMaxNanos() == 0
                    ? 0
                    : clocks.nextLong(-options.clockOffsetMaxNanos(), options.clockOffsetMaxNanos() + 1);
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
            command.addAll(options.javaOptions());
            command.addAll(List.of(
                    "-cp",
                    classPath,
                    MemberMain.class.getName(),
                    "--config",
                    configFile.toString(),
                    "--id",
                    id.name(),
                    "--trace",
                    traces.toString(),
                    "--duration",
                    Durations.format(options.durationNanos()),
                    "--clock-rate",
                    Double.toString(rate),
                    "--clock-offset",
                    Long.toString(offset)));
            if (options.reliableLinks()) {
                command.add("--reliable-links");
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve(id + ".log").toFile());
            processes.put(id, builder.start());
        }
        return processes;
    }

    private static Map<NodeId, Integer> await(
            Options options, Map<NodeId, Process> processes, long wallStart, Map<NodeId, Long> killedAt, Path directory)
            throws IOException {
        List<Kill> kills = new ArrayList<>(options.kills());
        kills.sort((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
        Map<NodeId, Path> logs = new LinkedHashMap<>();
        processes.keySet().forEach(id -> logs.put(id, directory.resolve(id + ".log")));
        long startedAt = kills.isEmpty() ? wallStart : awaitStarted(logs);
        // Members start their nodes once linked (a JVM start takes a second or two on a busy machine).
        long deadline = wallStart + options.durationNanos() + TimeUnit.SECONDS.toNanos(40);
        Map<NodeId, Integer> exits = new LinkedHashMap<>();
        try {
            for (Kill kill : kills) {
                long wait = startedAt + kill.atNanos() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                Process victim = processes.get(kill.node());
                if (victim.isAlive()) {
                    killedAt.put(kill.node(), System.nanoTime());
                    victim.destroyForcibly();
                }
            }
            for (Map.Entry<NodeId, Process> entry : processes.entrySet()) {
                long left = deadline - System.nanoTime();
                Process process = entry.getValue();
                if (!process.waitFor(Math.max(1, left), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
                exits.put(entry.getKey(), process.isAlive() ? -1 : process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            processes.values().forEach(p -> {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            });
        }
        return exits;
    }

    /** Waits (at most 30 s) until every member has printed that its node started; the kill times count from then. */
    private static long awaitStarted(Map<NodeId, Path> logs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Path log : logs.values()) {
                if (!Files.exists(log) || !Files.readString(log).contains(MemberProcess.STARTED)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return System.nanoTime();
    }

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
