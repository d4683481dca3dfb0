package dev.synchrony.core;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link Node} may do to the world. The simulator, the explorer and the network runtime each
 * implement it; a node cannot tell which one it runs in.
 *
 * @param <M> the messages the node sends and receives
 * @param <T> the timers the node sets
 */
public interface Context<M, T> {

    /**
     * Who this node is, as its peers name it.
     *
     * @return the id of the process this context serves
     */
    NodeId self();

    /**
     * Every member of the group, this node included, in a fixed order that all members share.
     *
     * @return the members, the same list on every member
     */
    List<NodeId> members();

    /**
     * Sends over the channel beneath: unreliable unless a link layer is stacked under the algorithm.
     *
     * @param to the member to send to (sending to oneself is allowed: it arrives as a message like any other)
     * @param message the message, an immutable value
     */
    void send(NodeId to, M message);

    /**
     * Sends to every member but this one, in {@link #members()} order.
     *
     * @param message the message each of the others receives
     */
    default void sendToOthers(M message) {
        for (NodeId member : members()) {
            if (!member.equals(self())) {
                send(member, message);
            }
        }
    }

    /**
     * Fires {@code timer} after {@code delayNanos} measured on this node's local clock. Setting a timer equal
     * to a pending one adds a second firing; cancel first to re-arm.
     *
     * @param timer the value {@link Node#onTimer} is handed when it fires
     * @param delayNanos how long from now, in nanoseconds of the local clock
     */
    void setTimer(T timer, long delayNanos);

    /**
     * Cancels every pending firing of timers equal to {@code timer}.
     *
     * @param timer the timer whose firings are dropped (none pending is not an error)
     */
    void cancelTimer(T timer);

    /**
     * This node's physical clock: it drifts, and may be slewed or stepped by clock synchronization.
     *
     * @return the clock, the same object for the node's lifetime
     */
    LocalClock clock();

    /**
     * Shorthand for {@code clock().nanos()}.
     *
     * @return the local clock's reading in nanoseconds
     */
    default long localTimeNanos() {
        return clock().nanos();
    }

    /**
     * Randomness that the runtime seeds: the simulator replays it from the run's seed.
     *
     * @return the node's random source; draw from it, never from a {@code Random} of one's own
     */
    RandomGenerator random();

    /**
     * Hands an output to the application (a delivered multicast, a granted lock, an elected leader).
     * Recorded in the trace as a "deliver" event; checkers read these.
     *
     * @param output what the application receives, an immutable value
     */
    void deliver(Object output);

    /**
     * Records an internal event in the trace (entered the critical section, started an election).
     *
     * @param event what happened, an immutable value
     */
    void record(Object event);

    /**
     * This process's stable storage: it survives a crash, so a restarted node reads back what it wrote before.
     * Only algorithms that must not forget (a vote, a term) call it; a runtime that offers none keeps this default,
     * and such an algorithm then fails at its start with a message naming that runtime.
     *
     * @return the storage of this process, the same across its restarts
     */
    default StableStorage stableStorage() {
        throw new UnsupportedOperationException(
                getClass().getName() + " offers no stable storage; this algorithm needs one to survive a restart");
    }
}
