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

    /**
     * A node of {@code service} sent a message to {@code peer} (to the link: it may still be lost).
     *
     * @param service the service whose node sent it
     * @param peer the member it is addressed to
     */
    default void messageSent(String service, NodeId peer) {}

    /**
     * A node of {@code service} received a message from {@code peer}.
     *
     * @param service the service whose node received it
     * @param peer the member that sent it
     */
    default void messageReceived(String service, NodeId peer) {}

    /**
     * The reliable link layer under {@code service} sent its unacknowledged window to {@code peer} again (its
     * retransmission timer ran out and it resent; a timer it only put off is not counted).
     *
     * @param service the service whose link layer retransmitted
     * @param peer the member that had not acknowledged
     */
    default void retransmission(String service, NodeId peer) {}

    /**
     * The reliable link layer under {@code service} learnt that it sent a frame to {@code peer} {@code copies} more
     * times for nothing: the peer's acknowledgement answered a copy sent before them.
     *
     * @param service the service whose link layer retransmitted
     * @param peer the member the copies went to
     * @param copies how many copies were sent for nothing
     */
    default void spuriousRetransmission(String service, NodeId peer, int copies) {}

    /**
     * A data frame of {@code bytes} (length prefix included) was written ({@code outgoing}) or read.
     *
     * @param outgoing true for a frame this member wrote, false for one it read
     * @param bytes the frame's size, length prefix included
     */
    default void frame(boolean outgoing, int bytes) {}

    /**
     * {@code lock} was granted to a caller of this member that had waited {@code waitNanos} for it.
     *
     * @param lock the lock's name
     * @param waitNanos how long the caller waited, from its request to the grant
     */
    default void lockGranted(String lock, long waitNanos) {}

    /**
     * A caller of {@code lock} gave up (interrupt, timeout, cancel) and its request was withdrawn.
     *
     * @param lock the lock's name
     */
    default void lockWithdrawn(String lock) {}

    /**
     * The algorithm of {@code lock} could no longer vouch for a grant of this member.
     *
     * @param lock the lock's name
     */
    default void lockLost(String lock) {}

    /**
     * A held grant of {@code lock} was lost because its lease ran out on this member's clock (also a loss).
     *
     * @param lock the lock's name
     */
    default void leaseExpired(String lock) {}

    /**
     * {@code election} named a new leader (or a new term) here.
     *
     * @param election the election service's name
     * @param leader the member now believed to lead
     * @param term the leader's term, the fencing token of its leadership
     */
    default void leaderChanged(String election, NodeId leader, long term) {}
}
