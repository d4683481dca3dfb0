package dev.synchrony.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Every algorithm Synchrony knows, in the lecture's order: the one list all runtimes and commands read. */
public final class Catalog {

    private static final List<Algorithm> ALL = collect();

    private Catalog() {}

    private static List<Algorithm> collect() {
        List<Algorithm> all = new ArrayList<>();
        all.addAll(AgreementEntries.all());
        all.addAll(ClockSyncEntries.all());
        all.addAll(LogicalClockEntries.all());
        all.addAll(MulticastEntries.all());
        all.addAll(MutexEntries.all());
        all.addAll(ElectionEntries.all());
        List<String> names = new ArrayList<>();
        for (Algorithm algorithm : all) {
            if (names.contains(algorithm.name())) {
                throw new IllegalStateException("two algorithms are called " + algorithm.name());
            }
            names.add(algorithm.name());
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * Every algorithm, family by family, in the order {@code synchrony list} shows them.
     *
     * @return the whole catalog
     */
    public static List<Algorithm> all() {
        return ALL;
    }

    /**
     * The algorithms of one family, in catalog order.
     *
     * @param family the family
     * @return its algorithms
     */
    public static List<Algorithm> of(Family family) {
        return ALL.stream().filter(a -> a.family() == family).toList();
    }

    /**
     * Looks an algorithm up by the name users type.
     *
     * @param name e.g. {@code ricart-agrawala}
     * @return the algorithm, or empty when none has that name
     */
    public static Optional<Algorithm> find(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * The algorithm named {@code name}, or an error listing the known names.
     *
     * @param name e.g. {@code ricart-agrawala}
     * @return the algorithm
     * @throws IllegalArgumentException when none has that name, listing the names
     */
    public static Algorithm require(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown algorithm '" + name + "' (known: " + String.join(", ", names()) + ")"));
    }

    /**
     * Every algorithm's name, in catalog order (for error messages and completion).
     *
     * @return the names
     */
    public static List<String> names() {
        return ALL.stream().map(Algorithm::name).toList();
    }
}
