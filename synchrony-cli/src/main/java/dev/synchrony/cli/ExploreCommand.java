package dev.synchrony.cli;

import dev.synchrony.explore.Counterexample;
import dev.synchrony.explore.ExploreResult;
import dev.synchrony.explore.Explorer;
import dev.synchrony.explore.LivenessOutcome;
import dev.synchrony.explore.TimedModel;
import dev.synchrony.explore.TimerPolicy;
import dev.synchrony.explore.families.ExploreHarnesses;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "explore",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Explores every reachable state of ALGORITHM on a small system (model checking).",
            "It tries every order of deliveries, every timer firing, every loss",
            "(--loss), every crash up to --crashes K. Checks the algorithm's invariants",
            "in every state and, after a complete search without --loss, its liveness",
            "goals. On a violation prints the shortest counterexample and writes it as",
            "a script that 'synchrony simulate ALGORITHM --script FILE' replays.",
            "With --timed, time passes in ticks (leases end, timeouts run out) up to",
            "--horizon, message delays range over --delay, and --partition-once or",
            "--pause-once adds one fault at every start and length within bounds.",
            "Exit 0: no violation; 1: a violation; 2: bad usage.",
            "Algorithm options go after the algorithm: --NAME VALUE."
        },
        footer = {
            "",
            "Examples:",
            "  synchrony explore two-generals --k 3 --loss",
            "  synchrony explore ricart-agrawala --nodes 3 --requests 2",
            "  synchrony explore bully --nodes 4 --crashes 1",
            "  synchrony explore lease-lock --nodes 3 --timed --partition-once"
        })
final class ExploreCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "ALGORITHM", description = "One of 'synchrony list'.")
    String algorithm;

    @Option(names = "--nodes", paramLabel = "N", description = "Number of processes (default: the algorithm's).")
    Integer nodes;

    @Option(
            names = "--max-depth",
            paramLabel = "D",
            description = "Longest path explored, in steps (default 1000; timed: unbounded, the horizon bounds it).")
    Integer maxDepth;

    @Option(names = "--loss", description = "Any in-flight message may be lost.")
    boolean loss;

    @Option(
            names = "--fifo",
            description =
                    "Every link delivers in send order (FIFO channels; default: the" + " algorithm's assumption).")
    boolean fifo;

    @Option(names = "--crashes", paramLabel = "K", description = "Up to K crashes along a path (default 0).")
    int crashes;

    @Option(names = "--recover", description = "A crashed process may start again, its volatile state lost.")
    boolean recover;

    @Option(names = "--max-states", paramLabel = "S", description = "Stop after S distinct states (default 5000000).")
    long maxStates = 5_000_000;

    @Option(names = "--dfs", description = "Bounded depth-first search (less memory; counterexamples not shortest).")
    boolean depthFirst;

    @Option(
            names = "--timers",
            paramLabel = "WHEN",
            description = "any: a timer may fire at any time (asynchronous system); idle: only when no message is"
                    + " in flight (timeouts longer than any delay). Default: the algorithm's choice.")
    String timers;

    @Option(
            names = "--requests",
            paramLabel = "R",
            description = "Commands per process in the generic workloads: lock requests, multicasts (default 2).")
    int requests = 2;

    @Option(names = "--seed", paramLabel = "S", description = "Seeds the processes' randomness (default 1).")
    long seed = 1;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description =
                    "Where to write a counterexample script (default runs/explore-ALGORITHM/counterexample.yaml).")
    Path out;

    @Option(
            names = "--timed",
            description = "Time passes in ticks: clocks read the tick, timers fire at their due tick, messages arrive"
                    + " within --delay; time advances only when nothing is due.")
    boolean timedMode;

    @Option(
            names = "--tick",
            paramLabel = "DURATION",
            description = "Timed: what one tick is on every clock (default 100ms).")
    String tick = "100ms";

    @Option(
            names = "--delay",
            paramLabel = "A..B",
            description = "Timed: message delays, in ticks, at least 1, each value a branch (default 1; a range such as"
                    + " 1..2 multiplies the states many times).")
    String delay = "1";

    @Option(
            names = "--horizon",
            paramLabel = "T",
            description = "Timed: the last tick; every run up to it is explored (default 26).")
    int horizon = 26;

    @Option(
            names = "--partition-once",
            description = "Timed: at most one partition, of any minority side, at a start in --fault-start lasting"
                    + " --fault-length ticks.")
    boolean partitionOnce;

    @Option(
            names = "--pause-once",
            description = "Timed: at most one pause of any one process (its inputs pile up and run when it resumes),"
                    + " at a start in --fault-start lasting --fault-length ticks.")
    boolean pauseOnce;

    @Option(
            names = "--fault-start",
            paramLabel = "A..B",
            description = "Timed: the ticks at which the fault may start (default 18..19, once lease-lock's"
                    + " first grant is held with its exploration settings).")
    String faultStart = "18..19";

    @Option(
            names = "--fault-length",
            paramLabel = "A..B",
            description = "Timed: how many ticks the fault may last (default 3..4).")
    String faultLength = "3..4";

    @Unmatched
    List<String> algorithmOptions = new ArrayList<>();

    @Override
    public Integer call() {
        AlgorithmSpec spec = AlgorithmNames.require(algorithm);
        int count = nodes == null ? spec.defaultNodes() : nodes;
        if (count < 1 || count > 64) {
            throw new IllegalArgumentException(
                    "--nodes: " + count + " is not in 1..64 (explorations are for small systems)");
        }
        if (recover && crashes == 0) {
            throw new IllegalArgumentException("--recover: give --crashes K too, K at least 1");
        }
        TimerPolicy policy = switch (timers == null ? "" : timers.toLowerCase(Locale.ROOT)) {
            case "" -> null;
            case "any" -> TimerPolicy.ANY_TIME;
            case "idle" -> TimerPolicy.WHEN_IDLE;
            default -> throw new IllegalArgumentException("--timers: '" + timers + "' is not any or idle");
        };
        Map<String, String> params = new LinkedHashMap<>(
                ExploreHarnesses.forAlgorithm(spec.algorithm()).explorationParams());
        SimulationOptions parser = new SimulationOptions();
        parser.algorithmOptions = algorithmOptions;
        RunPreflight.requireKnownOptions(spec, command, parser.algorithmParams());
        params.putAll(parser.algorithmParams());
        SimConfig config = SimConfig.defaults(spec.name(), count, seed).withParams(params);
        RunSetup setup = Simulation.setupFor(spec, config);
        TimedModel timed = timedModel();
        int depth = maxDepth != null ? maxDepth : timed != null ? 10_000_000 : 1_000;
        // In the order Options checks its bounds, so that of several bad flags the same one is named first.
        Explorer.Options options = Explorer.Options.defaults()
                .withMaxDepth(depth)
                .withCrashes(crashes, recover)
                .withMaxStates(maxStates)
                .withRequests(requests)
                .withLoss(loss)
                .withDepthFirst(depthFirst)
                .withTimers(policy)
                .withSeed(seed)
                .withFifo(fifo)
                .withTimed(timed);
        Explorer explorer = new Explorer(ExploreHarnesses.forAlgorithm(spec.algorithm()), setup, options);
        PrintWriter stdout = command.commandLine().getOut();
        stdout.printf(
                Locale.ROOT,
                "explore %s: %d processes, %s%s, %s, timers fire %s, %s search, max depth %d," + " max states %,d%n",
                spec.name(),
                count,
                loss ? "messages may be lost" : "no loss",
                explorer.fifoLinks() ? ", FIFO links" : "",
                crashes == 0
                        ? "no crash"
                        : "up to " + crashes + " crash" + (crashes > 1 ? "es" : "")
                                + (recover ? " (with recovery)" : ""),
                timed != null
                        ? "when due"
                        : explorer.timerPolicy() == TimerPolicy.ANY_TIME
                                ? "at any time"
                                : "only when no message is in flight",
                depthFirst ? "depth-first" : "breadth-first",
                depth,
                maxStates);
        if (timed != null) {
            stdout.println(timed.describe());
        }
        stdout.println("invariants: "
                + (explorer.invariantNames().isEmpty()
                        ? "none (only handler failures)"
                        : String.join(", ", explorer.invariantNames())));
        stdout.flush();
        // Progress goes to stderr, so that stdout can be piped and holds the result only.
        PrintWriter stderr = command.commandLine().getErr();
        ExploreResult result = explorer.run(progress -> {
            stderr.printf(
                    Locale.ROOT,
                    "progress: %,d states (%,d expanded, %,d queued), depth %d, %.0f s, %,.0f states/s%n",
                    progress.distinct(),
                    progress.expanded(),
                    progress.queued(),
                    progress.depth(),
                    progress.wallNanos() / 1e9,
                    progress.distinct() * 1e9 / Math.max(1, progress.wallNanos()));
            stderr.flush();
        });
        if (out == null
                && result.violation() == null
                && result.liveness().stream().allMatch(l -> l.counterexample() == null)) {
            // No counterexample this time: one left by an earlier run must not look like this run's.
            deleteQuietly(defaultScript(spec));
        }
        stdout.print(result.statistics());
        if (result.violation() != null) {
            report(stdout, spec, result.violation(), "VIOLATED");
        } else if (result.exhaustive() && timed != null) {
            stdout.println("result: every invariant holds in all "
                    + String.format(Locale.ROOT, "%,d", result.distinctStates())
                    + " states reachable up to tick " + timed.horizon()
                    + " (exhaustive within these bounds: " + timed.fault().describe() + ")");
        } else if (result.exhaustive()) {
            stdout.println(
                    "result: every invariant holds in all " + String.format(Locale.ROOT, "%,d", result.distinctStates())
                            + " reachable states (the search was exhaustive)");
        } else if (timed != null) {
            stdout.println("result: " + result.limit() + ": no violation so far, but the search did not finish, so"
                    + " this proves nothing beyond the states it saw");
        } else {
            stdout.println("result: no violation within the bounds; the search was not exhaustive: " + result.limit());
        }
        for (LivenessOutcome outcome : result.liveness()) {
            stdout.println("liveness " + outcome.goal() + ": "
                    + outcome.status().name().toLowerCase(Locale.ROOT) + " (" + outcome.detail() + ")");
            if (outcome.counterexample() != null && result.violation() == null) {
                report(stdout, spec, outcome.counterexample(), "STUCK");
            }
        }
        if (result.liveness().isEmpty()) {
            stdout.println("liveness: none checked (no goal for this algorithm and fault model)");
        }
        stdout.flush();
        return result.violated() ? ExitCodes.VIOLATION : ExitCodes.OK;
    }

    /**
     * Replays the counterexample's script in the simulator into a folder beside it, so that it can be stepped
     * through in the run viewer like any run. A script the simulator cannot replay is said, not fatal: the steps
     * above are the counterexample.
     */
    private void viewCounterexample(PrintWriter stdout, AlgorithmSpec spec, Path script) {
        String name = script.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path folder = script.toAbsolutePath().resolveSibling(name + "-run");
        java.io.StringWriter replayOut = new java.io.StringWriter();
        java.io.StringWriter replayErr = new java.io.StringWriter();
        List<String> args = new ArrayList<>(
                List.of("simulate", spec.name(), "--script", script.toString(), "--out", folder.toString(), "--quiet"));
        args.addAll(algorithmOptions);
        int code = Synchrony.run(new PrintWriter(replayOut), new PrintWriter(replayErr), args.toArray(String[]::new));
        if (code == ExitCodes.OK || code == ExitCodes.VIOLATION) {
            stdout.println("viewer: " + folder.resolve("viewer.html") + " (the counterexample replayed in the simulator"
                    + (code == ExitCodes.VIOLATION ? ", violating as above)" : "; the simulator's checks held there)"));
        } else {
            stdout.println("viewer: none (the simulator could not replay the script: "
                    + replayErr.toString().strip() + ")");
        }
    }

    private void report(PrintWriter stdout, AlgorithmSpec spec, Counterexample violation, String verdict) {
        stdout.println("result: " + verdict + " " + violation.property() + ": " + violation.detail());
        stdout.println((violation.shortest() ? "shortest counterexample" : "counterexample") + " (" + violation.length()
                + " steps):");
        stdout.print(violation.stepList());
        Path file = out != null ? out : defaultScript(spec);
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, violation.script());
        } catch (IOException e) {
            throw new UncheckedIOException("--out " + file + ": cannot write the script (" + e.getMessage() + ")", e);
        }
        stdout.println("script: " + file);
        stdout.println("replay: " + Launcher.line("simulate", List.of(spec.name(), "--script", file.toString())));
        viewCounterexample(stdout, spec, file);
        if (violation.scriptNote() != null) {
            stdout.println("note: " + violation.scriptNote());
        }
    }

    /** The timed model the flags ask for, or null; a timed flag without --timed is a usage error. */
    private TimedModel timedModel() {
        if (!timedMode) {
            for (String flag : command.commandLine().getParseResult().matchedOptions().stream()
                    .map(option -> option.longestName())
                    .toList()) {
                if (List.of(
                                "--tick",
                                "--delay",
                                "--horizon",
                                "--partition-once",
                                "--pause-once",
                                "--fault-start",
                                "--fault-length")
                        .contains(flag)) {
                    throw new IllegalArgumentException(flag + ": only for a timed exploration: add --timed");
                }
            }
            return null;
        }
        if (partitionOnce && pauseOnce) {
            throw new IllegalArgumentException(
                    "--pause-once: a run has one fault at most: give --partition-once or --pause-once, not both");
        }
        int[] delays = range("--delay", delay);
        int[] starts = range("--fault-start", faultStart);
        int[] lengths = range("--fault-length", faultLength);
        TimedModel.FaultKind kind = partitionOnce
                ? TimedModel.FaultKind.PARTITION
                : pauseOnce ? TimedModel.FaultKind.PAUSE : TimedModel.FaultKind.NONE;
        TimedModel.Fault fault = kind == TimedModel.FaultKind.NONE
                ? TimedModel.Fault.NONE
                : new TimedModel.Fault(kind, starts[0], starts[1], lengths[0], lengths[1]);
        return new TimedModel(
                dev.synchrony.catalog.Durations.parseNanos(tick, "--tick"), delays[0], delays[1], horizon, fault);
    }

    /** "A..B" or "A" as two ints, or a one-line error naming the flag. */
    private static int[] range(String flag, String text) {
        String[] parts = text.trim().split("\\.\\.", -1);
        try {
            if (parts.length == 1) {
                int value = Integer.parseInt(parts[0].trim());
                return new int[] {value, value};
            }
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(flag + ": '" + text + "' is not a tick count A or a range A..B");
    }

    private static Path defaultScript(AlgorithmSpec spec) {
        return Path.of("runs", "explore-" + spec.name(), "counterexample.yaml");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + file + ": " + e.getMessage(), e);
        }
    }
}
