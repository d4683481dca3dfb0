package dev.synchrony.testkit;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * What a contract test does to a group of {@link ProbeNode}s, in order: commands, pauses that let time pass, crashes
 * and recoveries. Each runtime plays it its own way (virtual time, explored steps, real sockets); after the last
 * action it lets everything in flight arrive and every due timer fire before it reports.
 *
 * @param members how many processes, named n1..nN
 * @param actions what happens, in order
 */
public record Scenario(int members, List<Action> actions) {

    /**
     * Checks the group's size and copies the actions.
     *
     * @throws IllegalArgumentException when there is no member
     */
    public Scenario {
        if (members < 1) {
            throw new IllegalArgumentException("a scenario needs at least one member, got " + members);
        }
        actions = List.copyOf(actions);
    }

    /** One step of a scenario. */
    public sealed interface Action {}

    /**
     * The application gives {@code node} a command.
     *
     * @param node the member given it
     * @param command what the probe is to do
     */
    public record Give(NodeId node, ProbeNode.Command command) implements Action {}

    /**
     * Time passes: {@code nanos} of the runtime's time (virtual or real) before the next action.
     *
     * @param nanos how long
     */
    public record Wait(long nanos) implements Action {}

    /**
     * {@code node} crashes: its volatile state and pending timers are gone.
     *
     * @param node the member that crashes
     */
    public record Crash(NodeId node) implements Action {}

    /**
     * {@code node} starts again with a fresh node.
     *
     * @param node the member that recovers
     */
    public record Recover(NodeId node) implements Action {}

    /**
     * Starts a scenario for a group.
     *
     * @param members how many processes, named n1..nN
     * @return a builder with no action yet
     */
    public static Builder of(int members) {
        return new Builder(members);
    }

    /** Builds a scenario action by action. */
    public static final class Builder {
        private final int members;
        private final List<Action> actions = new ArrayList<>();

        private Builder(int members) {
            this.members = members;
        }

        /**
         * Adds a {@link Give}.
         *
         * @param node the member's name
         * @param command what its probe is to do
         * @return this builder
         */
        public Builder give(String node, ProbeNode.Command command) {
            actions.add(new Give(NodeId.of(node), command));
            return this;
        }

        /**
         * Adds a {@link Wait}.
         *
         * @param millis how long, in milliseconds of the runtime's time
         * @return this builder
         */
        public Builder waitMillis(long millis) {
            actions.add(new Wait(millis * 1_000_000L));
            return this;
        }

        /**
         * Adds a {@link Crash}.
         *
         * @param node the member's name
         * @return this builder
         */
        public Builder crash(String node) {
            actions.add(new Crash(NodeId.of(node)));
            return this;
        }

        /**
         * Adds a {@link Recover}.
         *
         * @param node the member's name
         * @return this builder
         */
        public Builder recover(String node) {
            actions.add(new Recover(NodeId.of(node)));
            return this;
        }

        /**
         * The scenario of the actions added so far.
         *
         * @return the scenario
         */
        public Scenario build() {
            return new Scenario(members, actions);
        }
    }
}
