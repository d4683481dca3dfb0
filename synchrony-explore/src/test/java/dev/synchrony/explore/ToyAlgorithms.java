package dev.synchrony.explore;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Family;
import dev.synchrony.catalog.NodeFactory;
import dev.synchrony.core.Context;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.ElectionParticipant;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.mutex.MutexParticipant;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.spec.Harness;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Small algorithms written for the explorer's tests: a lock server (correct until the server forgets), a lock
 * that grants itself (wrong), a lock that never grants (stuck), a node that throws, and a self-declared leader.
 */
final class ToyAlgorithms {

    private ToyAlgorithms() {}

    /** The spec for {@code factory} in {@code family}: no checks of its own; the explorer's generic ones apply. */
    static AlgorithmSpec spec(String name, Family family, NodeFactory factory) {
        Algorithm algorithm = Algorithm.builder(name, family)
                .description("a toy for the explorer's tests")
                .node(factory)
                .build();
        return new AlgorithmSpec(algorithm, new Harness() {});
    }

    sealed interface LockMessage {
        record Request(long requestId) implements LockMessage {}

        record Grant(long requestId) implements LockMessage {}

        record Release(long requestId) implements LockMessage {}
    }

    /**
     * The centralized algorithm: n1 is the lock server (and a client too). Safe, until the server crashes and
     * comes back without remembering that it granted the lock.
     */
    static final class LockServerNode implements Node<LockMessage, NoTimer, MutexCommand>, MutexParticipant {
        private final NodeId server;
        private boolean inside;
        private long waitingFor = -1;
        private NodeId holder;
        private final ArrayDeque<List<Object>> queue = new ArrayDeque<>();

        LockServerNode(NodeId server) {
            this.server = server;
        }

        @Override
        public void onStart(Context<LockMessage, NoTimer> context) {}

        @Override
        public void onCommand(MutexCommand command, Context<LockMessage, NoTimer> context) {
            switch (command) {
                case MutexCommand.Acquire acquire -> {
                    waitingFor = acquire.requestId();
                    context.send(server, new LockMessage.Request(acquire.requestId()));
                }
                case MutexCommand.Release release -> {
                    inside = false;
                    context.deliver(new MutexOutput.Released(release.requestId()));
                    context.send(server, new LockMessage.Release(release.requestId()));
                }
            }
        }

        @Override
        public void onMessage(NodeId from, LockMessage message, Context<LockMessage, NoTimer> context) {
            switch (message) {
                case LockMessage.Request request -> {
                    if (holder == null) {
                        holder = from;
                        context.send(from, new LockMessage.Grant(request.requestId()));
                    } else {
                        queue.add(List.of(from, request.requestId()));
                    }
                }
                case LockMessage.Release release -> {
                    holder = null;
                    List<Object> next = queue.poll();
                    if (next != null) {
                        holder = (NodeId) next.get(0);
                        context.send(holder, new LockMessage.Grant((Long) next.get(1)));
                    }
                }
                case LockMessage.Grant grant -> {
                    if (grant.requestId() == waitingFor) {
                        waitingFor = -1;
                        inside = true;
                        context.deliver(new MutexOutput.Granted(grant.requestId(), 0));
                    }
                }
            }
        }

        @Override
        public void onTimer(NoTimer timer, Context<LockMessage, NoTimer> context) {}

        @Override
        public boolean inCriticalSection() {
            return inside;
        }

        @Override
        public LockServerNode copy() {
            LockServerNode copy = new LockServerNode(server);
            copy.inside = inside;
            copy.waitingFor = waitingFor;
            copy.holder = holder;
            copy.queue.addAll(queue);
            return copy;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LockServerNode that
                    && server.equals(that.server)
                    && inside == that.inside
                    && waitingFor == that.waitingFor
                    && Objects.equals(holder, that.holder)
                    && List.copyOf(queue).equals(List.copyOf(that.queue));
        }

        @Override
        public int hashCode() {
            return Objects.hash(server, inside, waitingFor, holder, List.copyOf(queue));
        }
    }

    /** Enters the critical section the moment it is asked: unsafe with two processes. */
    static final class GreedyNode implements Node<LockMessage, NoTimer, MutexCommand>, MutexParticipant {
        private boolean inside;

        @Override
        public void onStart(Context<LockMessage, NoTimer> context) {}

        @Override
        public void onCommand(MutexCommand command, Context<LockMessage, NoTimer> context) {
            switch (command) {
                case MutexCommand.Acquire acquire -> {
                    inside = true;
                    context.deliver(new MutexOutput.Granted(acquire.requestId(), 0));
                }
                case MutexCommand.Release release -> inside = false;
            }
        }

        @Override
        public void onMessage(NodeId from, LockMessage message, Context<LockMessage, NoTimer> context) {}

        @Override
        public void onTimer(NoTimer timer, Context<LockMessage, NoTimer> context) {}

        @Override
        public boolean inCriticalSection() {
            return inside;
        }

        @Override
        public GreedyNode copy() {
            GreedyNode copy = new GreedyNode();
            copy.inside = inside;
            return copy;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof GreedyNode that && inside == that.inside;
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(inside);
        }
    }

    /** Asks everyone for permission and waits for all answers, but nobody ever answers: safe, never live. */
    static final class SilentNode implements Node<LockMessage, NoTimer, MutexCommand>, MutexParticipant {
        private long asked;

        @Override
        public void onStart(Context<LockMessage, NoTimer> context) {}

        @Override
        public void onCommand(MutexCommand command, Context<LockMessage, NoTimer> context) {
            if (command instanceof MutexCommand.Acquire acquire) {
                asked = acquire.requestId();
                context.sendToOthers(new LockMessage.Request(acquire.requestId()));
            }
        }

        @Override
        public void onMessage(NodeId from, LockMessage message, Context<LockMessage, NoTimer> context) {}

        @Override
        public void onTimer(NoTimer timer, Context<LockMessage, NoTimer> context) {}

        @Override
        public boolean inCriticalSection() {
            return false;
        }

        @Override
        public SilentNode copy() {
            SilentNode copy = new SilentNode();
            copy.asked = asked;
            return copy;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SilentNode that && asked == that.asked;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(asked);
        }
    }

    /** Every process declares itself coordinator and tells the others; the last word wins: no agreement. */
    static final class SelfishLeaderNode implements Node<NodeId, NoTimer, Object>, ElectionParticipant {
        private NodeId coordinator;

        @Override
        public void onStart(Context<NodeId, NoTimer> context) {
            coordinator = context.self();
            context.sendToOthers(context.self());
        }

        @Override
        public void onMessage(NodeId from, NodeId message, Context<NodeId, NoTimer> context) {
            coordinator = message;
        }

        @Override
        public void onTimer(NoTimer timer, Context<NodeId, NoTimer> context) {}

        @Override
        public Optional<NodeId> coordinator() {
            return Optional.ofNullable(coordinator);
        }

        @Override
        public long term() {
            return 0;
        }

        @Override
        public SelfishLeaderNode copy() {
            SelfishLeaderNode copy = new SelfishLeaderNode();
            copy.coordinator = coordinator;
            return copy;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SelfishLeaderNode that && Objects.equals(coordinator, that.coordinator);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(coordinator);
        }
    }

    /** Fails on its second message. */
    static final class FragileNode implements Node<String, NoTimer, Object> {
        private int received;

        @Override
        public void onStart(Context<String, NoTimer> context) {
            context.sendToOthers("ping");
        }

        @Override
        public void onMessage(NodeId from, String message, Context<String, NoTimer> context) {
            if (++received == 2) {
                throw new IllegalStateException("second message");
            }
            context.send(from, "pong");
        }

        @Override
        public void onTimer(NoTimer timer, Context<String, NoTimer> context) {}

        @Override
        public FragileNode copy() {
            FragileNode copy = new FragileNode();
            copy.received = received;
            return copy;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FragileNode that && received == that.received;
        }

        @Override
        public int hashCode() {
            return received;
        }
    }

    /** n1 sends 1, 2, 3 to n2 at start; n2 keeps what arrived, in order. */
    static final class SequenceNode implements Node<Integer, NoTimer, Object> {
        private final List<Integer> received = new ArrayList<>();

        @Override
        public void onStart(Context<Integer, NoTimer> context) {
            if (context.self().equals(context.members().get(0))) {
                for (int i = 1; i <= 3; i++) {
                    context.send(context.members().get(1), i);
                }
            }
        }

        @Override
        public void onMessage(NodeId from, Integer message, Context<Integer, NoTimer> context) {
            received.add(message);
        }

        @Override
        public void onTimer(NoTimer timer, Context<Integer, NoTimer> context) {}

        List<Integer> received() {
            return received;
        }

        @Override
        public SequenceNode copy() {
            SequenceNode copy = new SequenceNode();
            copy.received.addAll(received);
            return copy;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SequenceNode that && received.equals(that.received);
        }

        @Override
        public int hashCode() {
            return received.hashCode();
        }
    }
}
