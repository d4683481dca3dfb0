package dev.synchrony.logical;

/** The messages of the Lamport-clock demo: an application message carrying ts(m). */
public sealed interface LamportMessage {

    record Stamped(String label, long timestamp) implements LamportMessage {
        @Override
        public String toString() {
            return label + "(ts=" + timestamp + ")";
        }
    }
}
