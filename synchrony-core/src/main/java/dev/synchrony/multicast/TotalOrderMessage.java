package dev.synchrony.multicast;

import dev.synchrony.core.NodeId;
import java.util.List;

/** The messages of {@link TotalOrderMulticast}. */
public sealed interface TotalOrderMessage {

    /**
     * The {@code sequence}-th message multicast by {@code origin}, stamped with its Lamport time {@code timestamp},
     * and, when {@code payloads} holds more than one, the following ones: {@code payloads.get(i)} is message
     * {@code sequence + i} stamped {@code timestamp + i}. A batch is exactly k updates sent back to back on the FIFO
     * channel, with nothing else sent between them.
     */
    record Update(NodeId origin, long sequence, long timestamp, List<Object> payloads) implements TotalOrderMessage {
        public Update {
            payloads = List.copyOf(payloads);
            if (payloads.isEmpty()) {
                throw new IllegalArgumentException("an update of " + origin + " carries no payload");
            }
        }

        /** One message: {@code payload} is {@code origin}'s {@code sequence}-th, stamped {@code timestamp}. */
        public static Update of(NodeId origin, long sequence, long timestamp, Object payload) {
            return new Update(origin, sequence, timestamp, List.of(payload));
        }

        /** The timestamp of the last message it carries, the highest. */
        public long lastTimestamp() {
            return timestamp + payloads.size() - 1;
        }

        @Override
        public String toString() {
            if (payloads.size() == 1) {
                return "Update(" + origin + "#" + sequence + " @" + timestamp + ": " + payloads.getFirst() + ")";
            }
            long last = payloads.size() - 1;
            return "Update(" + origin + "#" + sequence + ".." + (sequence + last) + " @" + timestamp + ".."
                    + (timestamp + last) + ")";
        }
    }

    /**
     * The sender has queued {@code origin}'s {@code sequence}-th message (and every update it received before);
     * {@code timestamp} is the sender's Lamport time when it acknowledged, which is later than theirs.
     */
    record Acknowledgement(NodeId origin, long sequence, long timestamp) implements TotalOrderMessage {
        @Override
        public String toString() {
            return "Ack(" + origin + "#" + sequence + " @" + timestamp + ")";
        }
    }
}
