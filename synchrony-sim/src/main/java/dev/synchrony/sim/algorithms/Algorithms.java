package dev.synchrony.sim.algorithms;

import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Every algorithm the simulator and the command line know, in the lecture's order. */
public final class Algorithms {

    private static final List<AlgorithmSpec> ALL = collect();

    private Algorithms() {
    }

    private static List<AlgorithmSpec> collect() {
        List<AlgorithmSpec> all = new ArrayList<>();
        all.addAll(AgreementAlgorithms.all());
        all.addAll(ClockSyncAlgorithms.all());
        all.addAll(LogicalClockAlgorithms.all());
        all.addAll(MulticastAlgorithms.all());
        all.addAll(MutexAlgorithms.all());
        all.addAll(ElectionAlgorithms.all());
        return Collections.unmodifiableList(all);
    }

    public static List<AlgorithmSpec> all() {
        return ALL;
    }

    public static Optional<AlgorithmSpec> find(String name) {
        return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    /** The spec named {@code name}, or an error listing the known names. */
    public static AlgorithmSpec require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown algorithm '" + name
                + "' (known: " + String.join(", ", ALL.stream().map(AlgorithmSpec::name).toList()) + ")"));
    }
}
