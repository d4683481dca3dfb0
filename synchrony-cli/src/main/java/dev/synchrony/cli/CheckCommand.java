package dev.synchrony.cli;

import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.SimulationException;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.sweep.SeedSweep;
import dev.synchrony.sim.sweep.SweepReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs ALGORITHM once per seed and checks every run's properties (a seed sweep).",
                "Ends with a table of violations per property and, for each violating seed, the command that replays it.",
                "Exit 0: no violation; 1: some violation; 2: bad usage."},
        footer = {"", "Examples:", "  synchrony check vector --seeds 1..200 --loss 0.1 --reorder 0.1",
                "  synchrony check lamport --seeds 1..1000 --swarm"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "ALGORITHM", description = "One of 'synchrony list'.")
    String algorithm;

    @Option(names = "--seeds", paramLabel = "A..B", required = true, description = "The seeds to run, e.g. 1..200.")
    String seeds;

    @Option(names = "--swarm", description = "Each seed also draws its own fault settings (loss, duplication, "
            + "reordering, latency), shown in its replay command.")
    boolean swarm;

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--progress", paramLabel = "MODE", description = "auto (default: a bar on a terminal, lines "
            + "otherwise), bar, lines or none.")
    String progress = "auto";

    @Mixin
    SimulationOptions options;

    @Unmatched
    List<String> algorithmOptions = new ArrayList<>();

    @Override
    public Integer call() {
        AlgorithmSpec spec = Algorithms.require(algorithm);
        options.algorithmOptions = algorithmOptions;
        long[] range = parseSeeds(seeds);
        if (threads < 1) {
            throw new IllegalArgumentException("--threads: must be at least 1");
        }
        SimConfig base = options.toConfig(spec, range[0]);
        PrintWriter out = command.commandLine().getOut();
        ProgressDisplay display = ProgressDisplay.of(progress, out, range[1] - range[0] + 1);
        SweepReport report;
        try {
            report = new SeedSweep(spec, base, swarm, threads).run(range[0], range[1], display::update);
        } catch (SimulationException e) {
            throw e;
        } finally {
            display.finish();
        }
        out.print(report.table());
        out.flush();
        return report.anyViolation() ? ExitCodes.VIOLATION : ExitCodes.OK;
    }

    static long[] parseSeeds(String text) {
        try {
            int dots = text.indexOf("..");
            long first = Long.parseLong(dots < 0 ? text.trim() : text.substring(0, dots).trim());
            long last = dots < 0 ? first : Long.parseLong(text.substring(dots + 2).trim());
            if (last < first) {
                throw new IllegalArgumentException("--seeds " + text + ": the range is empty");
            }
            if (last - first >= 10_000_000) {
                throw new IllegalArgumentException("--seeds " + text + ": at most 10,000,000 seeds per sweep");
            }
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seeds: '" + text + "' is not A..B with whole numbers");
        }
    }
}
