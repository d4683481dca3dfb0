package dev.synchrony.clocksync;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.Objects;

/**
 * A machine under a Berkeley time daemon: it answers each query with its clock reading and applies each
 * adjustment, by slewing (stepping beyond the step threshold). Contract: an adjustment is applied at most once,
 * and only if it belongs to a round newer than the last one applied (a duplicated or late one is ignored).
 */
public final class BerkeleyMachine implements Node<BerkeleyMessage, BerkeleyTimer, ClockSyncCommand> {

    private final ClockCorrection correction;
    private long lastAppliedRound;

    /**
     * A machine that has applied no adjustment yet.
     *
     * @param correction how it applies the daemon's adjustments to its clock
     */
    public BerkeleyMachine(ClockCorrection correction) {
        this.correction = Objects.requireNonNull(correction, "correction");
    }

    @Override
    public void onStart(Context<BerkeleyMessage, BerkeleyTimer> context) {}

    @Override
    public void onMessage(NodeId from, BerkeleyMessage message, Context<BerkeleyMessage, BerkeleyTimer> context) {
        switch (message) {
            case BerkeleyMessage.TimeQuery query ->
                context.send(from, new BerkeleyMessage.TimeReport(query.round(), context.localTimeNanos()));
            case BerkeleyMessage.Adjustment adjustment -> {
                if (adjustment.round() <= lastAppliedRound) {
                    context.record("ignored a stale adjustment: " + adjustment);
                    return;
                }
                lastAppliedRound = adjustment.round();
                if (adjustment.adjustmentNanos() != 0) {
                    context.record(correction.apply(context.clock(), adjustment.adjustmentNanos()));
                }
            }
            case BerkeleyMessage.TimeReport report -> context.record("a machine ignores reports: " + report);
        }
    }

    @Override
    public void onTimer(BerkeleyTimer timer, Context<BerkeleyMessage, BerkeleyTimer> context) {}

    @Override
    public void onCommand(ClockSyncCommand command, Context<BerkeleyMessage, BerkeleyTimer> context) {
        switch (command) {
            case ClockSyncCommand.ReadClock read -> {}
            case ClockSyncCommand.Poll poll -> context.record("only the time daemon starts rounds");
        }
    }

    @Override
    public BerkeleyMachine copy() {
        BerkeleyMachine copy = new BerkeleyMachine(correction);
        copy.lastAppliedRound = lastAppliedRound;
        return copy;
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("last adjustment applied in round", lastAppliedRound);
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BerkeleyMachine that
                && correction.equals(that.correction)
                && lastAppliedRound == that.lastAppliedRound;
    }

    @Override
    public int hashCode() {
        return Objects.hash(correction, lastAppliedRound);
    }
}
