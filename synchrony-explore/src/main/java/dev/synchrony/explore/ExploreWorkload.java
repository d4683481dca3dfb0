package dev.synchrony.explore;

import dev.synchrony.core.NodeId;
import java.util.List;

/**
 * The application side of an exploration, bounded so the state space is finite ("each process requests the lock
 * twice"). Each process has a queue of commands; giving the head of the queue to the process is a step the
 * explorer interleaves with all others. Outputs can queue further commands (granted: release).
 */
public interface ExploreWorkload {

    ExploreWorkload NONE = node -> List.of();

    /** The commands {@code node} is given, in order, from the start. */
    List<Object> initialCommands(NodeId node);

    /** Commands queued at {@code node} after it hands {@code output} to its application. */
    default List<Object> commandsAfter(NodeId node, Object output) {
        return List.of();
    }
}
