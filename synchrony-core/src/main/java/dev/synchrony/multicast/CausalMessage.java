package dev.synchrony.multicast;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;

/** The messages of {@link CausalOrderMulticast}. */
public sealed interface CausalMessage {

    /**
     * A message multicast by {@code origin} with vector timestamp ts(m) = {@code timestamp}; its entry for the
     * origin is the message's sequence number among the origin's multicasts.
     */
    record Update(NodeId origin, VectorClock timestamp, Object payload) implements CausalMessage {
        @Override
        public String toString() {
            return "Update(" + origin + " " + timestamp + ": " + payload + ")";
        }
    }
}
