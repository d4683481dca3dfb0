package dev.synchrony.multicast;

import dev.synchrony.core.NodeId;

/** The messages of {@link TotalOrderMulticast}. */
public sealed interface TotalOrderMessage {

    /** The {@code sequence}-th message multicast by {@code origin}, stamped with its Lamport time. */
    record Update(NodeId origin, long sequence, long timestamp, Object payload) implements TotalOrderMessage {
        @Override
        public String toString() {
            return "Update(" + origin + "#" + sequence + " @" + timestamp + ": " + payload + ")";
        }
    }

    /**
     * The sender has queued {@code origin}'s {@code sequence}-th message; {@code timestamp} is the sender's Lamport
     * time when it acknowledged, which is later than the message's own.
     */
    record Acknowledgement(NodeId origin, long sequence, long timestamp) implements TotalOrderMessage {
        @Override
        public String toString() {
            return "Ack(" + origin + "#" + sequence + " @" + timestamp + ")";
        }
    }
}
