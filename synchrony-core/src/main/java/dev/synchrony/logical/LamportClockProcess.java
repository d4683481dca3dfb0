package dev.synchrony.logical;

import dev.synchrony.clocks.LamportClock;
import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.Objects;

/**
 * A process that timestamps its events with a Lamport clock and records each event with its timestamp, so the
 * run can be checked against the clock condition (a -> b implies C(a) &lt; C(b)).
 *
 * <p>Two clock sources, both from the lecture:
 * <ul>
 *   <li>{@link Mode#COUNTER}: the counter of rules 1-3 ({@link LamportClock});</li>
 *   <li>{@link Mode#PHYSICAL}: the value is the process's physical clock read in ticks (the lecture's figure,
 *   where three clocks tick 6, 8 and 10 per tick), plus the correction that rule 3 adds.</li>
 * </ul>
 * With {@code correction} off, rule 3 is skipped: a receipt does not move the clock forward, which is how the
 * figure's part (a) goes wrong.
 */
public final class LamportClockProcess implements Node<LamportMessage, ClockDemoTimer, ClockDemoCommand> {

    /** Where the clock's value comes from. */
    public enum Mode {
        /** The counter of rules 1-3. */
        COUNTER,
        /** The physical clock read in ticks, plus what rule 3 added. */
        PHYSICAL
    }

    private final Mode mode;
    private final boolean correction;
    private final long tickNanos;
    private final RandomActivity activity;
    private long events;
    /** In COUNTER mode the clock; in PHYSICAL mode the value of the last event. */
    private long last;
    /** PHYSICAL mode: how far rule 3 has pushed this clock ahead of the physical one. */
    private long adjustment;

    /**
     * A process before its first event.
     *
     * @param mode where the clock's value comes from
     * @param correction whether rule 3 applies on receipt (off shows the figure's part (a))
     * @param tickNanos how long one tick of the physical clock is (PHYSICAL mode)
     * @param activity its random events, or {@link RandomActivity#NONE}
     * @throws IllegalArgumentException when PHYSICAL mode has no positive tick
     */
    public LamportClockProcess(Mode mode, boolean correction, long tickNanos, RandomActivity activity) {
        if (mode == Mode.PHYSICAL && tickNanos <= 0) {
            throw new IllegalArgumentException("a physical Lamport clock needs a positive tick, got " + tickNanos);
        }
        this.mode = Objects.requireNonNull(mode);
        this.correction = correction;
        this.tickNanos = tickNanos;
        this.activity = Objects.requireNonNull(activity);
    }

    private LamportClockProcess(LamportClockProcess other) {
        this(other.mode, other.correction, other.tickNanos, other.activity);
        this.events = other.events;
        this.last = other.last;
        this.adjustment = other.adjustment;
    }

    @Override
    public void onStart(Context<LamportMessage, ClockDemoTimer> context) {
        activity.scheduleNext(context);
    }

    @Override
    public void onCommand(ClockDemoCommand command, Context<LamportMessage, ClockDemoTimer> context) {
        switch (command) {
            case ClockDemoCommand.LocalEvent local -> {
                long clock = nextLocal(context);
                context.record(new LamportStamp(ClockEventKind.LOCAL, local.label(), clock, clock));
            }
            case ClockDemoCommand.SendTo send -> {
                long clock = nextLocal(context);
                context.record(new LamportStamp(ClockEventKind.SEND, send.label(), clock, clock));
                context.send(send.to(), new LamportMessage.Stamped(send.label(), clock));
            }
        }
    }

    @Override
    public void onMessage(NodeId from, LamportMessage message, Context<LamportMessage, ClockDemoTimer> context) {
        switch (message) {
            case LamportMessage.Stamped stamped -> {
                long raw = nextLocal(context);
                long clock = raw;
                if (correction && raw <= stamped.timestamp()) {
                    // Rule 3: max(C, ts(m)) and then rule 1, i.e. ts(m) + 1 when the message is ahead.
                    clock = stamped.timestamp() + 1;
                    if (mode == Mode.PHYSICAL) {
                        adjustment += clock - raw;
                    }
                    last = clock;
                }
                context.record(new LamportStamp(ClockEventKind.RECEIVE, stamped.label(), clock, raw));
                context.deliver(stamped);
            }
        }
    }

    @Override
    public void onTimer(ClockDemoTimer timer, Context<LamportMessage, ClockDemoTimer> context) {
        switch (timer) {
            case NEXT_EVENT -> {
                onCommand(activity.nextEvent(context, ++events), context);
                activity.scheduleNext(context);
            }
        }
    }

    /** Rule 1: the value of this process's next event. */
    private long nextLocal(Context<LamportMessage, ClockDemoTimer> context) {
        if (mode == Mode.COUNTER) {
            last = new LamportClock(last).tick().time();
            return last;
        }
        long reading = Math.floorDiv(context.localTimeNanos(), tickNanos) + adjustment;
        last = Math.max(reading, last + 1);
        return last;
    }

    /**
     * The clock's value now.
     *
     * @return the counter, or in PHYSICAL mode the value of the last event
     */
    public long clock() {
        return last;
    }

    @Override
    public LamportClockProcess copy() {
        return new LamportClockProcess(this);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("Lamport clock", last);
        if (mode == Mode.PHYSICAL) {
            state.put("ahead of its physical clock by", adjustment);
        }
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LamportClockProcess that
                && mode == that.mode
                && correction == that.correction
                && tickNanos == that.tickNanos
                && activity.equals(that.activity)
                && events == that.events
                && last == that.last
                && adjustment == that.adjustment;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode.ordinal(), correction, tickNanos, activity, events, last, adjustment);
    }
}
