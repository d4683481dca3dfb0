package dev.synchrony.logical;

import dev.synchrony.clocks.VectorClock;

/** A vector-clock process's record of one of its events and its vector timestamp. */
public record VectorStamp(ClockEventKind kind, String label, VectorClock clock) {
    @Override
    public String toString() {
        return kind + " " + label + " VC=" + clock;
    }
}
