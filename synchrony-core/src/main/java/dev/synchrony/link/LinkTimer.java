package dev.synchrony.link;

import dev.synchrony.core.NodeId;

/**
 * The timers of {@link ReliableFifoLink}: the inner algorithm's own timers, wrapped, and one retransmission timer
 * per peer.
 *
 * @param <T> the inner algorithm's timers
 */
public sealed interface LinkTimer<T> {

    /** A timer the inner algorithm set. */
    record Inner<T>(T timer) implements LinkTimer<T> {
        @Override
        public String toString() {
            return String.valueOf(timer);
        }
    }

    /** Time to retransmit what {@code peer} has not acknowledged. */
    record Retransmit<T>(NodeId peer) implements LinkTimer<T> {}
}
