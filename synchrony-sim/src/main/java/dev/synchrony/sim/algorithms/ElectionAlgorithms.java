package dev.synchrony.sim.algorithms;

import dev.synchrony.sim.algorithms.election.ElectionSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.List;

/** The simulator harnesses of election: bully and ring. */
public final class ElectionAlgorithms {

    private ElectionAlgorithms() {
    }

    public static List<AlgorithmSpec> all() {
        return List.of(ElectionSpec.bully(), ElectionSpec.ring());
    }
}
