package dev.synchrony.sim.spec;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.SimConfig;
import java.util.List;

/** What an algorithm is told about the run it is set up for. */
public record RunSetup(SimConfig config, List<NodeId> members, Params params) {

    public int indexOf(NodeId node) {
        return members.indexOf(node);
    }

    /**
     * The member an option names ({@code --server n3}), or the first member when the option is empty or
     * {@code first}.
     *
     * @throws IllegalArgumentException naming the option when it names no member
     */
    public NodeId memberOption(String option) {
        String name = params.string(option).trim();
        return name.isEmpty() || name.equals("first") ? members.get(0) : member(name, "--" + option);
    }

    /**
     * The member called {@code name}.
     *
     * @param flag names the option or field in the error message
     * @throws IllegalArgumentException naming {@code flag} when {@code name} is no member
     */
    public NodeId member(String name, String flag) {
        NodeId id;
        try {
            id = NodeId.of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
        if (!members.contains(id)) {
            throw new IllegalArgumentException(flag + ": no process named " + id);
        }
        return id;
    }
}
