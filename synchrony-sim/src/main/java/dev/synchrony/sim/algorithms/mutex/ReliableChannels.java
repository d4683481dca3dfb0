package dev.synchrony.sim.algorithms.mutex;

import dev.synchrony.core.Node;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.sim.spec.RunSetup;

/**
 * Where the mutual-exclusion nodes meet the reliable FIFO link layer. Every algorithm here assumes reliable
 * channels (the lecture says so of Ricart-Agrawala; the others need it as much), so on a network that loses,
 * duplicates or reorders messages each node runs over {@link ReliableFifoLink}. On a fault-free network the nodes
 * run bare, so that message counts are the algorithm's own (the cost table compares those).
 */
final class ReliableChannels {

    private ReliableChannels() {
    }

    static Node<?, ?, ?> wrap(Node<?, ?, ?> node, RunSetup setup) {
        return setup.config().network().faulty() ? ReliableFifoLink.over(node) : node;
    }
}
