package dev.synchrony.election;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.detector.FailureDetector;
import dev.synchrony.detector.Suspected;
import dev.synchrony.detector.Unsuspected;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Election in a ring, as the lecture states it. The processes form a logical ring in member order; a process's
 * priority is its {@link NodeId} order.
 * <ul>
 *   <li>Any process starts an election by sending {@link RingMessage.Election} to its successor; a successor its
 *   {@link FailureDetector} suspects is skipped, and the message goes to the next one.</li>
 *   <li>Each process that passes the message on adds itself to its list. When it is back at the initiator,
 *   every live process has had a chance to make its presence known.</li>
 *   <li>The initiator then sends a {@link RingMessage.Coordinator} message once around the ring, carrying the
 *   list: the process with the highest priority in it is the coordinator.</li>
 * </ul>
 * Two concurrent initiators are fine: both messages go around, both initiators compute the same list, hence
 * the same leader and (from the same terms folded in) the same term. A crash during an election is handled by
 * starting over: a process that took part in an election that has not ended within the round timeout (twice it
 * for a process that only passed the message on) starts one of its own.
 *
 * <p>Each hop of the two messages is acknowledged ({@link RingMessage.Ack}): the sender retransmits it to the
 * same successor every ack timeout, and after {@code hopTries} unanswered tries passes it to the next successor
 * instead, unless it has heard from the silent one meanwhile (then the successor is alive and the link lossy, and
 * it keeps trying). This is the lecture's skipping of a dead successor, done at the hop rather than after the
 * failure detector's timeout, and it makes an election survive message loss: without it every one of the 2m
 * hops had to get through at the first try. A receiver acknowledges every copy but acts on a copy only once.
 *
 * <p>Invariants: a process's term never decreases; an unacknowledged hop is either retransmitted or handed to a
 * later successor until acknowledged, given up for want of any live successor, or lost with its sender's crash.
 *
 * <p>Every process sends a {@link RingMessage.Heartbeat} to every other each heartbeat interval, so each knows
 * which successors to skip; a process that suspects its coordinator starts an election, and so does one that
 * hears a lighter process claim to be coordinator with a newer term. Terms as in {@link BullyElection}: the
 * initiator chooses the term above the largest one folded into the election message, and a process adopts a
 * coordinator only with a larger term than its own.
 *
 * <p>Source: the lecture, "Election in a Ring (1/3)-(3/3)"; van Steen and Tanenbaum, Distributed Systems,
 * section 6.5.1.
 */
public final class RingElection implements Node<RingMessage, RingTimer, ElectionCommand>, ElectionParticipant {

    /**
     * The timing of the protocol, all on the process's local clock.
     *
     * @param heartbeatIntervalNanos how often heartbeats are sent and the failure detector consulted
     * @param detectorTimeoutNanos silence after which the detector suspects a process
     * @param roundTimeoutNanos how long an initiator waits for its election to end: above two trips around the
     *     ring
     * @param electOnSuspicion whether suspecting the coordinator starts an election
     * @param ackTimeoutNanos how long a hop waits for its acknowledgement before it is sent again: above a round
     *     trip
     * @param hopTries how many unanswered tries to one successor before the hop goes to the next one
     */
    public record Settings(
            long heartbeatIntervalNanos,
            long detectorTimeoutNanos,
            long roundTimeoutNanos,
            boolean electOnSuspicion,
            long ackTimeoutNanos,
            int hopTries) {
        /**
         * Checks the timeouts and tries.
         *
         * @throws IllegalArgumentException when a timeout is not positive, there is no try per hop, or the
         *     detector's timeout does not exceed the heartbeat interval
         */
        public Settings {
            if (roundTimeoutNanos <= 0) {
                throw new IllegalArgumentException("round timeout must be positive");
            }
            if (ackTimeoutNanos <= 0) {
                throw new IllegalArgumentException("ack timeout must be positive");
            }
            if (hopTries < 1) {
                throw new IllegalArgumentException("hop tries must be at least 1");
            }
            new FailureDetector(heartbeatIntervalNanos, detectorTimeoutNanos); // validates both
        }

        /**
         * Settings with an ack timeout of one heartbeat interval and {@link #DEFAULT_HOP_TRIES} tries per hop.
         *
         * @param heartbeatIntervalNanos how often heartbeats are sent and the failure detector consulted
         * @param detectorTimeoutNanos silence after which the detector suspects a process
         * @param roundTimeoutNanos how long an initiator waits for its election to end
         * @param electOnSuspicion whether suspecting the coordinator starts an election
         */
        public Settings(
                long heartbeatIntervalNanos,
                long detectorTimeoutNanos,
                long roundTimeoutNanos,
                boolean electOnSuspicion) {
            this(
                    heartbeatIntervalNanos,
                    detectorTimeoutNanos,
                    roundTimeoutNanos,
                    electOnSuspicion,
                    heartbeatIntervalNanos,
                    DEFAULT_HOP_TRIES);
        }
    }

    /** Tries per successor before a hop skips it: at 30% loss a try fails about half the time. */
    public static final int DEFAULT_HOP_TRIES = 4;

    /** How many received hops a process remembers to recognise retransmitted copies. */
    private static final int RECENT_HOPS = 32;

    /** An unacknowledged hop: where it was last sent, how often, and whether that process spoke since. */
    private record Pending(NodeId target, RingMessage.Hop message, int tries, boolean targetHeard) {}

    /** A hop as received, to recognise a retransmitted copy. */
    private record Received(NodeId from, RingMessage.Hop message) {}

    private final NodeId self;
    private final Settings settings;
    private final NodeId presumedCoordinator;
    private final FailureDetector detector;
    private NodeId coordinator;
    private long term;
    private long maxSeenTerm;
    /** Passed on someone's election and has seen no coordinator message since. */
    private boolean participating;
    /** Started an election ({@code attempt}) whose message has not come back yet. */
    private boolean initiating;

    private long attempt;
    private long nextSeq;
    /** Unacknowledged hops by sequence number. */
    private final TreeMap<Long, Pending> outbox = new TreeMap<>();
    /** The last hops received, oldest first. */
    private final ArrayDeque<Received> recent = new ArrayDeque<>();
    /** Successors a hop gave up on, skipped until heard from again. */
    private final TreeSet<NodeId> unresponsive = new TreeSet<>();

    /**
     * A process of the ring election before it starts.
     *
     * @param self the process
     * @param settings its timing
     * @param presumedCoordinator the coordinator believed in at first start, or null to start with an election;
     *     a recovering process is built with null
     */
    public RingElection(NodeId self, Settings settings, NodeId presumedCoordinator) {
        this.self = Objects.requireNonNull(self);
        this.settings = Objects.requireNonNull(settings);
        this.presumedCoordinator = presumedCoordinator;
        this.detector = new FailureDetector(settings.heartbeatIntervalNanos(), settings.detectorTimeoutNanos());
    }

    private RingElection(RingElection other) {
        this.self = other.self;
        this.settings = other.settings;
        this.presumedCoordinator = other.presumedCoordinator;
        this.detector = other.detector.copy();
        this.coordinator = other.coordinator;
        this.term = other.term;
        this.maxSeenTerm = other.maxSeenTerm;
        this.participating = other.participating;
        this.initiating = other.initiating;
        this.attempt = other.attempt;
        this.nextSeq = other.nextSeq;
        this.outbox.putAll(other.outbox);
        this.recent.addAll(other.recent);
        this.unresponsive.addAll(other.unresponsive);
    }

    @Override
    public void onStart(Context<RingMessage, RingTimer> context) {
        context.setTimer(new RingTimer.Tick(), settings.heartbeatIntervalNanos());
        for (NodeId member : context.members()) {
            if (!member.equals(self)) {
                detector.watch(member, context.localTimeNanos());
            }
        }
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
    public void onCommand(ElectionCommand command, Context<RingMessage, RingTimer> context) {
        switch (command) {
            case ElectionCommand.StartElection start -> {
                if (!initiating) {
                    startElection(context, "command");
                }
            }
            case ElectionCommand.Resign resign ->
                throw new IllegalArgumentException("ring-election cannot resign:"
                        + " its election list is both who is alive and who may win, so a live process that left the"
                        + " race would be re-elected or would abort every election it is missed by");
            case ElectionCommand.Stand stand -> {
                // Never resigned: already in the race.
            }
        }
    }

    @Override
    public void onMessage(NodeId from, RingMessage message, Context<RingMessage, RingTimer> context) {
        if (detector.heardFrom(from, context.localTimeNanos())) {
            context.record(new Unsuspected(from));
            if (self.equals(coordinator) && from.compareTo(self) > 0 && !initiating) {
                // We won while suspecting a heavier process (heartbeats lost, so the election skipped it); it is
                // alive after all and outranks us: elect again rather than wait for it to hear our claim.
                startElection(context, "heavier " + from + " is alive");
            }
        }
        heard(from);
        if (message instanceof RingMessage.Hop hop) {
            context.send(from, new RingMessage.Ack(hop.seq()));
            Received received = new Received(from, hop);
            if (recent.contains(received)) {
                return; // a retransmitted copy whose first acknowledgement was lost
            }
            recent.addLast(received);
            if (recent.size() > RECENT_HOPS) {
                recent.removeFirst();
            }
        }
        switch (message) {
            case RingMessage.Election election -> onElection(election, context);
            case RingMessage.Coordinator result -> onCoordinator(result, context);
            case RingMessage.Ack ack -> {
                if (outbox.remove(ack.seq()) != null) {
                    context.cancelTimer(new RingTimer.Retransmit(ack.seq()));
                }
            }
            case RingMessage.Heartbeat heartbeat -> {
                maxSeenTerm = Math.max(maxSeenTerm, heartbeat.term());
                if (heartbeat.coordinator() && !(from.equals(coordinator) && heartbeat.term() == term)) {
                    claim(from, heartbeat.term(), context);
                } else if (heartbeat.coordinator() && from.compareTo(self) < 0 && !initiating) {
                    // We follow a lighter coordinator (a presumed one, say): elect the highest.
                    startElection(context, "lighter " + from + " is coordinator");
                }
            }
        }
    }

    private void onElection(RingMessage.Election election, Context<RingMessage, RingTimer> context) {
        maxSeenTerm = Math.max(maxSeenTerm, election.maxTerm());
        if (election.initiator().equals(self)) {
            if (initiating && election.attempt() == attempt) {
                complete(election.alive(), context);
            }
            return; // an attempt of ours we have given up on
        }
        if (election.alive().contains(self)) {
            // It went round without its initiator taking it off: the initiator is gone. Start over.
            if (!initiating) {
                startElection(context, "initiator " + election.initiator() + " gone");
            }
            return;
        }
        if (!participating) {
            participating = true;
            attempt++;
            context.setTimer(new RingTimer.RoundDeadline(attempt), 2 * settings.roundTimeoutNanos());
        }
        // Never skip the initiator on suspicion alone: its message has just come round, so it was alive, and a
        // false suspicion here would abort its election ("initiator gone") again and again. Only a hop that goes
        // unanswered for every try skips it.
        NodeId next = successorAfter(self, election.initiator(), context);
        if (next == null) {
            startElection(context, "no live successor");
            return;
        }
        List<NodeId> alive = new ArrayList<>(election.alive());
        alive.add(self);
        sendHop(
                next,
                new RingMessage.Election(
                        election.initiator(),
                        election.attempt(),
                        alive,
                        Math.max(election.maxTerm(), maxSeenTerm),
                        ++nextSeq),
                context);
    }

    private void onCoordinator(RingMessage.Coordinator result, Context<RingMessage, RingTimer> context) {
        maxSeenTerm = Math.max(maxSeenTerm, result.term());
        if (result.initiator().equals(self)
                || result.hops() >= context.members().size()) {
            return; // back at its initiator: it has been once around
        }
        if (participating && !initiating) {
            participating = false; // the election we passed on (or a concurrent one) has ended
            context.cancelTimer(new RingTimer.RoundDeadline(attempt));
        }
        if (result.term() > term) {
            if (result.leader().compareTo(self) >= 0) {
                adopt(result.leader(), result.term(), context);
            } else if (!initiating) {
                // The list missed this live process, which outranks the leader in it.
                startElection(context, "missed by the election of " + result.leader());
            }
        }
        NodeId next = successor(context);
        if (next != null) {
            sendHop(
                    next,
                    new RingMessage.Coordinator(
                            result.initiator(),
                            result.alive(),
                            result.leader(),
                            result.term(),
                            result.hops() + 1,
                            ++nextSeq),
                    context);
        }
    }

    /** {@code from} says it is coordinator for {@code claimedTerm}. */
    private void claim(NodeId from, long claimedTerm, Context<RingMessage, RingTimer> context) {
        if (claimedTerm == term && coordinator == null && from.compareTo(self) > 0) {
            // The coordinator we suspected speaks again for the same term (terms name their coordinator): the
            // suspicion was false. Name it again at once; the election under way still completes.
            coordinator = from;
            context.deliver(new LeaderElected(from, term));
            return;
        }
        if (claimedTerm <= term) {
            return;
        }
        if (from.compareTo(self) > 0) {
            adopt(from, claimedTerm, context);
        } else if (!initiating) {
            startElection(context, "lighter " + from + " claims coordinator");
        }
    }

    @Override
    public void onTimer(RingTimer timer, Context<RingMessage, RingTimer> context) {
        switch (timer) {
            case RingTimer.Tick tick -> {
                context.setTimer(tick, settings.heartbeatIntervalNanos());
                context.sendToOthers(new RingMessage.Heartbeat(term, self.equals(coordinator)));
                for (NodeId peer : detector.check(context.localTimeNanos())) {
                    context.record(new Suspected(peer));
                    if (peer.equals(coordinator) && !participating && settings.electOnSuspicion()) {
                        startElection(context, "suspected " + peer);
                    }
                }
            }
            case RingTimer.RoundDeadline deadline -> {
                if (deadline.attempt() != attempt) {
                    return;
                }
                if (initiating && coordinator != null) {
                    // Our message was lost, but a concurrent election has given us a coordinator meanwhile.
                    initiating = false;
                    participating = false;
                } else if (participating) {
                    startElection(context, initiating ? "round timed out" : "election never ended");
                }
            }
            case RingTimer.Retransmit retransmit -> retransmit(retransmit.seq(), context);
        }
    }

    private void sendHop(NodeId target, RingMessage.Hop message, Context<RingMessage, RingTimer> context) {
        outbox.put(message.seq(), new Pending(target, message, 1, false));
        context.send(target, message);
        context.setTimer(new RingTimer.Retransmit(message.seq()), settings.ackTimeoutNanos());
    }

    private void retransmit(long seq, Context<RingMessage, RingTimer> context) {
        Pending pending = outbox.get(seq);
        if (pending == null) {
            return; // acknowledged meanwhile
        }
        NodeId target = pending.target();
        if (pending.tries() < settings.hopTries() || pending.targetHeard()) {
            // A successor we have heard from since the last try is alive: the link loses, keep trying it.
            int tries = pending.targetHeard() ? 1 : pending.tries() + 1;
            outbox.put(seq, new Pending(target, pending.message(), tries, false));
            context.send(target, pending.message());
            context.setTimer(new RingTimer.Retransmit(seq), settings.ackTimeoutNanos());
            return;
        }
        // Silent for every try: take it for dead, as the lecture skips a dead successor.
        unresponsive.add(target);
        NodeId keep = pending.message() instanceof RingMessage.Election election ? election.initiator() : null;
        NodeId next = successorAfter(target, keep, context);
        if (next != null) {
            outbox.put(seq, new Pending(next, pending.message(), 1, false));
            context.send(next, pending.message());
            context.setTimer(new RingTimer.Retransmit(seq), settings.ackTimeoutNanos());
            return;
        }
        outbox.remove(seq);
        if (pending.message() instanceof RingMessage.Election) {
            startElection(context, "no live successor");
        }
    }

    /** {@code peer} spoke: it is alive, so hops waiting on it keep trying it, and it is no longer skipped. */
    private void heard(NodeId peer) {
        unresponsive.remove(peer);
        for (Map.Entry<Long, Pending> entry : outbox.entrySet()) {
            Pending pending = entry.getValue();
            if (pending.target().equals(peer) && !pending.targetHeard()) {
                entry.setValue(new Pending(peer, pending.message(), pending.tries(), true));
            }
        }
    }

    private void startElection(Context<RingMessage, RingTimer> context, String reason) {
        context.cancelTimer(new RingTimer.RoundDeadline(attempt));
        attempt++;
        participating = true;
        initiating = true;
        coordinator = null;
        context.record(new ElectionStarted(attempt, reason));
        NodeId next = successor(context);
        if (next == null) {
            complete(List.of(self), context);
            return;
        }
        context.setTimer(new RingTimer.RoundDeadline(attempt), settings.roundTimeoutNanos());
        sendHop(
                next,
                new RingMessage.Election(self, attempt, List.of(self), Math.max(maxSeenTerm, term), ++nextSeq),
                context);
    }

    /** Our election came back: every live process is in {@code alive}. */
    private void complete(List<NodeId> alive, Context<RingMessage, RingTimer> context) {
        context.cancelTimer(new RingTimer.RoundDeadline(attempt));
        initiating = false;
        participating = false;
        NodeId leader = Collections.max(alive);
        long newTerm = Terms.next(
                maxSeenTerm, context.members().size(), context.members().indexOf(leader));
        adopt(leader, newTerm, context);
        NodeId next = successor(context);
        if (next != null) {
            sendHop(next, new RingMessage.Coordinator(self, alive, leader, newTerm, 1, ++nextSeq), context);
        }
    }

    /**
     * Takes {@code leader} as coordinator. An election of ours still going round is left to complete: the
     * lecture lets concurrent elections all finish, and they name the same leader.
     */
    private void adopt(NodeId leader, long newTerm, Context<RingMessage, RingTimer> context) {
        if (participating && !initiating) {
            context.cancelTimer(new RingTimer.RoundDeadline(attempt));
            participating = false;
        }
        coordinator = leader;
        term = newTerm;
        maxSeenTerm = Math.max(maxSeenTerm, newTerm);
        context.deliver(new LeaderElected(leader, newTerm));
    }

    /** The next process after this one in ring order that is not taken for dead, or null if none. */
    private NodeId successor(Context<RingMessage, RingTimer> context) {
        return successorAfter(self, null, context);
    }

    /**
     * The first process after {@code from} in ring order, before coming back to this one, that neither the
     * detector suspects nor a hop gave up on; null if none. {@code keep} (when not null) is skipped only if a hop
     * gave up on it, whatever the detector says.
     */
    private NodeId successorAfter(NodeId from, NodeId keep, Context<RingMessage, RingTimer> context) {
        List<NodeId> ring = context.members();
        int start = ring.indexOf(from);
        for (int step = 1; step < ring.size(); step++) {
            NodeId candidate = ring.get((start + step) % ring.size());
            if (candidate.equals(self)) {
                return null;
            }
            if (unresponsive.contains(candidate)) {
                continue;
            }
            if (candidate.equals(keep) || !detector.suspects(candidate)) {
                return candidate;
            }
        }
        return null;
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
     * Whether this process started an election that has not ended.
     *
     * @return true while its own election circulates
     */
    public boolean electing() {
        return initiating;
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
     * The detector this process watches the others with (a copy).
     *
     * @return a copy of its failure detector
     */
    public FailureDetector detector() {
        return detector.copy();
    }

    @Override
    public RingElection copy() {
        return new RingElection(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RingElection that
                && self.equals(that.self)
                && settings.equals(that.settings)
                && Objects.equals(presumedCoordinator, that.presumedCoordinator)
                && detector.equals(that.detector)
                && Objects.equals(coordinator, that.coordinator)
                && term == that.term
                && maxSeenTerm == that.maxSeenTerm
                && participating == that.participating
                && initiating == that.initiating
                && attempt == that.attempt
                && nextSeq == that.nextSeq
                && outbox.equals(that.outbox)
                && List.copyOf(recent).equals(List.copyOf(that.recent))
                && unresponsive.equals(that.unresponsive);
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
                participating,
                initiating,
                attempt,
                nextSeq,
                outbox,
                List.copyOf(recent),
                unresponsive);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("coordinator", coordinator == null ? "unknown" : coordinator.toString());
        state.put("term", term);
        state.put("election", participating ? (initiating ? "started it" : "taking part") : "idle");
        return state;
    }

    @Override
    public String toString() {
        return "RingElection[" + self + ", coordinator=" + coordinator + ", term=" + term + ", participating="
                + participating + ", initiating=" + initiating + ", attempt=" + attempt + ", unacknowledged="
                + outbox.keySet() + "]";
    }
}
