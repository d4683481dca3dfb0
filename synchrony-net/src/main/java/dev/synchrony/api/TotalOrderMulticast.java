package dev.synchrony.api;

import dev.synchrony.net.runtime.NodeHost;

/**
 * Totally ordered multicast: every member delivers the same messages in the same order (the lecture's algorithm
 * with Lamport timestamps, over reliable FIFO links), so replicas that apply deliveries in order stay equal.
 */
public final class TotalOrderMulticast extends OrderedMulticast {

    TotalOrderMulticast(String name, NodeHost host) {
        super(name, host);
    }
}
