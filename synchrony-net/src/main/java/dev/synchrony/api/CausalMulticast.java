package dev.synchrony.api;

import dev.synchrony.net.runtime.NodeHost;

/**
 * Causally ordered multicast: a message is delivered only after every message that causally precedes it (vector
 * clocks, the lecture's delivery conditions, over reliable FIFO links). Concurrent messages may be delivered in
 * different orders at different members. What a member publishes in one turn of its event loop leaves in one
 * frame per peer, each message keeping its exact vector timestamp (service params {@code max-batch}, default 256,
 * and {@code batch-delay}, default 0: the end of the turn; {@code max-batch: 1} sends each message on its own).
 */
public final class CausalMulticast extends OrderedMulticast {

    CausalMulticast(String name, NodeHost host, Window window) {
        super(name, host, window);
    }
}
