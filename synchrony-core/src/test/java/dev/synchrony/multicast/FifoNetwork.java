package dev.synchrony.multicast;

import dev.synchrony.core.Context;
import dev.synchrony.core.LocalClock;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A test bench without the simulator: nodes connected by reliable FIFO queues; the test decides which link
 * delivers next (or lets a seeded random choice decide). Records each node's outputs and recorded events.
 */
final class FifoNetwork<M, T> {

    final List<NodeId> members;
    final Map<NodeId, Node<M, T, MulticastCommand>> nodes = new LinkedHashMap<>();
    final Map<NodeId, List<Object>> outputs = new LinkedHashMap<>();
    final Map<NodeId, List<Object>> records = new LinkedHashMap<>();
    final Map<NodeId, List<T>> timers = new LinkedHashMap<>();
    private final Map<List<NodeId>, ArrayDeque<M>> links = new LinkedHashMap<>();
    long sent;
    /** What the application does on each output of a node, inside the node's handler (as the runtime runs it). */
    java.util.function.BiConsumer<NodeId, Object> onOutput = (node, output) -> {};

    FifoNetwork(int size, java.util.function.Supplier<Node<M, T, MulticastCommand>> factory) {
        this.members = NodeId.range(size);
        for (NodeId id : members) {
            nodes.put(id, factory.get());
            outputs.put(id, new ArrayList<>());
            records.put(id, new ArrayList<>());
            timers.put(id, new ArrayList<>());
            for (NodeId to : members) {
                links.put(List.of(id, to), new ArrayDeque<>());
            }
        }
        members.forEach(id -> nodes.get(id).onStart(context(id)));
    }

    NodeId id(int number) {
        return members.get(number - 1);
    }

    void publish(NodeId node, Object payload) {
        nodes.get(node).onCommand(new MulticastCommand.Publish(payload), context(node));
    }

    /** Hands {@code to} a message as if {@code from} had sent it, bypassing the links (a copy, a late frame). */
    void inject(NodeId from, NodeId to, M message) {
        nodes.get(to).onMessage(from, message, context(to));
    }

    /** Messages waiting on the link from {@code from} to {@code to}, oldest first. */
    List<M> inFlight(NodeId from, NodeId to) {
        return List.copyOf(links.get(List.of(from, to)));
    }

    /** Delivers the oldest message on the link from {@code from} to {@code to}; false when it is empty. */
    boolean deliverNext(NodeId from, NodeId to) {
        M message = links.get(List.of(from, to)).pollFirst();
        if (message == null) {
            return false;
        }
        nodes.get(to).onMessage(from, message, context(to));
        return true;
    }

    /** Fires the timers {@code node} has set, in the order it set them; false when it had none. */
    boolean fireTimers(NodeId node) {
        List<T> due = new ArrayList<>(timers.get(node));
        timers.get(node).clear();
        due.forEach(timer -> nodes.get(node).onTimer(timer, context(node)));
        return !due.isEmpty();
    }

    /**
     * Delivers messages on randomly chosen non-empty links until none is left; timers fire only when no message
     * is in flight (as a timer of a long delay would).
     */
    void drain(SplittableRandom random) {
        for (int guard = 0; guard < 1_000_000; guard++) {
            List<List<NodeId>> busy = links.entrySet().stream()
                    .filter(e -> !e.getValue().isEmpty())
                    .map(Map.Entry::getKey)
                    .toList();
            if (busy.isEmpty()) {
                boolean fired = false;
                for (NodeId node : members) {
                    fired |= fireTimers(node);
                }
                if (!fired) {
                    return;
                }
                continue;
            }
            List<NodeId> link = busy.get(random.nextInt(busy.size()));
            deliverNext(link.get(0), link.get(1));
        }
        throw new IllegalStateException("did not quiesce");
    }

    List<Delivered> delivered(NodeId node) {
        return outputs.get(node).stream()
                .filter(o -> o instanceof Delivered)
                .map(o -> (Delivered) o)
                .toList();
    }

    private Context<M, T> context(NodeId self) {
        return new Context<>() {
            @Override
            public NodeId self() {
                return self;
            }

            @Override
            public List<NodeId> members() {
                return members;
            }

            @Override
            public void send(NodeId to, M message) {
                sent++;
                links.get(List.of(self, to)).addLast(message);
            }

            @Override
            public void setTimer(T timer, long delayNanos) {
                timers.get(self).add(timer);
            }

            @Override
            public void cancelTimer(T timer) {
                timers.get(self).removeIf(timer::equals);
            }

            @Override
            public LocalClock clock() {
                throw new UnsupportedOperationException();
            }

            @Override
            public RandomGenerator random() {
                return new SplittableRandom(0);
            }

            @Override
            public void deliver(Object output) {
                outputs.get(self).add(output);
                onOutput.accept(self, output);
            }

            @Override
            public void record(Object event) {
                records.get(self).add(event);
            }
        };
    }
}
