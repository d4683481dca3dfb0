package dev.synchrony.logical;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;

/**
 * A process that timestamps its events with a vector clock, by the lecture's rules: add 1 to its own entry on
 * each local event and send (the message carries the result as vt(m)); on delivery, take the entry-wise maximum
 * with vt(m), then add 1 to its own entry. Each event is recorded with its timestamp, so the run can be checked
 * for: a -> b if and only if VC(a) &lt; VC(b).
 */
public final class VectorClockProcess implements Node<VectorMessage, ClockDemoTimer, ClockDemoCommand> {

    private final int self;
    private final RandomActivity activity;
    private long events;
    private VectorClock clock;

    /**
     * A process before its first event.
     *
     * @param selfIndex its position in the group (its entry of the vector)
     * @param groupSize how many processes the group has
     * @param activity its random events, or {@link RandomActivity#NONE}
     */
    public VectorClockProcess(int selfIndex, int groupSize, RandomActivity activity) {
        this.self = selfIndex;
        this.activity = activity;
        this.clock = VectorClock.zero(groupSize);
    }

    private VectorClockProcess(VectorClockProcess other) {
        this.self = other.self;
        this.activity = other.activity;
        this.events = other.events;
        this.clock = other.clock;
    }

    @Override
    public void onStart(Context<VectorMessage, ClockDemoTimer> context) {
        activity.scheduleNext(context);
    }

    @Override
    public void onCommand(ClockDemoCommand command, Context<VectorMessage, ClockDemoTimer> context) {
        clock = clock.tick(self);
        switch (command) {
            case ClockDemoCommand.LocalEvent local ->
                context.record(new VectorStamp(ClockEventKind.LOCAL, local.label(), clock));
            case ClockDemoCommand.SendTo send -> {
                context.record(new VectorStamp(ClockEventKind.SEND, send.label(), clock));
                context.send(send.to(), new VectorMessage.Stamped(send.label(), clock));
            }
        }
    }

    @Override
    public void onMessage(NodeId from, VectorMessage message, Context<VectorMessage, ClockDemoTimer> context) {
        switch (message) {
            case VectorMessage.Stamped stamped -> {
                clock = clock.receive(stamped.timestamp(), self);
                context.record(new VectorStamp(ClockEventKind.RECEIVE, stamped.label(), clock));
                context.deliver(stamped);
            }
        }
    }

    @Override
    public void onTimer(ClockDemoTimer timer, Context<VectorMessage, ClockDemoTimer> context) {
        switch (timer) {
            case NEXT_EVENT -> {
                onCommand(activity.nextEvent(context, ++events), context);
                activity.scheduleNext(context);
            }
        }
    }

    /**
     * The process's vector clock now.
     *
     * @return its clock
     */
    public VectorClock clock() {
        return clock;
    }

    @Override
    public VectorClockProcess copy() {
        return new VectorClockProcess(this);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("vector clock", clock.toString());
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VectorClockProcess that
                && self == that.self
                && activity.equals(that.activity)
                && events == that.events
                && clock.equals(that.clock);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(self, activity, events, clock);
    }
}
