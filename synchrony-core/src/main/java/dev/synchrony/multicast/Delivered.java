package dev.synchrony.multicast;

import dev.synchrony.core.NodeId;

/**
 * Output of an ordered-multicast node: {@code payload}, published by {@code origin} as its {@code sequence}-th
 * message (from 1), is delivered to the application now, in the order the protocol guarantees.
 */
public record Delivered(NodeId origin, long sequence, Object payload) {

    /** Short, for diagrams and traces: {@code deliver P1#2: payload}. */
    @Override
    public String toString() {
        return "deliver " + origin + "#" + sequence + ": " + payload;
    }
}
