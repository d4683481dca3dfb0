package dev.synchrony.sim.algorithms;

import dev.synchrony.sim.algorithms.generals.TwoGeneralsSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.List;

/** The simulator harnesses of the Two Generals' problem (issue: exhaustive exploration). */
public final class AgreementAlgorithms {

    private AgreementAlgorithms() {
    }

    public static List<AlgorithmSpec> all() {
        return List.of(new TwoGeneralsSpec());
    }
}
