package dev.synchrony.sim.algorithms;

import dev.synchrony.sim.algorithms.multicast.BankSpec;
import dev.synchrony.sim.algorithms.multicast.FifoLinkSpec;
import dev.synchrony.sim.algorithms.multicast.OrderedMulticastSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.List;

/** The simulator harnesses of reliable links, totally and causally ordered multicast, the replicated bank account. */
public final class MulticastAlgorithms {

    private MulticastAlgorithms() {
    }

    public static List<AlgorithmSpec> all() {
        return List.of(new FifoLinkSpec(), OrderedMulticastSpec.total(), OrderedMulticastSpec.causal(), new BankSpec());
    }
}
