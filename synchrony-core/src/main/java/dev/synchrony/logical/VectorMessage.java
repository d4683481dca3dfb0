package dev.synchrony.logical;

import dev.synchrony.clocks.VectorClock;

/** The messages of the vector-clock demo: an application message carrying vt(m). */
public sealed interface VectorMessage {

    record Stamped(String label, VectorClock timestamp) implements VectorMessage {
        @Override
        public String toString() {
            return label + "(vt=" + timestamp + ")";
        }
    }
}
