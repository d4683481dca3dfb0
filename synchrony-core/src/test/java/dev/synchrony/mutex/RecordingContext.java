package dev.synchrony.mutex;

import dev.synchrony.core.Context;
import dev.synchrony.core.LocalClock;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A context that keeps what a node did, for unit tests that feed inputs by hand. */
final class RecordingContext<M, T> implements Context<M, T> {

    record Sent<M>(NodeId to, M message) {
    }

    private final NodeId self;
    private final List<NodeId> members;
    final List<Sent<M>> sent = new ArrayList<>();
    final List<Object> delivered = new ArrayList<>();
    final List<Object> recorded = new ArrayList<>();
    final List<T> timers = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(7);

    RecordingContext(String self, List<NodeId> members) {
        this.self = NodeId.of(self);
        this.members = List.copyOf(members);
    }

    void clear() {
        sent.clear();
        delivered.clear();
        recorded.clear();
        timers.clear();
    }

    List<M> sentTo(String node) {
        return sent.stream().filter(s -> s.to().equals(NodeId.of(node))).map(Sent::message).toList();
    }

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
    public LocalClock clock() {
        return new LocalClock() {
            @Override
            public long nanos() {
                return 0;
            }

            @Override
            public void slew(long correctionNanos, long periodNanos) {
            }

            @Override
            public void step(long correctionNanos) {
            }
        };
    }

    @Override
    public RandomGenerator random() {
        return random;
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
