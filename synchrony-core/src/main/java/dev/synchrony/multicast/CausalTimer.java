package dev.synchrony.multicast;

/** The timer of {@link CausalOrderMulticast}. */
public enum CausalTimer {
    /**
     * Send the multicasts held since the timer was set, in one {@link CausalMessage.Batch} per peer. Set at the
     * first of a batch; over the network runtime, with the default delay of 0, it fires after the event loop's
     * current turn, so everything the application published in that turn leaves together.
     */
    FLUSH
}
