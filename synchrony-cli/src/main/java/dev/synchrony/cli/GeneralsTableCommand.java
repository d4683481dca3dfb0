package dev.synchrony.cli;

import dev.synchrony.explore.families.GeneralsSweep;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "generals-table",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Tabulates the Two Generals' risk of disagreement for each k and loss probability.",
            "For each k (messengers per message) and loss probability, the share of simulated runs in which one",
            "general attacks alone, beside the exact probability, and whether",
            "'explore --loss' finds such a run. More messengers lower the risk; none",
            "removes it."
        },
        footer = {"", "Example:", "  synchrony generals-table --k 1..8 --loss 0.1,0.3,0.5 --runs 2000"})
final class GeneralsTableCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--k", paramLabel = "A..B", description = "Messengers per message to try (default 1..8).")
    String ks = "1..8";

    @Option(names = "--loss", paramLabel = "P,P", description = "Loss probabilities (default 0.1,0.3,0.5).")
    String losses = "0.1,0.3,0.5";

    @Option(names = "--rounds", paramLabel = "R", description = "Messages in the handshake (default 2).")
    int rounds = 2;

    @Option(names = "--runs", paramLabel = "N", description = "Simulated runs per cell (default 1000).")
    int runs = 1_000;

    @Override
    public Integer call() {
        if (rounds < 1 || rounds > 62) {
            throw new IllegalArgumentException("--rounds: " + rounds + " is not in 1..62");
        }
        GeneralsSweep sweep = new GeneralsSweep(
                GeneralsSweep.parseInts(ks, "--k"), GeneralsSweep.parseProbabilities(losses, "--loss"), rounds, runs);
        for (int k : sweep.ks()) {
            if (k < 1 || k > 64) {
                throw new IllegalArgumentException("--k: " + k + " is not in 1..64");
            }
        }
        PrintWriter out = command.commandLine().getOut();
        out.print(sweep.table());
        out.flush();
        return ExitCodes.OK;
    }
}
