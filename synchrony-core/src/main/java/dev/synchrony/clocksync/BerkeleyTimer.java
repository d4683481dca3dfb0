package dev.synchrony.clocksync;

/** The Berkeley time daemon's timers. */
public sealed interface BerkeleyTimer {

    /** Time to start the next round. */
    record NextRound() implements BerkeleyTimer {}

    /**
     * Stop waiting for the reports of round {@code round}; stale once that round has closed.
     *
     * @param round the round to close
     */
    record CloseRound(long round) implements BerkeleyTimer {}
}
