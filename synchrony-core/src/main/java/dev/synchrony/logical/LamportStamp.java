package dev.synchrony.logical;

/**
 * A Lamport-clock process's record of one of its events and the clock value C(e) it gave it.
 *
 * @param kind local, send or receive
 * @param label the event's name (the message's, for a send or receive)
 * @param clock C(e), the value the process gave the event
 * @param rawClock for a receive, the clock before rule 3 (what an uncorrected clock would show); else = clock
 */
public record LamportStamp(ClockEventKind kind, String label, long clock, long rawClock) {
    @Override
    public String toString() {
        return kind + " " + label + " C=" + clock + (rawClock != clock ? " (was " + rawClock + ")" : "");
    }
}
