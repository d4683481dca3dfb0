package dev.synchrony.sim.algorithms.mutex;

import dev.synchrony.core.Node;
import dev.synchrony.link.LinkConfig;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.sim.spec.RunSetup;

/**
 * Where the mutual-exclusion nodes meet the reliable FIFO link layer. Every algorithm here assumes reliable
 * channels (the lecture says so of Ricart-Agrawala; the others need it as much), so on a network that loses,
 * duplicates or reorders messages each node runs over {@link ReliableFifoLink}. On a fault-free network the nodes
 * run bare, so that message counts are the algorithm's own (the cost table compares those).
 */
final class ReliableChannels {

    /**
     * The link's default backoff grows to 1 s between retransmissions; a lock waiting on a lost release then
     * stalls every process for that long (seed 5853 of the decentralized sweep left a request ungranted at the
     * end of the run that way). Capped at 100 ms, ten times the default maximum latency, a few losses in a row
     * cost a few hundred milliseconds at most.
     */
    static final LinkConfig LINK = LinkConfig.DEFAULT.withMaxRetransmitNanos(100_000_000L);

    private ReliableChannels() {
    }

    static Node<?, ?, ?> wrap(Node<?, ?, ?> node, RunSetup setup) {
        return setup.config().network().faulty() ? ReliableFifoLink.over(node, LINK) : node;
    }
}
