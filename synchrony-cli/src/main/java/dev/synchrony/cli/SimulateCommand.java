package dev.synchrony.cli;

import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.export.RunReport;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs ALGORITHM once in the deterministic simulator and checks its properties.",
            "Writes trace.jsonl, shiviz.log, diagram.svg, summary.json and viewer.html (open it in a browser) into --out.",
            "Exit 0: all properties held; 1: a property was violated; 2: bad usage; 3: internal error.",
            "Algorithm options (see 'synchrony list --options') go after the algorithm: --NAME VALUE."
        },
        footer = {
            "",
            "Examples:",
            "  synchrony simulate lamport --script examples/lamport-figure.yaml",
            "  synchrony simulate vector --nodes 4 --seed 7 --loss 0.1 --out runs/vector"
        })
final class SimulateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "ALGORITHM", description = "One of 'synchrony list'.")
    String algorithm;

    @Option(names = "--seed", paramLabel = "S", description = "Fixes every random choice of the run (default 1).")
    long seed = 1;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Where to write the files, emptied first (default runs/ALGORITHM[-SCRIPT][-OPTION-VALUE...]-seedS).")
    Path out;

    @Option(names = "--quiet", description = "Print only the properties' outcome.")
    boolean quiet;

    @Mixin
    SimulationOptions options;

    @Unmatched
    List<String> algorithmOptions = new ArrayList<>();

    @Override
    public Integer call() {
        AlgorithmSpec spec = AlgorithmNames.require(algorithm);
        options.algorithmOptions = algorithmOptions;
        RunPreflight.requireKnownOptions(spec, command, options.algorithmParams());
        SimConfig config = options.toConfig(spec, seed);
        RunPreflight.validate(spec, config);
        Path directory = out != null
                ? out
                : Path.of("runs", defaultFolderName(spec.name(), options.script, options.algorithmParams(), seed));
        RunFolder.prepare(directory, "summary.json", "--out");
        if (config.traceDetail() == SimConfig.TraceDetail.FULL) {
            // The viewer written beside the diagram shows each process's state: record it.
            config = config.withTraceDetail(SimConfig.TraceDetail.STATES);
        }
        RunResult run = Simulation.run(spec, config);
        RunReport report = new RunReport(spec, run);
        var stdout = command.commandLine().getOut();
        report.writeFiles(directory);
        String text = report.text();
        if (quiet) {
            text = text.substring(text.indexOf("properties:"));
        }
        stdout.print(text);
        stdout.println("files: "
                + String.join(
                        ", ",
                        RunFolder.files(directory).stream().map(Path::toString).toList()));
        stdout.flush();
        return run.violated() ? ExitCodes.VIOLATION : ExitCodes.OK;
    }

    /**
     * {@code runs/NAME}: the algorithm, or the script's name when it starts with the algorithm's
     * ({@code vector-figure-b}), then the algorithm options given ({@code correction-false}), then the seed, so
     * that distinct runs of the README write distinct folders.
     */
    static String defaultFolderName(String algorithm, Path script, Map<String, String> algorithmOptions, long seed) {
        StringBuilder name = new StringBuilder(algorithm);
        if (script != null) {
            String stem = script.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
            name.setLength(0);
            name.append(stem.startsWith(algorithm) ? stem : algorithm + "-" + stem);
        }
        new TreeMap<>(algorithmOptions)
                .forEach((option, value) ->
                        name.append('-').append(option).append('-').append(value));
        name.append("-seed").append(seed);
        return name.toString().replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
