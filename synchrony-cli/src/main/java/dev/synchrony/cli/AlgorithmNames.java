package dev.synchrony.cli;

import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.List;

/** Looks up the algorithm a command names, suggesting the closest name when it is misspelt. */
final class AlgorithmNames {

    private AlgorithmNames() {}

    static AlgorithmSpec require(String name) {
        List<String> known = Algorithms.all().stream().map(AlgorithmSpec::name).toList();
        return Algorithms.find(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown algorithm '" + name + "'"
                        + Suggestions.didYouMean(name, known) + " (known: " + String.join(", ", known) + ")"));
    }
}
