package dev.synchrony.clocksync;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The Berkeley algorithm's time daemon (Gusella and Zatti 1989; the lecture's figure): each round it (a) asks
 * every machine for its clock, (b) estimates each machine's clock with round-trip compensation (the reading plus
 * half the round trip, compared with its own clock at the answer's arrival), takes the fault-tolerant average of
 * the clocks that agree within a bound ({@link FaultTolerantAverage}), and (c) tells every machine, itself
 * included, the relative adjustment that brings it to that average. Machines ({@link BerkeleyMachine}) slew.
 *
 * <p>No clock is a reference: the machines agree with each other, not with real time. A round closes when every
 * machine has answered or after the round timeout; machines that did not answer are left out of it.
 *
 * <p>Invariants: a report counts only for the round it answers and only once; adjustments are relative, so the
 * time an Adjustment spends in the network does not matter (the drift during it aside).
 */
public final class BerkeleyTimeDaemon implements Node<BerkeleyMessage, BerkeleyTimer, ClockSyncCommand> {

    /**
     * The daemon's settings.
     *
     * @param roundIntervalNanos time between rounds on the daemon's clock; 0: rounds only when commanded
     * @param roundTimeoutNanos how long the daemon waits for reports
     * @param agreementBoundNanos clocks further apart than this do not average together
     * @param correction how the daemon applies its own adjustment
     */
    public record Config(
            long roundIntervalNanos, long roundTimeoutNanos, long agreementBoundNanos, ClockCorrection correction) {
        /**
         * Checks the settings.
         *
         * @throws IllegalArgumentException when the interval or bound is negative or the timeout not positive
         */
        public Config {
            Objects.requireNonNull(correction, "correction");
            if (roundIntervalNanos < 0 || roundTimeoutNanos <= 0 || agreementBoundNanos < 0) {
                throw new IllegalArgumentException("round interval >= 0, round timeout > 0 and agreement bound >= 0"
                        + " needed, got " + roundIntervalNanos + ", " + roundTimeoutNanos + ", " + agreementBoundNanos);
            }
        }
    }

    private final Config config;
    private long round;
    private boolean open;
    private final TreeMap<NodeId, Long> queriedAt = new TreeMap<>();
    private final TreeMap<NodeId, Long> differences = new TreeMap<>();

    /**
     * A daemon before its first round.
     *
     * @param config its settings
     */
    public BerkeleyTimeDaemon(Config config) {
        this.config = config;
    }

    private BerkeleyTimeDaemon(BerkeleyTimeDaemon other) {
        this.config = other.config;
        this.round = other.round;
        this.open = other.open;
        this.queriedAt.putAll(other.queriedAt);
        this.differences.putAll(other.differences);
    }

    @Override
    public void onStart(Context<BerkeleyMessage, BerkeleyTimer> context) {
        if (config.roundIntervalNanos() > 0) {
            context.setTimer(new BerkeleyTimer.NextRound(), 0);
        }
    }

    @Override
    public void onTimer(BerkeleyTimer timer, Context<BerkeleyMessage, BerkeleyTimer> context) {
        switch (timer) {
            case BerkeleyTimer.NextRound next -> {
                startRound(context);
                context.setTimer(next, config.roundIntervalNanos());
            }
            case BerkeleyTimer.CloseRound close -> {
                if (open && close.round() == round) {
                    closeRound(context);
                }
            }
        }
    }

    @Override
    public void onCommand(ClockSyncCommand command, Context<BerkeleyMessage, BerkeleyTimer> context) {
        switch (command) {
            case ClockSyncCommand.ReadClock read -> {}
            case ClockSyncCommand.Poll poll -> startRound(context);
        }
    }

    private void startRound(Context<BerkeleyMessage, BerkeleyTimer> context) {
        if (open) {
            // The previous round is still waiting: close it with what it has rather than mix two rounds.
            closeRound(context);
        }
        round++;
        open = true;
        queriedAt.clear();
        differences.clear();
        differences.put(context.self(), 0L);
        for (NodeId member : context.members()) {
            if (!member.equals(context.self())) {
                queriedAt.put(member, context.localTimeNanos());
                context.send(member, new BerkeleyMessage.TimeQuery(round));
            }
        }
        if (queriedAt.isEmpty()) {
            closeRound(context);
        } else {
            context.setTimer(new BerkeleyTimer.CloseRound(round), config.roundTimeoutNanos());
        }
    }

    @Override
    public void onMessage(NodeId from, BerkeleyMessage message, Context<BerkeleyMessage, BerkeleyTimer> context) {
        switch (message) {
            case BerkeleyMessage.TimeReport report -> onReport(from, report, context);
            case BerkeleyMessage.TimeQuery query -> context.record("a time daemon ignores queries: " + query);
            case BerkeleyMessage.Adjustment adjustment ->
                context.record("a time daemon ignores adjustments: " + adjustment);
        }
    }

    private void onReport(
            NodeId from, BerkeleyMessage.TimeReport report, Context<BerkeleyMessage, BerkeleyTimer> context) {
        Long sentAt = queriedAt.get(from);
        if (!open || report.round() != round || sentAt == null || differences.containsKey(from)) {
            context.record("ignored a stale or duplicate report from " + from + ": " + report);
            return;
        }
        long now = context.localTimeNanos();
        long roundTrip = now - sentAt;
        // The machine read its clock somewhere in the round trip; assume halfway, as Cristian does.
        long estimateNow = report.clockNanos() + roundTrip / 2;
        differences.put(from, estimateNow - now);
        if (differences.size() == queriedAt.size() + 1) {
            closeRound(context);
        }
    }

    private void closeRound(Context<BerkeleyMessage, BerkeleyTimer> context) {
        open = false;
        context.cancelTimer(new BerkeleyTimer.CloseRound(round));
        List<NodeId> agreeing = FaultTolerantAverage.agreeing(differences, config.agreementBoundNanos());
        long average = FaultTolerantAverage.average(differences, agreeing);
        List<NodeId> outliers = new ArrayList<>();
        Map<NodeId, Long> adjustments = new LinkedHashMap<>();
        for (Map.Entry<NodeId, Long> entry : differences.entrySet()) {
            adjustments.put(entry.getKey(), average - entry.getValue());
            if (!agreeing.contains(entry.getKey())) {
                outliers.add(entry.getKey());
            }
        }
        context.record(new BerkeleyRound(round, differences, agreeing, outliers, average, adjustments));
        for (Map.Entry<NodeId, Long> entry : adjustments.entrySet()) {
            if (entry.getKey().equals(context.self())) {
                if (entry.getValue() != 0) {
                    context.record(config.correction().apply(context.clock(), entry.getValue()));
                }
            } else {
                context.send(entry.getKey(), new BerkeleyMessage.Adjustment(round, entry.getValue()));
            }
        }
    }

    @Override
    public BerkeleyTimeDaemon copy() {
        return new BerkeleyTimeDaemon(this);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("round", round);
        state.put("collecting answers", open ? "yes" : "no");
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BerkeleyTimeDaemon that
                && config.equals(that.config)
                && round == that.round
                && open == that.open
                && queriedAt.equals(that.queriedAt)
                && differences.equals(that.differences);
    }

    @Override
    public int hashCode() {
        return Objects.hash(config, round, open, queriedAt, differences);
    }
}
