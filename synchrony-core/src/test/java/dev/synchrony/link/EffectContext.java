package dev.synchrony.link;

import dev.synchrony.core.Context;
import dev.synchrony.core.LocalClock;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A context that only records what a node did (its effects), for unit tests without a simulator. */
final class EffectContext<M, T> implements Context<M, T> {

    record Send<M>(NodeId to, M message) {
    }

    record SetTimer<T>(T timer, long delayNanos) {
    }

    record CancelTimer<T>(T timer) {
    }

    record Deliver(Object output) {
    }

    record Record(Object event) {
    }

    private final NodeId self;
    private final List<NodeId> members;
    final List<Object> effects = new ArrayList<>();
    long nowNanos;
    private final SplittableRandom random = new SplittableRandom(1);

    EffectContext(NodeId self, List<NodeId> members) {
        this.self = self;
        this.members = List.copyOf(members);
    }

    @SuppressWarnings("unchecked")
    <E> List<E> effects(Class<E> type) {
        return effects.stream().filter(type::isInstance).map(e -> (E) e).toList();
    }

    List<M> sent() {
        List<M> sent = new ArrayList<>();
        for (Object effect : effects) {
            if (effect instanceof Send<?> send) {
                @SuppressWarnings("unchecked")
                M message = (M) send.message();
                sent.add(message);
            }
        }
        return sent;
    }

    void clear() {
        effects.clear();
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
        effects.add(new Send<>(to, message));
    }

    @Override
    public void setTimer(T timer, long delayNanos) {
        effects.add(new SetTimer<>(timer, delayNanos));
    }

    @Override
    public void cancelTimer(T timer) {
        effects.add(new CancelTimer<>(timer));
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
        return random;
    }

    @Override
    public void deliver(Object output) {
        effects.add(new Deliver(output));
    }

    @Override
    public void record(Object event) {
        effects.add(new Record(event));
    }
}
