package dev.synchrony.api;

import dev.synchrony.net.runtime.NodeHost;

/**
 * Totally ordered multicast: every member delivers the same messages in the same order, so replicas that apply
 * deliveries in order stay equal. The service's algorithm decides how: {@code total-order} (the lecture's, with
 * Lamport timestamps and acknowledgements from every member) or {@code sequencer-total-order} (one fixed member
 * numbers batches of messages: one round trip to it per message, and its crash stops delivery), both over reliable
 * FIFO links.
 */
public final class TotalOrderMulticast extends OrderedMulticast {

    TotalOrderMulticast(String name, NodeHost host, Window window) {
        super(name, host, window);
    }
}
