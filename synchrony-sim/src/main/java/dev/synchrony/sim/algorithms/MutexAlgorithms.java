package dev.synchrony.sim.algorithms;

import dev.synchrony.sim.algorithms.mutex.MutexSpecs;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.List;

/** The simulator harnesses of mutual exclusion: centralized, decentralized, Ricart-Agrawala, token ring. */
public final class MutexAlgorithms {

    private MutexAlgorithms() {
    }

    public static List<AlgorithmSpec> all() {
        return MutexSpecs.all();
    }
}
