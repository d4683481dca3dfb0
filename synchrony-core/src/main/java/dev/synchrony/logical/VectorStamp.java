package dev.synchrony.logical;

import dev.synchrony.clocks.VectorClock;

/**
 * A vector-clock process's record of one of its events and its vector timestamp.
 *
 * @param kind local, send or receive
 * @param label the event's name (the message's, for a send or receive)
 * @param clock VC(e), the process's vector clock after the event
 */
public record VectorStamp(ClockEventKind kind, String label, VectorClock clock) {
    @Override
    public String toString() {
        return kind + " " + label + " VC=" + clock;
    }
}
