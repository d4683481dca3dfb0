package dev.synchrony.election;

import dev.synchrony.core.NodeId;
import dev.synchrony.testing.TestContext;
import java.util.ArrayList;
import java.util.List;

/** A context that records what a node does, for unit tests that feed inputs and assert on outputs. */
final class RecordingContext<M, T> extends TestContext<M, T> {

    record Sent<M>(NodeId to, M message) {}

    record Timer<T>(T timer, long delayNanos) {}

    final List<Sent<M>> sent = new ArrayList<>();
    final List<Timer<T>> timers = new ArrayList<>();
    final List<T> cancelled = new ArrayList<>();
    final List<Object> delivered = new ArrayList<>();
    final List<Object> recorded = new ArrayList<>();

    RecordingContext(NodeId self, List<NodeId> members) {
        super(self, members, 1);
    }

    void clear() {
        sent.clear();
        timers.clear();
        cancelled.clear();
        delivered.clear();
        recorded.clear();
    }

    List<NodeId> sentTo(Class<?> type) {
        return sent.stream()
                .filter(s -> type.isInstance(s.message()))
                .map(Sent::to)
                .toList();
    }

    @Override
    public void send(NodeId to, M message) {
        sent.add(new Sent<>(to, message));
    }

    @Override
    public void setTimer(T timer, long delayNanos) {
        timers.add(new Timer<>(timer, delayNanos));
    }

    @Override
    public void cancelTimer(T timer) {
        cancelled.add(timer);
    }

    @Override
    public void deliver(Object output) {
        delivered.add(output);
    }

    @Override
    public void record(Object event) {
        recorded.add(event);
    }
}
