package dev.synchrony.cli;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Validates a run's options once, before anything runs: the algorithm's options are resolved (unknown names and
 * values outside their choices), and every process, its recovered form, its workload and its checks are built,
 * which reads every typed option. A mistake is an {@link IllegalArgumentException} naming the option, so a sweep
 * stops with one line instead of failing in each of its runs.
 */
final class RunPreflight {

    private RunPreflight() {}

    /**
     * Refuses an option that is neither the command's own nor the algorithm's, naming both lists and the closest
     * name: a misspelt run flag ({@code --nodse}) lands among the algorithm's options, where it is unknown too.
     */
    static void requireKnownOptions(AlgorithmSpec spec, CommandSpec command, Map<String, String> algorithmOptions) {
        List<String> own = spec.params().stream().map(p -> "--" + p.name()).toList();
        for (String name : algorithmOptions.keySet()) {
            if (own.contains("--" + name)) {
                continue;
            }
            List<String> flags = command.options().stream()
                    .map(o -> o.longestName())
                    .filter(n -> !n.equals("--help") && !n.equals("--version"))
                    .toList();
            List<String> all = new ArrayList<>(flags);
            all.addAll(own);
            throw new IllegalArgumentException("--" + name + ": not an option of " + command.name() + " or of "
                    + spec.name() + Suggestions.didYouMean("--" + name, all) + " (" + command.name() + " flags: "
                    + String.join(" ", flags) + "; " + spec.name() + " options: "
                    + (own.isEmpty() ? "none" : String.join(" ", own)) + ")");
        }
    }

    static void validate(AlgorithmSpec spec, SimConfig config) {
        RunSetup setup = Simulation.setupFor(spec, config);
        for (NodeId id : config.nodes()) {
            spec.newNode(id, setup);
            spec.recoveredNode(id, setup);
        }
        spec.checks(setup);
    }
}
