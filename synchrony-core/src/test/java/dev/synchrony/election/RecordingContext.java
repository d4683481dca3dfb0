package dev.synchrony.election;

import dev.synchrony.core.Context;
import dev.synchrony.core.LocalClock;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A context that records what a node does, for unit tests that feed inputs and assert on outputs. */
final class RecordingContext<M, T> implements Context<M, T> {

    record Sent<M>(NodeId to, M message) {
    }

    record Timer<T>(T timer, long delayNanos) {
    }

    final NodeId self;
    final List<NodeId> members;
    final List<Sent<M>> sent = new ArrayList<>();
    final List<Timer<T>> timers = new ArrayList<>();
    final List<T> cancelled = new ArrayList<>();
    final List<Object> delivered = new ArrayList<>();
    final List<Object> recorded = new ArrayList<>();
    long nowNanos;

    RecordingContext(NodeId self, List<NodeId> members) {
        this.self = self;
        this.members = members;
    }

    void clear() {
        sent.clear();
        timers.clear();
        cancelled.clear();
        delivered.clear();
        recorded.clear();
    }

    List<NodeId> sentTo(Class<?> type) {
        return sent.stream().filter(s -> type.isInstance(s.message())).map(Sent::to).toList();
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
        timers.add(new Timer<>(timer, delayNanos));
    }

    @Override
    public void cancelTimer(T timer) {
        cancelled.add(timer);
    }

    @Override
    public LocalClock clock() {
        return new LocalClock() {
            @Override
            public long nanos() {
                return nowNanos;
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
        return new SplittableRandom(1);
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
