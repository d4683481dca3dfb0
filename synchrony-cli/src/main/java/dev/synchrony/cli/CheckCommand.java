package dev.synchrony.cli;

import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.sweep.SeedSweep;
import dev.synchrony.sim.sweep.SweepReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs ALGORITHM once per seed and checks every run's properties (a seed sweep).",
            "Ends with a table of violations per property and, for each violating seed, the command that replays it.",
            "Exit 0: no violation; 1: some violation; 2: bad usage; 3: internal error (a run threw: one line per",
            "seed with its replay command, stack traces in DIR/errors.log, or runs/check-ALGORITHM/errors.log)."
        },
        footer = {
            "",
            "Examples:",
            "  synchrony check vector --seeds 1..200 --loss 0.1 --reorder 0.1",
            "  synchrony check lamport --seeds 1..1000 --swarm",
            "  synchrony check lamport --seeds 1..50 --correction false --out runs/lamport-sweep"
        })
final class CheckCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "ALGORITHM", description = "One of 'synchrony list'.")
    String algorithm;

    @Option(names = "--seeds", paramLabel = "A..B", required = true, description = "The seeds to run, e.g. 1..200.")
    String seeds;

    @Option(
            names = "--swarm",
            description = "Each seed also draws its own fault settings (loss, duplication, "
                    + "reordering, latency; in about one seed in four a partition, and in one in four a pause; a run "
                    + "whose pause or partition ends too late for the link layer to drain is lengthened), shown in its "
                    + "replay command.")
    boolean swarm;

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(
            names = "--progress",
            paramLabel = "MODE",
            description = "auto (default: a bar on a terminal, lines " + "otherwise), bar, lines or none.")
    String progress = "auto";

    @Mixin
    SimulationOptions options;

    @Unmatched
    List<String> algorithmOptions = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Also write the table as DIR/sweep.json and, for the "
                    + "first " + SweepFiles.RUN_FOLDERS
                    + " violating seeds, the run folder simulate writes (DIR/seed-N/). "
                    + "DIR is emptied first.")
    Path out;

    @Override
    public Integer call() {
        AlgorithmSpec spec = AlgorithmNames.require(algorithm);
        options.algorithmOptions = algorithmOptions;
        RunPreflight.requireKnownOptions(spec, command, options.algorithmParams());
        long[] range = parseSeeds(seeds);
        if (threads < 1) {
            throw new IllegalArgumentException("--threads: must be at least 1");
        }
        SimConfig base = options.toConfig(spec, range[0]);
        // Every option is checked here, once: a mistake must not surface as a failure of each run of the sweep.
        RunPreflight.validate(spec, base);
        PrintWriter stdout = command.commandLine().getOut();
        ProgressDisplay display =
                ProgressDisplay.of(progress, command.commandLine().getErr(), range[1] - range[0] + 1);
        if (out != null) {
            RunFolder.prepare(out, SweepFiles.MARKER, "--out");
        }
        SweepReport report;
        try {
            report = new SeedSweep(spec, base, swarm, threads).run(range[0], range[1], display::update);
        } finally {
            display.finish();
        }
        stdout.print(report.table(Launcher::replay));
        Path errorLog = null;
        if (!report.failures().isEmpty()) {
            errorLog = (out != null ? out : Path.of("runs", "check-" + spec.name())).resolve("errors.log");
            reportFailures(report.failures(), errorLog, command.commandLine().getErr());
        }
        if (out != null) {
            List<Path> folders = SweepFiles.write(out, spec, report, errorLog);
            stdout.println("files: " + out.resolve(SweepFiles.MARKER)
                    + (folders.isEmpty()
                            ? ""
                            : ", " + folders.size() + " run folder" + (folders.size() == 1 ? "" : "s") + " (" + out
                                    + "/seed-N/)"));
        }
        stdout.flush();
        if (!report.failures().isEmpty()) {
            return ExitCodes.INTERNAL;
        }
        return report.anyViolation() ? ExitCodes.VIOLATION : ExitCodes.OK;
    }

    /**
     * One line per failed seed (the first few): what it threw, where its stack trace is, and its replay command.
     * The stack traces all go to {@code errorLog}.
     */
    static void reportFailures(List<SweepReport.Failure> failures, Path errorLog, PrintWriter stderr) {
        InternalErrorLog.write(
                errorLog,
                failures.stream()
                        .map(f -> new InternalErrorLog.Entry(
                                "seed " + f.config().seed() + ": " + Launcher.replay(f.config()), f.error()))
                        .toList());
        for (int i = 0; i < Math.min(SweepFiles.RUN_FOLDERS, failures.size()); i++) {
            SweepReport.Failure failure = failures.get(i);
            stderr.println("synchrony check: seed " + failure.config().seed() + ": internal error "
                    + InternalErrorLog.oneLine(failure.error()) + " (stack trace: " + errorLog + "); replay: "
                    + Launcher.replay(failure.config()));
        }
        if (failures.size() > SweepFiles.RUN_FOLDERS) {
            stderr.println("synchrony check: ... and " + (failures.size() - SweepFiles.RUN_FOLDERS)
                    + " more seeds failed (all in " + errorLog + ")");
        }
        stderr.flush();
    }

    static long[] parseSeeds(String text) {
        try {
            int dots = text.indexOf("..");
            long first = Long.parseLong(
                    dots < 0 ? text.trim() : text.substring(0, dots).trim());
            long last =
                    dots < 0 ? first : Long.parseLong(text.substring(dots + 2).trim());
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
