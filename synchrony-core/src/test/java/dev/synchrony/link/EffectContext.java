package dev.synchrony.link;

import dev.synchrony.core.NodeId;
import dev.synchrony.testing.TestContext;
import java.util.ArrayList;
import java.util.List;

/** A context that only records what a node did (its effects), for unit tests without a simulator. */
final class EffectContext<M, T> extends TestContext<M, T> {

    record Send<M>(NodeId to, M message) {}

    record SetTimer<T>(T timer, long delayNanos) {}

    record CancelTimer<T>(T timer) {}

    record Deliver(Object output) {}

    record Record(Object event) {}

    final List<Object> effects = new ArrayList<>();

    EffectContext(NodeId self, List<NodeId> members) {
        super(self, members, 1);
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
    public void deliver(Object output) {
        effects.add(new Deliver(output));
    }

    @Override
    public void record(Object event) {
        effects.add(new Record(event));
    }
}
