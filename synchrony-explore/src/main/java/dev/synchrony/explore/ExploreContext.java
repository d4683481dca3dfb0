package dev.synchrony.explore;

import dev.synchrony.core.Context;
import dev.synchrony.core.LocalClock;
import dev.synchrony.core.NodeId;
import dev.synchrony.explore.StateParts.Application;
import dev.synchrony.explore.StateParts.Envelope;
import dev.synchrony.explore.StateParts.TimerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The explorer's {@link Context}, for one handler call: it records what the node does (sends, timers, outputs,
 * trace records), for the step to apply to the global state afterwards. Time does not pass, and randomness is
 * seeded per process and restarted at each step, so a handler is a function of the state.
 */
final class ExploreContext implements Context<Object, Object> {
    final int index;
    private final List<NodeId> members;
    private final StateParts parts;
    private final ExploreWorkload workload;
    private final long seed;
    private final boolean recover;
    private final List<Object> operations = new ArrayList<>(4);
    private List<Object> outputs;
    private List<Object> records;
    private RandomGenerator random;

    ExploreContext(
            int index, List<NodeId> members, StateParts parts, ExploreWorkload workload, long seed, boolean recover) {
        this.index = index;
        this.members = members;
        this.parts = parts;
        this.workload = workload;
        this.seed = seed;
        this.recover = recover;
    }

    private record Send(int to, Object message) {}

    private record SetTimer(Object timer) {}

    private record CancelTimer(Object timer) {}

    @Override
    public NodeId self() {
        return members.get(index);
    }

    @Override
    public List<NodeId> members() {
        return members;
    }

    @Override
    public void send(NodeId to, Object message) {
        int target = members.indexOf(to);
        if (target < 0) {
            throw new IllegalArgumentException(self() + " sent " + message + " to " + to + ", which is not a member");
        }
        operations.add(new Send(target, Objects.requireNonNull(message, "message")));
    }

    @Override
    public void setTimer(Object timer, long delayNanos) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("negative timer delay " + delayNanos + " for " + timer);
        }
        operations.add(new SetTimer(Objects.requireNonNull(timer, "timer")));
    }

    @Override
    public void cancelTimer(Object timer) {
        operations.add(new CancelTimer(timer));
    }

    @Override
    public LocalClock clock() {
        return FIXED_CLOCK;
    }

    @Override
    public RandomGenerator random() {
        if (random == null) {
            random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        }
        return random;
    }

    @Override
    public void deliver(Object output) {
        if (outputs == null) {
            outputs = new ArrayList<>(2);
        }
        outputs.add(output);
    }

    @Override
    public void record(Object event) {
        if (records == null) {
            records = new ArrayList<>(2);
        }
        records.add(event);
    }

    /** Puts what the handler did into {@code state}, in the order it did it. */
    StepEffects apply(GlobalState state, Tracker tracker) {
        List<StepEffects.Sent> sent = new ArrayList<>(operations.size());
        for (Object operation : operations) {
            switch (operation) {
                case Send send -> {
                    int id = parts.envelopes.intern(new Envelope(index, send.to, send.message));
                    boolean dropped = !state.up(send.to) && !recover;
                    if (!dropped) {
                        state.addEnvelope(id);
                    }
                    if (tracker != null) {
                        tracker.sent(index, send.to, send.message, id, dropped);
                    }
                    sent.add(new StepEffects.Sent(self(), members.get(send.to), send.message));
                }
                case SetTimer set -> {
                    int id = parts.timers.intern(new TimerEntry(index, set.timer));
                    state.addTimer(id);
                    if (tracker != null) {
                        tracker.timerSet(index, set.timer, id);
                    }
                }
                case CancelTimer cancel -> {
                    int id = parts.timers.intern(new TimerEntry(index, cancel.timer));
                    int removed = state.removeTimer(id, true);
                    for (int i = 0; tracker != null && i < removed; i++) {
                        tracker.timerGone(id, false);
                    }
                }
                default -> throw new IllegalStateException("unknown operation " + operation);
            }
        }
        if (outputs != null) {
            Application application = parts.applications.get(state.appIds[index]);
            List<Object> history = new ArrayList<>(application.outputs());
            List<Object> pending = new ArrayList<>(application.pending());
            for (Object output : outputs) {
                history.add(output);
                pending.addAll(workload.commandsAfter(self(), output));
            }
            state.appIds[index] =
                    parts.applications.intern(new Application(List.copyOf(history), List.copyOf(pending)));
        }
        return new StepEffects(sent, outputs == null ? List.of() : outputs, records == null ? List.of() : records);
    }

    /** The explorer's clock: time does not pass in an exploration, so it reads 0 and ignores corrections. */
    private static final LocalClock FIXED_CLOCK = new LocalClock() {
        @Override
        public long nanos() {
            return 0;
        }

        @Override
        public void slew(long correctionNanos, long periodNanos) {}

        @Override
        public void step(long correctionNanos) {}
    };
}
