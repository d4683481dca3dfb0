package dev.synchrony.catalog;

import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.Objects;

/**
 * What a node is built for: the members of its group, the algorithm's resolved options, the run's seed, the
 * network it may assume, and how long the run lasts. A small value so that every runtime can fill it from its own
 * configuration (the simulator from its {@code SimConfig}, the network runtime from its cluster file).
 *
 * @param members the processes of the group, in the order all share
 * @param params the algorithm's options, resolved against its specifications
 * @param seed what the run's randomness derives from
 * @param network what the algorithm may assume of the network (its automatic timeouts derive from it)
 * @param durationNanos how long the run lasts, or 0 when it runs until stopped
 * @param scripted the run's commands come from a script, so the algorithm's own random activity is off
 */
public record Environment(
        List<NodeId> members,
        Params params,
        long seed,
        NetworkAssumptions network,
        long durationNanos,
        boolean scripted) {

    /**
     * Checks the environment and copies the member list.
     *
     * @throws IllegalArgumentException when there is no member
     */
    public Environment {
        members = List.copyOf(members);
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(network, "network");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an environment needs at least one member");
        }
    }

    /**
     * The same environment on another network (a runtime that adds reconnects, for example).
     *
     * @param newNetwork the network to assume instead
     * @return the new environment
     */
    public Environment withNetwork(NetworkAssumptions newNetwork) {
        return new Environment(members, params, seed, newNetwork, durationNanos, scripted);
    }

    /**
     * A member's position in the group (the index of its entry in vector clocks).
     *
     * @param node a process
     * @return its index in {@link #members()}, or -1 when it is not a member
     */
    public int indexOf(NodeId node) {
        return members.indexOf(node);
    }

    /**
     * The member an option names ({@code --server n3}), or the first member when the option is empty or
     * {@code first}.
     *
     * @param option the option's name, without dashes
     * @return the member
     * @throws IllegalArgumentException naming the option when it names no member
     */
    public NodeId memberOption(String option) {
        String name = params.string(option).trim();
        return name.isEmpty() || name.equals("first") ? members.get(0) : member(name, "--" + option);
    }

    /**
     * The member called {@code name}.
     *
     * @param name a process name
     * @param flag names the option or field in the error message
     * @return its id
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
