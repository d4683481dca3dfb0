package dev.synchrony.logical;

/** The messages of the Lamport-clock demo: an application message carrying ts(m). */
public sealed interface LamportMessage {

    /**
     * A message with the sender's clock.
     *
     * @param label the message's name
     * @param timestamp ts(m): the sender's clock at the send event
     */
    record Stamped(String label, long timestamp) implements LamportMessage {
        @Override
        public String toString() {
            return label + "(ts=" + timestamp + ")";
        }
    }
}
