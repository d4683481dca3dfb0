package dev.synchrony.explore;

/**
 * When the explorer lets a pending timer fire. Timers are values with no time attached in an exploration, so the
 * policy is the explorer's whole model of timing.
 */
public enum TimerPolicy {

    /** At any moment, even with messages in flight: the asynchronous system, where a timeout proves nothing. */
    ANY_TIME,

    /**
     * Only when no message is in flight: every timeout is longer than any message delay, the synchronous system
     * that, e.g., the bully algorithm and the Two Generals' dawn deadline assume.
     */
    WHEN_IDLE
}
