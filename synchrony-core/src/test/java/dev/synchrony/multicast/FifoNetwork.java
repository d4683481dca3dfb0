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
    private final Map<List<NodeId>, ArrayDeque<M>> links = new LinkedHashMap<>();
    long sent;

    FifoNetwork(int size, java.util.function.Supplier<Node<M, T, MulticastCommand>> factory) {
        this.members = NodeId.range(size);
        for (NodeId id : members) {
            nodes.put(id, factory.get());
            outputs.put(id, new ArrayList<>());
            records.put(id, new ArrayList<>());
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

    /** Delivers the oldest message on the link from {@code from} to {@code to}; false when it is empty. */
    boolean deliverNext(NodeId from, NodeId to) {
        M message = links.get(List.of(from, to)).pollFirst();
        if (message == null) {
            return false;
        }
        nodes.get(to).onMessage(from, message, context(to));
        return true;
    }

    /** Delivers messages on randomly chosen non-empty links until none is left. */
    void drain(SplittableRandom random) {
        for (int guard = 0; guard < 1_000_000; guard++) {
            List<List<NodeId>> busy = links.entrySet().stream()
                    .filter(e -> !e.getValue().isEmpty())
                    .map(Map.Entry::getKey)
                    .toList();
            if (busy.isEmpty()) {
                return;
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
                throw new UnsupportedOperationException("no timers here");
            }

            @Override
            public void cancelTimer(T timer) {}

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
            }

            @Override
            public void record(Object event) {
                records.get(self).add(event);
            }
        };
    }
}
