package dev.synchrony.clocksync;

/** What the application (or the simulator's observer) may ask of a clock synchronization node. */
public sealed interface ClockSyncCommand {

    /**
     * Read the clock now and do nothing else: the simulator gives this at fixed virtual times so that the trace
     * holds every clock's reading at the same instants (the skew checker reads them).
     */
    record ReadClock() implements ClockSyncCommand {}

    /** Synchronize now: an NTP client polls its server, a Berkeley time daemon starts a round. */
    record Poll() implements ClockSyncCommand {}
}
