package dev.synchrony.logical;

import dev.synchrony.clocks.VectorClock;

/** The messages of the vector-clock demo: an application message carrying vt(m). */
public sealed interface VectorMessage {

    /**
     * A message with the sender's vector clock.
     *
     * @param label the message's name
     * @param timestamp vt(m): the sender's vector clock at the send event
     */
    record Stamped(String label, VectorClock timestamp) implements VectorMessage {
        @Override
        public String toString() {
            return label + "(vt=" + timestamp + ")";
        }
    }
}
