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
 * trace records, stable-storage writes), for the step to apply to the global state afterwards. Randomness is
 * seeded per process and restarted at each step, so a handler is a function of the state. Untimed, time does not
 * pass (the clock reads 0); timed ({@link TimedModel}), the clock reads the state's tick, a message gets its
 * delivery window and a timer its due tick.
 */
final class ExploreContext implements Context<Object, Object> {
    final int index;
    private final List<NodeId> members;
    private final StateParts parts;
    private final ExploreWorkload workload;
    private final long seed;
    private final boolean recover;
    private final TimedModel timed;
    private final int tick;
    private final ExploreStorage storage;
    private final List<Object> operations = new ArrayList<>(4);
    private List<Object> outputs;
    private List<Object> records;
    private RandomGenerator random;

    ExploreContext(
            int index,
            List<NodeId> members,
            StateParts parts,
            ExploreWorkload workload,
            long seed,
            boolean recover,
            TimedModel timed,
            int tick,
            DurableValues stored) {
        // stored is null when the algorithm needs no stable storage: the context then offers none
        this.index = index;
        this.members = members;
        this.parts = parts;
        this.workload = workload;
        this.seed = seed;
        this.recover = recover;
        this.timed = timed;
        this.tick = tick;
        this.storage = stored == null ? null : new ExploreStorage(stored);
    }

    private record Send(int to, Object message) {}

    private record SetTimer(Object timer, long delayNanos) {}

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
        operations.add(new SetTimer(Objects.requireNonNull(timer, "timer"), delayNanos));
    }

    @Override
    public void cancelTimer(Object timer) {
        operations.add(new CancelTimer(timer));
    }

    @Override
    public LocalClock clock() {
        return timed == null ? FIXED_CLOCK : new TickClock(timed.clockAt(tick));
    }

    /**
     * Stable storage that is part of the explored state: what the process wrote survives its crashes. Offered to
     * the algorithms whose catalog entry says they need it ({@code Algorithm.needsStableStorage()}); others are
     * told, as by a runtime without a disk.
     */
    @Override
    public dev.synchrony.core.StableStorage stableStorage() {
        if (storage == null) {
            return Context.super.stableStorage();
        }
        return storage;
    }

    @Override
    public RandomGenerator random() {
        if (random == null) {
            // Timed, the tick (part of the state) joins the seed: a process then draws a different election
            // timeout each time, as a real one would, instead of the same value in every round.
            random = new SplittableRandom(
                    seed * 0x9E3779B97F4A7C15L + index + (timed == null ? 0 : tick * 0x632BE59BD9B4E019L));
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
                    Envelope envelope = timed == null
                            ? new Envelope(index, send.to, send.message)
                            : new Envelope(
                                    index, send.to, send.message, tick + timed.minDelay(), tick + timed.maxDelay());
                    int id = parts.envelopes.intern(envelope);
                    boolean dropped = (!state.up(send.to) && !recover) || cut(state, index, send.to);
                    if (!dropped) {
                        state.addEnvelope(id);
                    }
                    if (tracker != null) {
                        tracker.sent(index, send.to, send.message, id, dropped);
                    }
                    sent.add(new StepEffects.Sent(self(), members.get(send.to), send.message));
                }
                case SetTimer set -> {
                    TimerEntry entry = timed == null
                            ? new TimerEntry(index, set.timer)
                            : new TimerEntry(index, set.timer, timed.dueTick(tick, set.delayNanos));
                    int id = parts.timers.intern(entry);
                    state.addTimer(id);
                    if (tracker != null) {
                        tracker.timerSet(index, set.timer, id);
                    }
                }
                case CancelTimer cancel -> {
                    if (timed == null) {
                        int id = parts.timers.intern(new TimerEntry(index, cancel.timer));
                        int removed = state.removeTimer(id, true);
                        for (int i = 0; tracker != null && i < removed; i++) {
                            tracker.timerGone(id, false);
                        }
                    } else {
                        // Equal timers with different due ticks are different entries: cancel each of them.
                        for (int i = state.timerCount - 1; i >= 0; i--) {
                            int id = state.timerIds[i];
                            TimerEntry entry = parts.timers.get(id);
                            if (entry.node() == index && entry.timer().equals(cancel.timer)) {
                                state.removeTimer(id, false);
                                if (tracker != null) {
                                    tracker.timerGone(id, false);
                                }
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException("unknown operation " + operation);
            }
        }
        if (storage != null && storage.written()) {
            state.storageIds[index] = parts.storages.intern(storage.values());
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

    /** Whether a partition under way in {@code state} separates processes {@code a} and {@code b}. */
    boolean cut(GlobalState state, int a, int b) {
        return cutBy(timed, state, a, b);
    }

    static boolean cutBy(TimedModel timed, GlobalState state, int a, int b) {
        if (timed == null || timed.fault().kind() != TimedModel.FaultKind.PARTITION || state.faultSubject < 0) {
            return false;
        }
        return ((state.faultSubject >>> a) & 1) != ((state.faultSubject >>> b) & 1);
    }

    /** A clock that reads the tick's time: time passes between steps, never within a handler. */
    private record TickClock(long nanos) implements LocalClock {
        @Override
        public void slew(long correctionNanos, long periodNanos) {}

        @Override
        public void step(long correctionNanos) {}
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
