package dev.synchrony.mutex;

import dev.synchrony.core.NodeId;
import dev.synchrony.testing.TestContext;
import java.util.ArrayList;
import java.util.List;

/** A context that keeps what a node did, for unit tests that feed inputs by hand. */
final class RecordingContext<M, T> extends TestContext<M, T> {

    record Sent<M>(NodeId to, M message) {}

    final List<Sent<M>> sent = new ArrayList<>();
    final List<Object> delivered = new ArrayList<>();
    final List<Object> recorded = new ArrayList<>();
    final List<T> timers = new ArrayList<>();

    RecordingContext(String self, List<NodeId> members) {
        super(NodeId.of(self), members, 7);
    }

    void clear() {
        sent.clear();
        delivered.clear();
        recorded.clear();
        timers.clear();
    }

    List<M> sentTo(String node) {
        return sent.stream()
                .filter(s -> s.to().equals(NodeId.of(node)))
                .map(Sent::message)
                .toList();
    }

    @Override
    public void send(NodeId to, M message) {
        sent.add(new Sent<>(to, message));
    }

    @Override
    public void setTimer(T timer, long delayNanos) {
        timers.add(timer);
    }

    @Override
    public void cancelTimer(T timer) {
        timers.remove(timer);
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
