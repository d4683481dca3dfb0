package dev.synchrony.cli;

import dev.synchrony.catalog.Durations;
import dev.synchrony.cluster.ClusterRun;
import dev.synchrony.cluster.NemesisSweep;
import dev.synchrony.cluster.nemesis.NemesisKind;
import dev.synchrony.net.config.Security;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs ALGORITHM in N real member JVMs on loopback over TCP and checks their merged traces.",
            "It starts the members, runs the workload for --duration, stops them, and prints the same summary",
            "as a simulation. Exit 0: all properties held; 1: violated, a member failed or no event was",
            "recorded; 2: bad usage (also when a member refused its configuration: its message is shown).",
            "Algorithm options (see 'synchrony list --options') go after the algorithm: --NAME VALUE."
        },
        footer = {
            "",
            "Examples:",
            "  synchrony cluster --nodes 3 --algorithm vector --duration 5s",
            "  synchrony cluster --nodes 5 --algorithm ricart-agrawala --duration 10s --kill n5@4s",
            "  synchrony cluster --nodes 3 --algorithm lamport --security shared-secret",
            "  synchrony cluster --nodes 4 --algorithm berkeley --drift 0.0001 --clock-offset 50ms",
            "  synchrony cluster --algorithm lease-lock --duration 9s --nemesis partition,pause --runs 5 --out runs/nemesis",
            "  synchrony cluster --algorithm lease-lock --duration 9s --fault pause:leader@3s..4500ms",
            "",
            "Nemesis (docs/nemesis.md): --nemesis draws one fault of each KIND from the seed (which member, when, how",
            "long); --fault gives one explicitly: partition:WHO[,WHO]@T1..T2, pause:WHO@T1..T2, kill:WHO@T,",
            "restart:WHO@T1..T2, clock-skew:NODE=[-]OFFSET/RATE, loss:P%[/DELAY]@T1..T2 (WHO: a member or 'leader';",
            "times from the moment every member started). partition and loss run the members in a network namespace",
            "of their own (root, ip and nft needed). The schedule is printed and written to nemesis-schedule.txt."
        })
final class ClusterCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--algorithm", required = true, paramLabel = "ALGORITHM", description = "One of 'synchrony list'.")
    String algorithm;

    @Option(names = "--nodes", paramLabel = "N", description = "Member processes (default 3, at most 16).")
    int nodes = 3;

    @Option(names = "--duration", paramLabel = "T", description = "How long the members run (default 5s).")
    String duration = "5s";

    @Option(names = "--seed", paramLabel = "S", description = "Seeds the members' randomness and the workload plan.")
    long seed = 1;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Config, logs, traces and summary (default: a temporary folder).")
    Path out;

    @Option(names = "--kill", paramLabel = "NODE@T", description = "kill -9 that member T after start (repeatable).")
    List<String> kills = new ArrayList<>();

    @Option(
            names = "--drift",
            paramLabel = "RHO",
            description = "Each member's software clock runs at a rate in [1-RHO, 1+RHO] (default 0).")
    double drift;

    @Option(
            names = "--clock-offset",
            paramLabel = "T",
            description = "Each member's clock starts off by up to +/-T (default 0).")
    String clockOffset = "0ns";

    @Option(
            names = "--reliable-links",
            description =
                    "Stack the reliable FIFO link layer under every node (nothing lost or doubled across reconnects; its acknowledgements show in the trace).")
    boolean reliableLinks;

    @Option(
            names = "--latency",
            paramLabel = "MIN..MAX",
            description =
                    "The one-way latency the algorithm's automatic timeouts and the checks' timing bounds assume (default 1ms..50ms).")
    String latency = "1ms..50ms";

    @Option(
            names = "--security",
            paramLabel = "MODE",
            description =
                    "tls (default: mutual TLS with a throwaway CA and member certificates made in the run folder) or shared-secret (the HMAC handshake only; frames travel unprotected).")
    String security = "tls";

    @Option(
            names = "--nemesis",
            paramLabel = "KIND[,KIND...]",
            description = "Faults drawn from the seed: partition, pause, kill, restart, clock-skew, loss.")
    String nemesis;

    @Option(
            names = "--fault",
            paramLabel = "SPEC",
            description = "One fault, written out (repeatable), e.g. pause:leader@3s..4500ms; see below.")
    List<String> faults = new ArrayList<>();

    @Option(
            names = "--runs",
            paramLabel = "N",
            description = "With a nemesis: N runs, seeds S..S+N-1, each in DIR/run-K (default 1).")
    int runs = 1;

    @Parameters(arity = "0", hidden = true)
    List<String> none = new ArrayList<>();

    @Unmatched
    List<String> algorithmOptions = new ArrayList<>();

    private long latencyBound(int which) {
        String[] parts = latency.split("\\.\\.");
        if (parts.length > 2) {
            throw new IllegalArgumentException("--latency: '" + latency + "' is not MIN..MAX");
        }
        return Durations.parseNanos(parts[Math.min(which, parts.length - 1)], "--latency");
    }

    private Security.Mode securityMode() {
        for (Security.Mode mode : Security.Mode.values()) {
            if (mode.yaml().equals(security)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("--security: '" + security + "' is not tls or shared-secret");
    }

    @Override
    public Integer call() {
        Map<String, String> params = SimulationOptions.algorithmParams(algorithmOptions);
        if (nodes >= 1 && nodes <= 16) {
            // The members would each refuse a bad option after their JVM started: check once, here, first.
            AlgorithmSpec spec = AlgorithmNames.require(algorithm);
            RunPreflight.requireKnownOptions(spec, command, params);
            RunPreflight.validate(
                    spec, SimConfig.defaults(spec.name(), nodes, seed).withParams(params));
        }
        // Every flag is read before any is checked, as a bad value's message does not depend on the other flags.
        long durationNanos = Durations.parseNanos(duration, "--duration");
        List<ClusterRun.Kill> killList =
                kills.stream().map(ClusterRun.Kill::parse).toList();
        long clockOffsetNanos = Durations.parseNanos(clockOffset, "--clock-offset");
        long latencyMinNanos = latencyBound(0);
        long latencyMaxNanos = latencyBound(1);
        Security.Mode securityMode = securityMode();
        ClusterRun.Options options = ClusterRun.Options.defaults(algorithm, nodes, durationNanos)
                .withSeed(seed)
                .withParams(params)
                .withOutDirectory(out)
                .withKills(killList)
                .withDrift(drift, clockOffsetNanos)
                .withReliableLinks(reliableLinks)
                .withLatency(latencyMinNanos, latencyMaxNanos)
                .withSecurity(securityMode);
        if (nemesis != null || !faults.isEmpty()) {
            options =
                    options.withNemesis(nemesis == null ? java.util.Set.of() : NemesisKind.parseList(nemesis), faults);
            // Bad fault specs are named before any member starts.
            ClusterRun.schedule(options, dev.synchrony.core.NodeId.range(nodes));
        }
        if (runs != 1) {
            if (!options.hasNemesis()) {
                throw new IllegalArgumentException("--runs: give a nemesis too (--nemesis or --fault)");
            }
            return sweep(options);
        }
        if (out != null) {
            // Each run's folder holds that run's files only (its config is the marker of a cluster folder).
            RunFolder.prepare(out, "cluster.yaml", "--out");
        }
        var stdout = command.commandLine().getOut();
        ClusterRun.Outcome outcome = ClusterRun.run(options, stdout);
        List<ClusterVerdict.MemberFailure> failures = ClusterVerdict.failures(outcome, outcome.killed());
        boolean noEvents = outcome.run().trace().size() == 0;
        if (failures.size() < nodes && !noEvents) {
            ClusterRun.report(outcome, stdout);
        }
        var stderr = command.commandLine().getErr();
        for (ClusterVerdict.MemberFailure failure : failures) {
            stderr.println("synchrony cluster: " + failure.line());
        }
        if (noEvents) {
            stderr.println("synchrony cluster: the run recorded no event, so nothing was checked (logs in "
                    + outcome.directory() + ")");
        }
        stderr.flush();
        skewsBeyondRho(outcome, options, stdout);
        return ClusterVerdict.exitCode(outcome, failures);
    }

    /** Says, in the report, which clock skews lie beyond the drift bound the algorithm assumes. */
    private static void skewsBeyondRho(
            ClusterRun.Outcome outcome, ClusterRun.Options options, java.io.PrintWriter out) {
        for (var skew : outcome.skewsBeyondRho(options.assumedRho())) {
            out.printf(
                    java.util.Locale.ROOT,
                    "out of model: %s drifts %.6g, beyond the rho %.6g the algorithm assumes (a violation here is"
                            + " expected)%n",
                    skew.format(),
                    skew.drift(),
                    options.assumedRho());
        }
        out.flush();
    }

    /** --runs N: the sweep's runs one after another, each reported; exit 1 only for violations within the model. */
    private int sweep(ClusterRun.Options options) {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs: must be at least 1");
        }
        java.nio.file.Path base = out;
        try {
            if (base == null) {
                base = java.nio.file.Files.createTempDirectory("synchrony-nemesis-");
            }
            java.nio.file.Files.createDirectories(base);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("--out: cannot create " + base + ": " + e.getMessage(), e);
        }
        var stdout = command.commandLine().getOut();
        NemesisSweep.Totals totals = NemesisSweep.run(options, runs, base, stdout);
        var stderr = command.commandLine().getErr();
        int failed = 0;
        for (NemesisSweep.RunLine line : totals.lines()) {
            for (ClusterVerdict.MemberFailure failure :
                    ClusterVerdict.failures(line.outcome(), line.outcome().killed())) {
                stderr.println("synchrony cluster: run seed " + line.seed() + ": " + failure.line());
                failed++;
            }
        }
        stderr.flush();
        if (failed > 0 || totals.runsUnexpected() > 0 || totals.runsWithoutEvents() > 0) {
            return ExitCodes.VIOLATION;
        }
        return ExitCodes.OK;
    }
}
