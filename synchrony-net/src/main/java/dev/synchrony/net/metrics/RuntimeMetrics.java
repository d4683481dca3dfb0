package dev.synchrony.net.metrics;

import dev.synchrony.core.NodeId;

/**
 * What a member counts as it runs: the runtime's links and frames, and the API's locks and elections. The
 * default ({@link #NONE}) counts nothing; {@link MicrometerMetrics} feeds a Micrometer registry. This interface
 * names no Micrometer type, so a member runs without Micrometer on the class path (it is an optional dependency).
 *
 * <p>Methods are called on event loops and must return quickly; the default of each does nothing.
 */
public interface RuntimeMetrics {

    /** Counts nothing. */
    RuntimeMetrics NONE = new RuntimeMetrics() {};

    /** A node of {@code service} sent a message to {@code peer} (to the link: it may still be lost). */
    default void messageSent(String service, NodeId peer) {}

    /** A node of {@code service} received a message from {@code peer}. */
    default void messageReceived(String service, NodeId peer) {}

    /** The reliable link layer under {@code service} sent its unacknowledged window to {@code peer} again. */
    default void retransmission(String service, NodeId peer) {}

    /**
     * The reliable link layer under {@code service} learnt that it sent a frame to {@code peer} {@code copies} more
     * times for nothing: the peer's acknowledgement answered a copy sent before them.
     */
    default void spuriousRetransmission(String service, NodeId peer, int copies) {}

    /** A data frame of {@code bytes} (length prefix included) was written ({@code outgoing}) or read. */
    default void frame(boolean outgoing, int bytes) {}

    /** {@code lock} was granted to a caller of this member that had waited {@code waitNanos} for it. */
    default void lockGranted(String lock, long waitNanos) {}

    /** A caller of {@code lock} gave up (interrupt, timeout, cancel) and its request was withdrawn. */
    default void lockWithdrawn(String lock) {}

    /** The algorithm of {@code lock} could no longer vouch for a grant of this member. */
    default void lockLost(String lock) {}

    /** A held grant of {@code lock} was lost because its lease ran out on this member's clock (also a loss). */
    default void leaseExpired(String lock) {}

    /** {@code election} named a new leader (or a new term) here. */
    default void leaderChanged(String election, NodeId leader, long term) {}
}
