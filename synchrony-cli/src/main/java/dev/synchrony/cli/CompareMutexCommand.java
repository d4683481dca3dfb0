package dev.synchrony.cli;

import dev.synchrony.catalog.Durations;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.experiments.MutexComparison;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "mutex",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs every mutual-exclusion algorithm on the same workload and prints their costs beside the "
                    + "textbook's analysis: centralized, decentralized, Ricart-Agrawala, token ring.",
            "Two tables: the given (light) load, and a heavy load where every process nearly always wants the "
                    + "resource.",
            "Exit 0: all safety and liveness checks held; 1: some did not; 2: bad usage."
        },
        footer = {"", "Example:", "  synchrony compare mutex --nodes 5 --seed 1"})
final class CompareMutexCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--nodes", paramLabel = "N", description = "Processes (default 5).")
    int nodes = 5;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the runs (default 1).")
    long seed = 1;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "Light load: requests per idle process per virtual second (default 0.5).")
    double rate = 0.5;

    @Option(
            names = "--heavy-rate",
            paramLabel = "R",
            description = "Heavy load: the same, for the second table (default 200).")
    double heavyRate = 200;

    @Option(names = "--hold", paramLabel = "T", description = "Mean hold time of the resource (default 5ms).")
    String hold = "5ms";

    @Option(
            names = "--latency",
            paramLabel = "T",
            description = "The one message latency, a transit time (default 10ms).")
    String latency = "10ms";

    @Option(names = "--duration", paramLabel = "T", description = "Virtual time per run (default 60s).")
    String duration = "60s";

    @Override
    public Integer call() {
        if (!(rate > 0) || !(heavyRate > 0)) {
            throw new IllegalArgumentException("--rate/--heavy-rate: must be positive");
        }
        long holdNanos = Durations.parseNanos(hold, "--hold");
        long latencyNanos = Durations.parseNanos(latency, "--latency");
        long durationNanos = Durations.parseNanos(duration, "--duration");
        if (durationNanos <= 0 || durationNanos > 3_600_000_000_000L) {
            throw new IllegalArgumentException("--duration: must be in (0, 1h]");
        }
        PrintWriter out = command.commandLine().getOut();
        boolean ok = true;
        for (double r : new double[] {rate, heavyRate}) {
            MutexComparison.Load load =
                    new MutexComparison.Load(nodes, seed, r, holdNanos, latencyNanos, durationNanos);
            List<MutexComparison.Row> rows = MutexComparison.run(load);
            out.println(r == rate ? "Light load" : "Heavy load");
            out.print(MutexComparison.table(load, rows));
            out.println();
            ok &= rows.stream()
                    .noneMatch(row -> row.safety() == CheckResult.Status.VIOLATED
                            || row.liveness() == CheckResult.Status.VIOLATED);
        }
        out.println("Why the figures differ from the textbook's:");
        for (String note : MutexComparison.notes(
                new MutexComparison.Load(nodes, seed, rate, holdNanos, latencyNanos, durationNanos))) {
            out.println("  - " + note);
        }
        out.flush();
        return ok ? ExitCodes.OK : ExitCodes.VIOLATION;
    }
}
