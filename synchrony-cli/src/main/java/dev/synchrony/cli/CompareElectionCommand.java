package dev.synchrony.cli;

import dev.synchrony.catalog.Durations;
import dev.synchrony.sim.experiments.ElectionComparison;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "election",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Messages and time per election of bully and ring-election, measured beside the analytic figures.",
            "Processes n1..nN presume nN is coordinator; nN has crashed; the named processes notice and hold an election.",
            "Exit 0 when every measured count equals the predicted one and every property held, 1 otherwise."
        },
        footer = {"", "Example:", "  synchrony compare election --nodes 8 --seed 1"})
final class CompareElectionCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--nodes", paramLabel = "N", description = "Number of processes (default 8).")
    int nodes = 8;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the simulated runs (default 1).")
    long seed = 1;

    @Option(names = "--latency", paramLabel = "MIN..MAX", description = "Message latency range (default 1ms..10ms).")
    String latency = "1ms..10ms";

    @Override
    public Integer call() {
        if (nodes < 3 || nodes > 1000) {
            throw new IllegalArgumentException("--nodes: " + nodes + " is not in 3..1000");
        }
        long[] range = SimulationOptions.range(latency, "--latency");
        if (range[0] < 0 || range[1] < range[0]) {
            throw new IllegalArgumentException("--latency: need 0 <= MIN <= MAX, got " + latency);
        }
        List<ElectionComparison.Row> rows = ElectionComparison.run(nodes, seed, range[0], range[1]);
        PrintWriter out = command.commandLine().getOut();
        out.printf(
                "election cost: %d processes n1..n%d, n%d (the coordinator) crashed, latency %s, seed %d%n",
                nodes, nodes, nodes, latency, seed);
        out.printf(
                "%-14s %-30s %-22s %-58s %9s %14s %s%n",
                "algorithm", "scenario", "lecture", "predicted here", "measured", "time to elect", "elected");
        boolean ok = true;
        for (ElectionComparison.Row row : rows) {
            boolean match =
                    row.measuredMessages() == row.predictedMessages() && row.propertiesHeld() && row.episodes() == 1;
            ok &= match;
            out.printf(
                    "%-14s %-30s %-22s %-58s %9d %14s %s%s%n",
                    row.algorithm(),
                    row.scenario(),
                    row.textbook(),
                    row.predicted(),
                    row.measuredMessages(),
                    row.timeToElectNanos() < 0 ? "-" : Durations.human(row.timeToElectNanos()),
                    row.leader(),
                    match
                            ? ""
                            : "  (differs: " + row.episodes() + " episode(s), properties "
                                    + (row.propertiesHeld() ? "held" : "violated") + ")");
        }
        out.println("messages: election messages sent (heartbeats excluded), lost ones included; time: from the "
                + "initiators' notice to all live processes naming the coordinator");
        out.flush();
        return ok ? ExitCodes.OK : ExitCodes.VIOLATION;
    }
}
