package dev.synchrony.api;

import dev.synchrony.net.runtime.NodeHost;

/**
 * Causally ordered multicast: a message is delivered only after every message that causally precedes it (vector
 * clocks, the lecture's delivery conditions, over reliable FIFO links). Concurrent messages may be delivered in
 * different orders at different members.
 */
public final class CausalMulticast extends OrderedMulticast {

    CausalMulticast(String name, NodeHost host, Window window) {
        super(name, host, window);
    }
}
