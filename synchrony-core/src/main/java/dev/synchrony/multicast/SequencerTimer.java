package dev.synchrony.multicast;

/** The timer of {@link SequencerTotalOrderMulticast}. */
public enum SequencerTimer {
    /**
     * Send what accumulated since the timer was set: a member's publications not yet submitted, the sequencer's
     * submissions not yet ordered. Set at the first of a batch, so everything that arrives in the meantime (over
     * the network runtime: in the same turn of the event loop, with the default delay of 0) travels in one frame.
     */
    FLUSH
}
