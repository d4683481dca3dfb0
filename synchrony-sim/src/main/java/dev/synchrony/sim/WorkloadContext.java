package dev.synchrony.sim;

import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.random.RandomGenerator;

/** What a {@link Workload} may do. */
public interface WorkloadContext {

    /** Virtual time now. */
    long nowNanos();

    long durationNanos();

    List<NodeId> nodes();

    /** The workload's own random stream, seeded by the run. */
    RandomGenerator random();

    /** Gives {@code node} the command at virtual time {@code atNanos} (lost if the node is down then). */
    void command(NodeId node, Object command, long atNanos);

    boolean isUp(NodeId node);
}
