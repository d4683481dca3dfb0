package dev.synchrony.core;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The context a layer hands to the node it wraps (a reliable link under an algorithm, an election inside a lock,
 * an account over a multicast): identity, group, clock, randomness, outputs and trace records pass straight to
 * the context below; the layer decides only what sending and timers mean, and may intercept outputs.
 *
 * @param <M> the wrapped node's messages
 * @param <T> the wrapped node's timers
 */
public abstract class LayeredContext<M, T> implements Context<M, T> {

    private final Context<?, ?> below;

    /**
     * A layer over {@code below}.
     *
     * @param below the context of the layer (or the runtime) beneath, which everything not redefined reaches
     */
    protected LayeredContext(Context<?, ?> below) {
        this.below = below;
    }

    @Override
    public NodeId self() {
        return below.self();
    }

    @Override
    public List<NodeId> members() {
        return below.members();
    }

    @Override
    public LocalClock clock() {
        return below.clock();
    }

    @Override
    public RandomGenerator random() {
        return below.random();
    }

    @Override
    public void deliver(Object output) {
        below.deliver(output);
    }

    @Override
    public void record(Object event) {
        below.record(event);
    }

    @Override
    public StableStorage stableStorage() {
        return below.stableStorage();
    }
}
