package dev.synchrony.election;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.detector.FailureDetector;
import dev.synchrony.detector.Suspected;
import dev.synchrony.detector.Unsuspected;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Election by bullying (Garcia-Molina 1982), as the lecture states it: each process has a priority (its
 * {@link NodeId} order: the number in its name), and the heaviest live process should be coordinator.
 * <ul>
 *   <li>A process holds an election by sending {@link BullyMessage.Election} to every heavier process.</li>
 *   <li>A heavier process that receives it answers with a {@link BullyMessage.TakeOver} (the lighter one is out
 *   of the race) and holds an election of its own, unless it is already in one.</li>
 *   <li>A process that gets no take-over within the answer timeout wins: it sends {@link BullyMessage.Victory}
 *   to every other process. One that was taken over but hears no victory within the victory timeout starts
 *   over.</li>
 * </ul>
 * A process holds an election when it starts or recovers (its state is lost), when its {@link FailureDetector}
 * suspects the coordinator (heartbeats from the coordinator stopped), and when a lighter process claims to be
 * coordinator (a victory or heartbeat from a lighter process: it bullies it).
 *
 * <p>Terms: each coordinator has a term, larger than any term its electors had seen, and distinct coordinators
 * never share one ({@link Terms}). A process adopts a coordinator only with a larger term than its own, so its
 * term never decreases: it is a fencing token. Every message carries the sender's largest seen term, and a
 * heartbeat or victory with a larger term from a heavier process is adopted even outside an election, which
 * repairs lost victories.
 *
 * <p>Resigning ({@link ElectionCommand.Resign}): a resigned process is out of the race, as if it had crashed for
 * the election only. It stops sending heartbeats (so, if it led, the others' detectors suspect it within the
 * detector timeout and elect the heaviest candidate among themselves), answers no {@code Election} with a
 * take-over, holds no election and bullies nobody: it adopts any coordinator with a larger term, lighter or not.
 * The hand-over therefore takes up to the detector timeout plus an answer timeout, during which the others still
 * follow the resigned process (its term stays valid as a fencing token until the successor's larger one).
 * {@link ElectionCommand.Stand} puts it back in the race with an election of its own.
 *
 * <p>Invariants: {@code coordinator} is empty exactly while the process is in an election ({@code phase} not
 * IDLE) or is a resigned process that has not heard of a successor yet; {@code term <= maxSeenTerm}. Value
 * semantics per {@link Node}.
 *
 * <p>Source: the lecture, "Election by Bullying (1/3)-(3/3)"; van Steen and Tanenbaum, Distributed Systems,
 * section 6.5.1.
 */
public final class BullyElection implements Node<BullyMessage, BullyTimer, ElectionCommand>, ElectionParticipant {

    /**
     * The timing of the protocol, all on the process's local clock.
     *
     * @param heartbeatIntervalNanos how often heartbeats are sent and the failure detector consulted
     * @param detectorTimeoutNanos silence after which the detector suspects a process
     * @param answerTimeoutNanos how long to wait for a take-over: above a round trip
     * @param victoryTimeoutNanos how long to wait for the victory once taken over
     * @param electOnSuspicion whether suspecting the coordinator starts an election (scripts that fix who
     *     notices first turn it off)
     */
    public record Settings(
            long heartbeatIntervalNanos,
            long detectorTimeoutNanos,
            long answerTimeoutNanos,
            long victoryTimeoutNanos,
            boolean electOnSuspicion) {
        /**
         * Checks the timeouts.
         *
         * @throws IllegalArgumentException when a timeout is not positive or the detector's does not exceed the
         *     heartbeat interval
         */
        public Settings {
            if (answerTimeoutNanos <= 0 || victoryTimeoutNanos <= 0) {
                throw new IllegalArgumentException("answer and victory timeouts must be positive");
            }
            new FailureDetector(heartbeatIntervalNanos, detectorTimeoutNanos); // validates both
        }
    }

    private enum Phase {
        IDLE,
        ELECTING,
        AWAITING_VICTORY
    }

    private final NodeId self;
    private final Settings settings;
    private final NodeId presumedCoordinator;
    private final FailureDetector detector;
    private NodeId coordinator;
    private long term;
    private long maxSeenTerm;
    private Phase phase = Phase.IDLE;
    private long attempt;
    /** False once resigned: out of the race until told to stand again. */
    private boolean candidate = true;

    /**
     * A process of the bully election before it starts.
     *
     * @param self the process
     * @param settings its timing
     * @param presumedCoordinator the coordinator a process believes in when it first starts (as if an earlier
     *     election had chosen it), or null to start with an election; a recovering process is built with null
     */
    public BullyElection(NodeId self, Settings settings, NodeId presumedCoordinator) {
        this.self = Objects.requireNonNull(self);
        this.settings = Objects.requireNonNull(settings);
        this.presumedCoordinator = presumedCoordinator;
        this.detector = new FailureDetector(settings.heartbeatIntervalNanos(), settings.detectorTimeoutNanos());
    }

    private BullyElection(BullyElection other) {
        this.self = other.self;
        this.settings = other.settings;
        this.presumedCoordinator = other.presumedCoordinator;
        this.detector = other.detector.copy();
        this.coordinator = other.coordinator;
        this.term = other.term;
        this.maxSeenTerm = other.maxSeenTerm;
        this.phase = other.phase;
        this.attempt = other.attempt;
        this.candidate = other.candidate;
    }

    @Override
    public void onStart(Context<BullyMessage, BullyTimer> context) {
        context.setTimer(new BullyTimer.Tick(), settings.heartbeatIntervalNanos());
        if (presumedCoordinator == null) {
            startElection(context, "start");
            return;
        }
        int index = context.members().indexOf(presumedCoordinator);
        if (index < 0) {
            throw new IllegalArgumentException("presumed coordinator " + presumedCoordinator + " is not a member");
        }
        adopt(presumedCoordinator, Terms.next(0, context.members().size(), index), context);
    }

    @Override
    public void onCommand(ElectionCommand command, Context<BullyMessage, BullyTimer> context) {
        switch (command) {
            case ElectionCommand.StartElection start -> {
                if (phase == Phase.IDLE && candidate) {
                    startElection(context, "command");
                }
            }
            case ElectionCommand.Resign resign -> resign(context);
            case ElectionCommand.Stand stand -> {
                if (!candidate) {
                    candidate = true;
                    if (phase == Phase.IDLE) {
                        startElection(context, "stands again");
                    }
                }
            }
        }
    }

    @Override
    public void onMessage(NodeId from, BullyMessage message, Context<BullyMessage, BullyTimer> context) {
        maxSeenTerm = Math.max(maxSeenTerm, message.term());
        if (detector.heardFrom(from, context.localTimeNanos())) {
            context.record(new Unsuspected(from));
        }
        switch (message) {
            case BullyMessage.Election election -> {
                if (!candidate) {
                    return; // out of the race: silent, as a crashed process would be, so the sender can win
                }
                if (heavier(from)) {
                    return; // elections go to heavier processes only; a heavier sender is misbehaving
                }
                context.send(from, new BullyMessage.TakeOver(maxSeenTerm));
                if (phase == Phase.IDLE && self.equals(coordinator) && election.term() <= term) {
                    // The coordinator is alive and already the winner any election would pick (no heavier
                    // process has spoken up): it tells the sender again, without a new term. Holding a full
                    // election here would re-announce to everyone, and each late ELECTION would do it again.
                    context.send(from, new BullyMessage.Victory(term));
                } else if (phase == Phase.IDLE) {
                    startElection(context, "election from " + from);
                }
            }
            case BullyMessage.TakeOver takeOver -> {
                if (phase == Phase.ELECTING) {
                    phase = Phase.AWAITING_VICTORY;
                    context.cancelTimer(new BullyTimer.AnswerDeadline(attempt));
                    context.setTimer(new BullyTimer.VictoryDeadline(attempt), settings.victoryTimeoutNanos());
                }
            }
            case BullyMessage.Victory victory -> claim(from, victory.term(), context);
            case BullyMessage.Heartbeat heartbeat -> {
                if (!from.equals(coordinator) || heartbeat.term() != term) {
                    claim(from, heartbeat.term(), context);
                } else if (!heavier(from) && !from.equals(self) && phase == Phase.IDLE && candidate) {
                    // We follow a lighter coordinator (a presumed one, say): bully it.
                    startElection(context, "lighter " + from + " is coordinator");
                }
            }
        }
    }

    /** {@code from} says it is coordinator for {@code claimedTerm}. */
    private void claim(NodeId from, long claimedTerm, Context<BullyMessage, BullyTimer> context) {
        if (claimedTerm == term && coordinator == null && heavier(from)) {
            // The coordinator we suspected speaks again for the same term (terms name their coordinator): the
            // suspicion was false. Follow it again; heavier processes still in the race will out-term it.
            adopt(from, claimedTerm, context);
            return;
        }
        if (claimedTerm <= term) {
            return; // stale: we already follow a newer coordinator, and it will correct the claimant
        }
        if (heavier(from) || !candidate) {
            adopt(from, claimedTerm, context);
        } else if (phase == Phase.IDLE) {
            startElection(context, "lighter " + from + " claims coordinator");
        }
    }

    @Override
    public void onTimer(BullyTimer timer, Context<BullyMessage, BullyTimer> context) {
        switch (timer) {
            case BullyTimer.Tick tick -> {
                context.setTimer(tick, settings.heartbeatIntervalNanos());
                if (self.equals(coordinator)) {
                    context.sendToOthers(new BullyMessage.Heartbeat(term));
                    return;
                }
                for (NodeId peer : detector.check(context.localTimeNanos())) {
                    context.record(new Suspected(peer));
                    if (peer.equals(coordinator) && phase == Phase.IDLE && settings.electOnSuspicion() && candidate) {
                        startElection(context, "suspected " + peer);
                    }
                }
            }
            case BullyTimer.AnswerDeadline deadline -> {
                if (deadline.attempt() == attempt && phase == Phase.ELECTING) {
                    win(context);
                }
            }
            case BullyTimer.VictoryDeadline deadline -> {
                if (deadline.attempt() == attempt && phase == Phase.AWAITING_VICTORY) {
                    startElection(context, "no victory");
                }
            }
        }
    }

    /** Leaves the race: stops any election of ours, and stops leading (the heartbeats stop with it). */
    private void resign(Context<BullyMessage, BullyTimer> context) {
        if (!candidate) {
            return;
        }
        candidate = false;
        if (phase == Phase.ELECTING) {
            context.cancelTimer(new BullyTimer.AnswerDeadline(attempt));
        } else if (phase == Phase.AWAITING_VICTORY) {
            context.cancelTimer(new BullyTimer.VictoryDeadline(attempt));
        }
        phase = Phase.IDLE;
        if (self.equals(coordinator)) {
            coordinator = null; // a successor's victory names the next one
        }
        context.record(new Resigned(term));
    }

    /**
     * Whether this process is in the race (not resigned).
     *
     * @return false between a resignation and the next stand
     */
    public boolean candidate() {
        return candidate;
    }

    private void startElection(Context<BullyMessage, BullyTimer> context, String reason) {
        attempt++;
        phase = Phase.ELECTING;
        coordinator = null;
        detector.clear();
        context.record(new ElectionStarted(attempt, reason));
        List<NodeId> heavier = context.members().stream().filter(this::heavier).toList();
        if (heavier.isEmpty()) {
            win(context);
            return;
        }
        for (NodeId peer : heavier) {
            context.send(peer, new BullyMessage.Election(maxSeenTerm));
        }
        context.setTimer(new BullyTimer.AnswerDeadline(attempt), settings.answerTimeoutNanos());
    }

    private void win(Context<BullyMessage, BullyTimer> context) {
        long newTerm = Terms.next(
                maxSeenTerm, context.members().size(), context.members().indexOf(self));
        adopt(self, newTerm, context);
        context.sendToOthers(new BullyMessage.Victory(newTerm));
    }

    private void adopt(NodeId leader, long newTerm, Context<BullyMessage, BullyTimer> context) {
        if (phase == Phase.ELECTING) {
            context.cancelTimer(new BullyTimer.AnswerDeadline(attempt));
        } else if (phase == Phase.AWAITING_VICTORY) {
            context.cancelTimer(new BullyTimer.VictoryDeadline(attempt));
        }
        phase = Phase.IDLE;
        coordinator = leader;
        term = newTerm;
        maxSeenTerm = Math.max(maxSeenTerm, newTerm);
        detector.clear();
        if (!leader.equals(self)) {
            detector.watch(leader, context.localTimeNanos());
        }
        context.deliver(new LeaderElected(leader, newTerm));
    }

    /** Whether {@code peer} has a higher priority than this process. */
    private boolean heavier(NodeId peer) {
        return peer.compareTo(self) > 0;
    }

    @Override
    public Optional<NodeId> coordinator() {
        return Optional.ofNullable(coordinator);
    }

    @Override
    public long term() {
        return term;
    }

    /**
     * Whether this process is holding an election or waiting for one's victory.
     *
     * @return true while an election of its own is under way
     */
    public boolean electing() {
        return phase != Phase.IDLE;
    }

    /**
     * The timing it was built with.
     *
     * @return its settings
     */
    public Settings settings() {
        return settings;
    }

    /**
     * The detector this process watches its coordinator with (a copy).
     *
     * @return a copy of its failure detector
     */
    public FailureDetector detector() {
        return detector.copy();
    }

    @Override
    public BullyElection copy() {
        return new BullyElection(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BullyElection that
                && self.equals(that.self)
                && settings.equals(that.settings)
                && Objects.equals(presumedCoordinator, that.presumedCoordinator)
                && detector.equals(that.detector)
                && Objects.equals(coordinator, that.coordinator)
                && term == that.term
                && maxSeenTerm == that.maxSeenTerm
                && phase == that.phase
                && attempt == that.attempt
                && candidate == that.candidate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                self,
                settings,
                presumedCoordinator,
                detector,
                coordinator,
                term,
                maxSeenTerm,
                phase.ordinal(),
                attempt,
                candidate);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("coordinator", coordinator == null ? "unknown" : coordinator.toString());
        state.put("term", term);
        state.put("election", phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        return state;
    }

    @Override
    public String toString() {
        return "BullyElection[" + self + ", coordinator=" + coordinator + ", term=" + term + ", phase=" + phase
                + ", attempt=" + attempt + (candidate ? "" : ", resigned") + "]";
    }
}
