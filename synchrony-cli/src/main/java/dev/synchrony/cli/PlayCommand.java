package dev.synchrony.cli;

import dev.synchrony.explore.Explorer;
import dev.synchrony.explore.families.ExploreHarnesses;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "play",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Drive a small system by hand in the browser: at each state the page lists the enabled steps",
            "(deliver or lose a message, fire a timer, crash or recover a process, give a command); you pick one,",
            "the processes' states update, and the algorithm's invariants are checked after every step.",
            "Serves on 127.0.0.1 at a free port (printed as a URL) until interrupted or --for ends.",
            "Algorithm options go after the algorithm: --NAME VALUE."
        },
        footer = {"", "Example:", "  synchrony play ricart-agrawala --nodes 3 --requests 1"})
final class PlayCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "ALGORITHM", description = "One of 'synchrony list'.")
    String algorithm;

    @Option(names = "--nodes", paramLabel = "N", description = "Number of processes (default: the algorithm's).")
    Integer nodes;

    @Option(names = "--loss", description = "Offer to lose any in-flight message.")
    boolean loss;

    @Option(names = "--crashes", paramLabel = "K", description = "Offer up to K crashes (default 0).")
    int crashes;

    @Option(names = "--recover", description = "Offer to restart a crashed process, its volatile state lost.")
    boolean recover;

    @Option(
            names = "--requests",
            paramLabel = "R",
            description = "Commands per process in the generic workloads: lock requests, multicasts (default 2).")
    int requests = 2;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seeds the processes' randomness and 'run randomly' (default 1).")
    long seed = 1;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to serve on (default 127.0.0.1).")
    String bind = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "Port to serve on (default 0: a free port).")
    int port;

    @Option(
            names = "--for",
            paramLabel = "DURATION",
            description = "Stop serving after this long (default: until interrupted).")
    String serveFor;

    @Unmatched
    List<String> algorithmOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        AlgorithmSpec spec = Algorithms.require(algorithm);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port: " + port + " is not in 0..65535");
        }
        long forNanos = serveFor == null ? -1 : dev.synchrony.catalog.Durations.parseNanos(serveFor, "--for");
        Explorer explorer = explorer(spec);
        PrintWriter stdout = command.commandLine().getOut();
        try (PlayServer server = new PlayServer(spec.name(), explorer, seed, bind, port)) {
            stdout.println("play " + spec.name() + ": open " + server.uri() + " (Ctrl-C to stop)");
            stdout.flush();
            if (forNanos >= 0) {
                Thread.sleep(forNanos / 1_000_000);
            } else {
                Thread.currentThread().join();
            }
        }
        return ExitCodes.OK;
    }

    /** The explorer whose step relation the page drives, from the options. */
    Explorer explorer(AlgorithmSpec spec) {
        int count = nodes == null ? spec.defaultNodes() : nodes;
        if (count < 1 || count > 16) {
            throw new IllegalArgumentException("--nodes: " + count + " is not in 1..16 (play is for small systems)");
        }
        if (recover && crashes == 0) {
            throw new IllegalArgumentException("--recover: give --crashes K too, K at least 1");
        }
        Map<String, String> params = new LinkedHashMap<>(
                ExploreHarnesses.forAlgorithm(spec.algorithm()).explorationParams());
        SimulationOptions parser = new SimulationOptions();
        parser.algorithmOptions = algorithmOptions;
        params.putAll(parser.algorithmParams());
        SimConfig config = SimConfig.defaults(spec.name(), count, seed).withParams(params);
        RunSetup setup = Simulation.setupFor(spec, config);
        Explorer.Options options = Explorer.Options.defaults()
                .withLoss(loss)
                .withCrashes(crashes, recover)
                .withRequests(requests);
        return new Explorer(ExploreHarnesses.forAlgorithm(spec.algorithm()), setup, options);
    }
}
