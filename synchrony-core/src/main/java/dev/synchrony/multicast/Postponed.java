package dev.synchrony.multicast;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;

/**
 * Recorded by {@link CausalOrderMulticast} when a message arrives before a message that causally precedes it:
 * its timestamp {@code timestamp} fails the delivery conditions against the receiver's clock {@code clock}.
 */
public record Postponed(NodeId origin, long sequence, VectorClock timestamp, VectorClock clock) {

    @Override
    public String toString() {
        return "postpone " + origin + "#" + sequence + ": ts(m)=" + timestamp + ", VC=" + clock;
    }
}
