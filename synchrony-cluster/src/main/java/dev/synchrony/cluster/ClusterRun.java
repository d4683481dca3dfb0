package dev.synchrony.cluster;

import dev.synchrony.catalog.Durations;
import dev.synchrony.cluster.nemesis.ClientHistory;
import dev.synchrony.cluster.nemesis.Fault;
import dev.synchrony.cluster.nemesis.FaultLog;
import dev.synchrony.cluster.nemesis.Nemesis;
import dev.synchrony.cluster.nemesis.NemesisKind;
import dev.synchrony.cluster.nemesis.NetworkNamespace;
import dev.synchrony.cluster.nemesis.Schedule;
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
import java.util.Set;
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
            Security.Mode security,
            Set<NemesisKind> nemesis,
            List<String> faults) {
        /**
         * These options with a nemesis: a fault of each of {@code kinds} drawn from the seed, plus the faults
         * written out in {@code faults} ({@link dev.synchrony.cluster.nemesis.Fault#parse}).
         */
        public Options withNemesis(Set<NemesisKind> kinds, List<String> written) {
            return change(draft -> {
                draft.nemesis = kinds;
                draft.faults = written;
            });
        }

        /** These options for another seed and run folder (one run of a sweep). */
        public Options withSeedAndOut(long newSeed, Path out) {
            return change(draft -> {
                draft.seed = newSeed;
                draft.outDirectory = out;
            });
        }

        /** Whether a nemesis (or a --kill) works on the members during the run. */
        public boolean hasNemesis() {
            return !nemesis.isEmpty() || !faults.isEmpty();
        }

        /**
         * The drift bound the algorithm assumes: its own {@code rho} option when it has one and it is set, else the
         * run's {@code --drift}. Random clock skews stay within it.
         */
        public double assumedRho() {
            String rho = params.getOrDefault("rho", "").trim();
            return rho.isEmpty() ? driftRho : Double.parseDouble(rho);
        }

        public Options {
            java.util.Objects.requireNonNull(security, "security");
            // Checked in the order of defaults(...) and the with... methods, so a chain names the same bad flag first.
            if (nodes < 1 || nodes > 16) {
                throw new IllegalArgumentException("--nodes: " + nodes + " is out of range (1..16 member processes)");
            }
            if (durationNanos <= 0) {
                throw new IllegalArgumentException("--duration: must be positive");
            }
            if (!(driftRho >= 0 && driftRho < 0.5)) {
                throw new IllegalArgumentException("--drift: rho must be in [0, 0.5), got " + driftRho);
            }
            if (clockOffsetMaxNanos < 0) {
                throw new IllegalArgumentException("--clock-offset: must not be negative");
            }
            if (latencyMinNanos < 0 || latencyMaxNanos < latencyMinNanos) {
                throw new IllegalArgumentException("--latency: need 0 <= MIN <= MAX");
            }
            params = Map.copyOf(params);
            kills = List.copyOf(kills);
            javaOptions = List.copyOf(javaOptions);
            nemesis = Set.copyOf(nemesis);
            faults = List.copyOf(faults);
        }

        /**
         * Options for {@code nodes} members of {@code algorithm} running for {@code durationNanos}, the rest at the
         * defaults of {@code synchrony cluster}: seed 1, no option, a temporary run folder, no kill, no extra JVM
         * option, no drift or clock offset, raw links, the default latency assumptions, mutual TLS, no nemesis. The
         * {@code with...} methods change them; a new option is one more field and {@code with...} method here, never
         * one more constructor.
         */
        public static Options defaults(String algorithm, int nodes, long durationNanos) {
            return new Draft(algorithm, nodes, durationNanos).build();
        }

        /** These options with another seed of the members' randomness and workload plan. */
        public Options withSeed(long seed) {
            return change(draft -> draft.seed = seed);
        }

        /** These options with the algorithm's own options {@code params}. */
        public Options withParams(Map<String, String> params) {
            return change(draft -> draft.params = params);
        }

        /** These options writing the run's files to {@code outDirectory} (null: a temporary folder). */
        public Options withOutDirectory(Path outDirectory) {
            return change(draft -> draft.outDirectory = outDirectory);
        }

        /** These options killing members with SIGKILL during the run. */
        public Options withKills(List<Kill> kills) {
            return change(draft -> draft.kills = kills);
        }

        /** These options with clocks drifting at rates in [1 - rho, 1 + rho], starting within +/- offsetMaxNanos. */
        public Options withDrift(double rho, long offsetMaxNanos) {
            return change(draft -> {
                draft.driftRho = rho;
                draft.clockOffsetMaxNanos = offsetMaxNanos;
            });
        }

        /** These options with (or without) the reliable FIFO link layer under every node. */
        public Options withReliableLinks(boolean reliableLinks) {
            return change(draft -> draft.reliableLinks = reliableLinks);
        }

        /** These options assuming one-way latencies in [minNanos, maxNanos] (timeouts and timing checks). */
        public Options withLatency(long minNanos, long maxNanos) {
            return change(draft -> {
                draft.latencyMinNanos = minNanos;
                draft.latencyMaxNanos = maxNanos;
            });
        }

        /** These options with the members proving who they are by {@code security}. */
        public Options withSecurity(Security.Mode security) {
            return change(draft -> draft.security = security);
        }

        // Every with... method goes through a mutable draft, so the full argument list is written once (Draft#build).
        private Options change(java.util.function.Consumer<Draft> edit) {
            Draft draft = new Draft(this);
            edit.accept(draft);
            return draft.build();
        }

        /** Options being changed: the defaults, or given options' values, until {@link #build()} checks them. */
        private static final class Draft {
            private String algorithm;
            private int nodes;
            private long durationNanos;
            private long seed = 1;
            private Map<String, String> params = Map.of();
            private Path outDirectory;
            private List<Kill> kills = List.of();
            private List<String> javaOptions = List.of();
            private double driftRho;
            private long clockOffsetMaxNanos;
            private boolean reliableLinks;
            private long latencyMinNanos = ClusterConfig.DEFAULT_LATENCY_MIN_NANOS;
            private long latencyMaxNanos = ClusterConfig.DEFAULT_LATENCY_MAX_NANOS;
            private Security.Mode security = Security.Mode.TLS;
            private Set<NemesisKind> nemesis = Set.of();
            private List<String> faults = List.of();

            private Draft(String algorithm, int nodes, long durationNanos) {
                this.algorithm = algorithm;
                this.nodes = nodes;
                this.durationNanos = durationNanos;
            }

            private Draft(Options options) {
                algorithm = options.algorithm;
                nodes = options.nodes;
                durationNanos = options.durationNanos;
                seed = options.seed;
                params = options.params;
                outDirectory = options.outDirectory;
                kills = options.kills;
                javaOptions = options.javaOptions;
                driftRho = options.driftRho;
                clockOffsetMaxNanos = options.clockOffsetMaxNanos;
                reliableLinks = options.reliableLinks;
                latencyMinNanos = options.latencyMinNanos;
                latencyMaxNanos = options.latencyMaxNanos;
                security = options.security;
                nemesis = options.nemesis;
                faults = options.faults;
            }

            /** The options; the record's constructor checks them and names the flag of a bad one. */
            private Options build() {
                return new Options(
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
                        security,
                        nemesis,
                        faults);
            }
        }
    }

    /**
     * The outcome: the merged run (checked), member exit codes (of each member's last life), and where the files
     * are; with a nemesis, its schedule, what it really did, the members it killed for good, and the client-side
     * history (null without a nemesis).
     */
    public record Outcome(
            RunResult run,
            AlgorithmSpec spec,
            Map<NodeId, Integer> exitCodes,
            Path directory,
            long wallNanos,
            Schedule schedule,
            FaultLog faults,
            ClientHistory history) {
        public Outcome(
                RunResult run, AlgorithmSpec spec, Map<NodeId, Integer> exitCodes, Path directory, long wallNanos) {
            this(run, spec, exitCodes, directory, wallNanos, new Schedule(List.of()), new FaultLog(), null);
        }

        public boolean violated() {
            return run.violated();
        }

        /** The members killed (and not started again) by the nemesis or --kill: their exit code is SIGKILL's. */
        public Set<NodeId> killed() {
            Set<NodeId> killed = new java.util.HashSet<>();
            faults.outages().stream()
                    .filter(o -> o.restartMono() == FaultLog.NEVER)
                    .forEach(o -> killed.add(o.node()));
            return killed;
        }

        /** Clock skews beyond the drift bound the algorithm assumes: outside its fault model, whatever it states. */
        public List<Fault.ClockSkew> skewsBeyondRho(double rho) {
            return faults.clockSkews().stream().filter(c -> c.drift() > rho).toList();
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
        Schedule schedule = schedule(options, ids);
        NetworkNamespace namespace = null;
        if (schedule.needsNamespace()) {
            java.util.Optional<String> why = NetworkNamespace.unavailable();
            if (why.isPresent()) {
                throw new IllegalArgumentException("--nemesis "
                        + schedule.kinds().stream()
                                .filter(NemesisKind::needsNamespace)
                                .map(NemesisKind::label)
                                .sorted()
                                .collect(java.util.stream.Collectors.joining(","))
                        + ": " + why.get());
            }
        }
        List<ClusterConfig.MemberConfig> members = new ArrayList<>();
        // In the run's namespace each member has a loopback address of its own (and any port is free there).
        List<Integer> ports = schedule.needsNamespace()
                ? ids.stream().map(id -> 7100 + (int) id.number()).toList()
                : freePorts(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String host = schedule.needsNamespace() ? "127.0.0." + (i + 1) : "127.0.0.1";
            members.add(new ClusterConfig.MemberConfig(
                    ids.get(i), host, ports.get(i), ids.get(i).number()));
        }
        Path directory = options.outDirectory();
        try {
            if (directory == null) {
                directory = Files.createTempDirectory("synchrony-cluster-");
            }
            Files.createDirectories(directory);
            String secret = options.security() == Security.Mode.SHARED_SECRET ? randomSecret() : null;
            ClusterConfig config = ClusterConfig.of(
                            "cluster-" + spec.name(),
                            members,
                            security(options.security(), directory.resolve("certs"), ids),
                            secret)
                    .withAlgorithm(spec.name())
                    .withParams(options.params())
                    .withSeed(options.seed())
                    .withDuration(options.durationNanos())
                    .withLatency(options.latencyMinNanos(), options.latencyMaxNanos());
            RunSetup setup = MemberProcess.setupFor(spec, config, options.durationNanos());
            Path traces = directory.resolve("traces");
            Files.createDirectories(traces);
            deleteTree(traces);
            Files.createDirectories(traces);
            // Each member keeps its stable storage (lease-lock's term and vote) under the run folder.
            config = config.withStorage(directory.toAbsolutePath().resolve("storage") + "/{id}");
            Path configFile = directory.resolve("cluster.yaml");
            Files.writeString(configFile, config.toYaml(), StandardCharsets.UTF_8);
            if (!schedule.faults().isEmpty()) {
                Files.writeString(
                        directory.resolve("nemesis-schedule.txt"), schedule.format() + "\n", StandardCharsets.UTF_8);
                out.println("nemesis schedule (seed " + options.seed() + "; replay each with --fault, also in "
                        + directory.resolve("nemesis-schedule.txt") + "):");
                schedule.faults().forEach(f -> out.println("  " + f.format()));
            }
            if (schedule.needsNamespace()) {
                namespace = NetworkNamespace.create();
            }
            MemberProcesses processes = new MemberProcesses(
                    launches(options, ids, members, schedule),
                    configFile,
                    directory,
                    options.javaOptions(),
                    options.reliableLinks(),
                    options.durationNanos(),
                    namespace);
            Nemesis nemesis = new Nemesis(schedule, processes, namespace, out, options.seed());
            FaultLog faults;
            Map<NodeId, Integer> exits;
            long wallStart = System.nanoTime();
            // Should this launcher be stopped (Ctrl-C), its members must not run on (nor stay paused).
            Thread stopMembers = new Thread(() -> processes.all().forEach(Process::destroyForcibly), "stop members");
            Runtime.getRuntime().addShutdownHook(stopMembers);
            try {
                if (!schedule.faults().isEmpty()) {
                    nemesis.prepare();
                }
                wallStart = System.nanoTime();
                processes.startAll();
                out.printf(
                        Locale.ROOT,
                        "cluster: %d member processes of %s on loopback%s, for %s, %s (config and logs in %s)%n",
                        ids.size(),
                        spec.name(),
                        namespace == null
                                ? ""
                                : " (127.0.0.1.." + ids.size() + " in network namespace " + namespace.name() + ")",
                        Durations.format(options.durationNanos()),
                        options.security() == Security.Mode.TLS
                                ? "mutual TLS with throwaway certificates"
                                : "shared-secret (frames unprotected)",
                        directory);
                out.flush();
                long startedAt = schedule.faults().isEmpty() ? wallStart : awaitStarted(processes, ids);
                processes.startedAt(startedAt);
                faults = nemesis.run(startedAt);
                processes.releaseHold();
                exits = await(options, processes, wallStart);
            } finally {
                processes.all().forEach(p -> {
                    if (p.isAlive()) {
                        p.destroyForcibly();
                    }
                });
                try {
                    Runtime.getRuntime().removeShutdownHook(stopMembers);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running and stops them itself
                }
                if (namespace != null) {
                    namespace.close();
                }
            }
            long wall = System.nanoTime() - wallStart;
            List<TraceMerge.TraceFile> files = new ArrayList<>();
            for (NodeId id : ids) {
                for (int life = 0; life <= processes.restarts(id); life++) {
                    Path file = processes.traces(life).resolve(id + ".jsonl");
                    if (Files.exists(file)) {
                        files.add(new TraceMerge.TraceFile(file, life));
                    }
                }
            }
            TraceMerge.Merged merged = TraceMerge.merged(ids, files, faults.outages(), faults.pauses());
            Trace trace = merged.trace();
            // The checks learn of the nemesis's faults as of the same faults in a simulation (stabilisation bounds
            // count from them, and faults outside the algorithm's model label its violations as expected).
            setup = setup.withConfig(faults.applyTo(setup.config(), merged.originMono(), options.assumedRho()));
            RunResult run = check(spec, setup, trace, wall);
            ClientHistory history = null;
            if (options.hasNemesis()) {
                history = ClientHistory.of(trace, merged.clockBase());
                List<CheckResult> checks = new ArrayList<>(run.checks());
                checks.addAll(history.checks());
                run = run.withChecks(checks);
            }
            return new Outcome(run, spec, exits, directory, wall, schedule, faults, history);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cluster run in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The run's schedule: the faults written out, the --kill options, and one fault of each kind drawn from the seed. */
    public static Schedule schedule(ClusterRun.Options options, List<NodeId> ids) {
        List<String> written = new ArrayList<>(options.faults());
        for (Kill kill : options.kills()) {
            written.add("kill:" + kill.node() + "@" + Durations.format(kill.atNanos()));
        }
        List<Fault> faults = new ArrayList<>(
                Schedule.parse(written, ids, options.durationNanos()).faults());
        faults.addAll(
                Schedule.random(options.nemesis(), ids, options.durationNanos(), options.seed(), options.assumedRho())
                        .faults());
        return new Schedule(faults);
    }

    private static List<MemberProcesses.Launch> launches(
            Options options, List<NodeId> ids, List<ClusterConfig.MemberConfig> members, Schedule schedule) {
        java.util.SplittableRandom clocks = new java.util.SplittableRandom(options.seed() * 31 + 7);
        List<MemberProcesses.Launch> launches = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            NodeId id = ids.get(i);
            double rate = 1.0 + options.driftRho() * (2 * clocks.nextDouble() - 1);
            long offset = options.clockOffsetMaxNanos() == 0
                    ? 0
                    : clocks.nextLong(-options.clockOffsetMaxNanos(), options.clockOffsetMaxNanos() + 1);
            var skew = schedule.clockSkew(id);
            if (skew.isPresent()) {
                rate = skew.get().rate();
                offset = skew.get().offsetNanos();
            }
            launches.add(new MemberProcesses.Launch(id, members.get(i).host(), rate, offset));
        }
        return launches;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
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
        if (outcome.history() != null) {
            ClientHistory h = outcome.history();
            out.printf(
                    Locale.ROOT,
                    "history (as the members' applications saw it, in CLOCK_MONOTONIC time): %d entries, %d double"
                            + " grants, %d fencing regressions, %d leaderships, %d double leaders%n",
                    h.entries(),
                    h.doubleGrants(),
                    h.fencingRegressions(),
                    h.leaderships(),
                    h.doubleLeaders());
            FaultLog faults = outcome.faults();
            out.printf(
                    Locale.ROOT,
                    "nemesis did: %d partitions, %d pauses, %d kills (%d restarted), %d loss windows, %d clock skews%n",
                    faults.partitions().size(),
                    faults.pauses().size(),
                    faults.outages().size(),
                    faults.outages().stream()
                            .filter(o -> o.restartMono() != FaultLog.NEVER)
                            .count(),
                    faults.losses().size(),
                    faults.clockSkews().size());
            faults.notes().forEach(note -> out.println("  note: " + note));
        }
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

    /** Waits for every member's last life to exit (the duration plus 40 s at most), then kills what is left. */
    private static Map<NodeId, Integer> await(Options options, MemberProcesses processes, long wallStart) {
        // Members start their nodes once linked (a JVM start takes a second or two on a busy machine).
        long deadline = wallStart + options.durationNanos() + TimeUnit.SECONDS.toNanos(40);
        Map<NodeId, Integer> exits = new LinkedHashMap<>();
        try {
            for (NodeId id : processes.ids()) {
                long left = deadline - System.nanoTime();
                Process process = processes.process(id);
                if (!process.waitFor(Math.max(1, left), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
                exits.put(id, process.isAlive() ? -1 : process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exits;
    }

    /** Waits (at most 30 s) until every member has printed that its node started; fault times count from then. */
    private static long awaitStarted(MemberProcesses processes, List<NodeId> ids) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (NodeId id : ids) {
                Path log = processes.log(id, 0);
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
