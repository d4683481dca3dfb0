package dev.synchrony.sim.algorithms;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Catalog;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.List;
import java.util.Optional;

/**
 * Every algorithm of the catalog as the simulator runs it: its catalog entry with its family's harness (and its
 * own extras, if any), in the catalog's order.
 */
public final class Algorithms {

    private static final List<AlgorithmSpec> ALL =
            Catalog.all().stream().map(Algorithms::spec).toList();

    private Algorithms() {}

    /** How the simulator runs {@code algorithm}: any catalog entry, or one a test builds. */
    public static AlgorithmSpec spec(Algorithm algorithm) {
        return new AlgorithmSpec(algorithm, Harnesses.forAlgorithm(algorithm));
    }

    public static List<AlgorithmSpec> all() {
        return ALL;
    }

    public static Optional<AlgorithmSpec> find(String name) {
        return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    /** The spec named {@code name}, or an error listing the known names. */
    public static AlgorithmSpec require(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown algorithm '" + name + "' (known: " + String.join(", ", Catalog.names()) + ")"));
    }
}
