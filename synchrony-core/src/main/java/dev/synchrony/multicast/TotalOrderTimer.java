package dev.synchrony.multicast;

/** The timer of {@link TotalOrderMulticast} when it batches ({@code max-batch} above 1). */
public enum TotalOrderTimer {
    /**
     * Send what accumulated since the timer was set: this process's publications not yet stamped (in one update)
     * and, unless that update covers it, one acknowledgement of the updates received meanwhile. With the default
     * delay of 0 the network runtime fires it after the event loop's current turn, and the simulator at the same
     * virtual time after the current event.
     */
    FLUSH
}
