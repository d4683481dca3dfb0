package dev.synchrony.core;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link Node} may do to the world. The simulator, the explorer and the network runtime each
 * implement it; a node cannot tell which one it runs in.
 */
public interface Context<M, T> {

    NodeId self();

    /** Every member of the group, this node included, in a fixed order that all members share. */
    List<NodeId> members();

    /** Sends over the channel beneath: unreliable unless a link layer is stacked under the algorithm. */
    void send(NodeId to, M message);

    /** Sends to every member but this one, in {@link #members()} order. */
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
     */
    void setTimer(T timer, long delayNanos);

    /** Cancels every pending firing of timers equal to {@code timer}. */
    void cancelTimer(T timer);

    /** This node's physical clock: it drifts, and may be slewed or stepped by clock synchronization. */
    LocalClock clock();

    /** Shorthand for {@code clock().nanos()}. */
    default long localTimeNanos() {
        return clock().nanos();
    }

    /** Randomness that the runtime seeds: the simulator replays it from the run's seed. */
    RandomGenerator random();

    /**
     * Hands an output to the application (a delivered multicast, a granted lock, an elected leader).
     * Recorded in the trace as a "deliver" event; checkers read these.
     */
    void deliver(Object output);

    /** Records an internal event in the trace (entered the critical section, started an election). */
    void record(Object event);

    /**
     * This process's stable storage: it survives a crash, so a restarted node reads back what it wrote before.
     * Only algorithms that must not forget (a vote, a term) call it; a runtime that offers none keeps this default,
     * and such an algorithm then fails at its start with a message naming that runtime.
     */
    default StableStorage stableStorage() {
        throw new UnsupportedOperationException(
                getClass().getName() + " offers no stable storage; this algorithm needs one to survive a restart");
    }
}
