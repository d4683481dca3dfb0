package dev.synchrony.sim.spec;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.SimConfig;
import java.util.List;

/** What an algorithm is told about the run it is set up for. */
public record RunSetup(SimConfig config, List<NodeId> members, Params params) {

    public int indexOf(NodeId node) {
        return members.indexOf(node);
    }
}
