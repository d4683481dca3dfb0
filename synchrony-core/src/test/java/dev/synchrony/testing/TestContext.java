package dev.synchrony.testing;

import dev.synchrony.core.Context;
import dev.synchrony.core.LocalClock;
import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The part every hand-driven test context shares: who the node is, the group, a clock the test sets
 * ({@link #nowNanos}; slews and steps are ignored) and seeded randomness. Subclasses decide how to keep what the
 * node does (sends, timers, outputs).
 */
public abstract class TestContext<M, T> implements Context<M, T> {

    private final NodeId self;
    private final List<NodeId> members;
    private final SplittableRandom random;
    /** What the node's clock reads. */
    public long nowNanos;

    private final LocalClock clock = new LocalClock() {
        @Override
        public long nanos() {
            return nowNanos;
        }

        @Override
        public void slew(long correctionNanos, long periodNanos) {}

        @Override
        public void step(long correctionNanos) {}
    };

    protected TestContext(NodeId self, List<NodeId> members, long seed) {
        this.self = self;
        this.members = List.copyOf(members);
        this.random = new SplittableRandom(seed);
    }

    @Override
    public final NodeId self() {
        return self;
    }

    @Override
    public final List<NodeId> members() {
        return members;
    }

    @Override
    public final LocalClock clock() {
        return clock;
    }

    @Override
    public final RandomGenerator random() {
        return random;
    }
}
