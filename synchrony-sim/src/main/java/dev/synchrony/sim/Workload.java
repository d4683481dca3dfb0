package dev.synchrony.sim;

import dev.synchrony.core.NodeId;

/**
 * The application side of a run: it gives processes commands (multicast this, acquire the lock) at chosen
 * times, and may react to their outputs (hold the lock a while, then release it). Draws its randomness only from
 * {@link WorkloadContext#random()}.
 */
public interface Workload {

    Workload NONE = context -> {};

    void start(WorkloadContext context);

    /** A process delivered {@code output} to its application. */
    default void onOutput(NodeId node, Object output, WorkloadContext context) {}
}
