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
 */
public record Scenario(int members, List<Action> actions) {

    public Scenario {
        if (members < 1) {
            throw new IllegalArgumentException("a scenario needs at least one member, got " + members);
        }
        actions = List.copyOf(actions);
    }

    /** One step of a scenario. */
    public sealed interface Action {}

    /** The application gives {@code node} a command. */
    public record Give(NodeId node, ProbeNode.Command command) implements Action {}

    /** Time passes: {@code nanos} of the runtime's time (virtual or real) before the next action. */
    public record Wait(long nanos) implements Action {}

    /** {@code node} crashes: its volatile state and pending timers are gone. */
    public record Crash(NodeId node) implements Action {}

    /** {@code node} starts again with a fresh node. */
    public record Recover(NodeId node) implements Action {}

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

        public Builder give(String node, ProbeNode.Command command) {
            actions.add(new Give(NodeId.of(node), command));
            return this;
        }

        public Builder waitMillis(long millis) {
            actions.add(new Wait(millis * 1_000_000L));
            return this;
        }

        public Builder crash(String node) {
            actions.add(new Crash(NodeId.of(node)));
            return this;
        }

        public Builder recover(String node) {
            actions.add(new Recover(NodeId.of(node)));
            return this;
        }

        public Scenario build() {
            return new Scenario(members, actions);
        }
    }
}
