package dev.synchrony.multicast;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import java.util.List;

/** The messages of {@link CausalOrderMulticast}. */
public sealed interface CausalMessage {

    /** The process that multicast the message(s). */
    NodeId origin();

    /** ts(m) of the first (or only) message carried. */
    VectorClock timestamp();

    /** How many multicasts this message carries (at least 1). */
    int count();

    /** The payload of the {@code i}-th multicast carried, from 0. */
    Object payload(int i);

    /**
     * A message multicast by {@code origin} with vector timestamp ts(m) = {@code timestamp}; its entry for the
     * origin is the message's sequence number among the origin's multicasts.
     */
    record Update(NodeId origin, VectorClock timestamp, Object payload) implements CausalMessage {
        @Override
        public int count() {
            return 1;
        }

        @Override
        public Object payload(int i) {
            if (i != 0) {
                throw new IndexOutOfBoundsException("an update carries one payload, not " + (i + 1));
            }
            return payload;
        }

        @Override
        public String toString() {
            return "Update(" + origin + " " + timestamp + ": " + payload + ")";
        }
    }

    /**
     * Consecutive multicasts of {@code origin} sent in one frame: the {@code i}-th has the timestamp
     * {@code timestamp} with the origin's entry increased by {@code i}. That is exact, not an approximation: the
     * origin sends its batch before it delivers anyone else's message, so between these multicasts only its own
     * entry of VC moved, and the timestamps differ in nothing else. One vector travels instead of one per message.
     */
    record Batch(NodeId origin, VectorClock timestamp, List<Object> payloads) implements CausalMessage {
        public Batch {
            payloads = List.copyOf(payloads);
            if (payloads.isEmpty()) {
                throw new IllegalArgumentException("a batch of " + origin + " carries no payload");
            }
        }

        @Override
        public int count() {
            return payloads.size();
        }

        @Override
        public Object payload(int i) {
            return payloads.get(i);
        }

        @Override
        public String toString() {
            return "Batch(" + origin + " " + timestamp + " and the next " + (payloads.size() - 1) + ")";
        }
    }
}
