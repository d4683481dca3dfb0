package dev.synchrony.mutex;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Decentralized mutual exclusion by voting (the lecture's "Decentralized Algorithm"; Lin et al., 2004). The
 * resource is replicated n times and each replica has its own coordinator; here every one of the n members is a
 * coordinator of one replica as well as a possible requester. Access needs the votes of m &gt; n/2 coordinators.
 *
 * <p>A coordinator answers every {@link Message.VoteRequest} at once: a {@link Message.Vote} for it when its
 * replica is free, a vote against otherwise. A requester asks all n coordinators and enters on its m-th vote;
 * votes arriving after that are handed back at once, so a holder holds exactly m votes. When the refusals make m
 * votes impossible it hands back the votes it got and retries after a random backoff.
 *
 * <p>A coordinator that crashes and recovers forgets the vote it had given (the lecture's assumption). The
 * {@code resetMeanNanos} option simulates that without a crash of the whole process: the coordinator part forgets
 * its grant at exponentially distributed intervals of that mean. Two requesters can then both hold m votes: a
 * violation whose probability is the lecture's p_v.
 *
 * <p>Contract: safe when no coordinator forgets a vote (two majorities always share a coordinator, which voted for
 * one of them only); live only with probability one (simultaneous requesters may all back off and retry); assumes
 * reliable channels. The fencing token is the largest Lamport timestamp among the m votes: every message carries
 * Lamport time, and the coordinator the two majorities share saw the earlier holder's release before its vote for
 * the later one, so tokens strictly increase while no coordinator forgets.
 */
public final class DecentralizedMutex
        implements Node<DecentralizedMutex.Message, DecentralizedMutex.Timer, MutexCommand>, MutexParticipant {

    /** The protocol between requesters and coordinators; {@code clock} is the sender's Lamport time. */
    public sealed interface Message {
        /**
         * The sender asks for the receiver's vote, for its attempt number {@code attempt}.
         *
         * @param attempt the requester's count of its attempts; a vote names it, so a vote for an attempt the
         *     requester gave up is handed back instead of counted
         * @param clock the sender's Lamport time, from which the holder's fencing token is built
         */
        record VoteRequest(long attempt, long clock) implements Message {}

        /**
         * The coordinator's immediate answer to {@code attempt}: for ({@code granted}) or against.
         *
         * @param attempt the attempt the vote answers
         * @param granted true when the coordinator's replica was free and is now the requester's
         * @param clock the coordinator's Lamport time; the largest among a holder's m votes is its fencing token
         */
        record Vote(long attempt, boolean granted, long clock) implements Message {}

        /**
         * The sender gives back the vote it got for {@code attempt}.
         *
         * @param attempt the attempt the vote was given for; a coordinator frees its replica only when it matches
         *     the vote it holds, so an old release cannot free a newer vote
         * @param clock the sender's Lamport time
         */
        record VoteRelease(long attempt, long clock) implements Message {}
    }

    /** Timers. */
    public sealed interface Timer {
        /**
         * The backoff after the failed attempt {@code attempt} is over.
         *
         * @param attempt the attempt that failed; the retry is ignored when the requester has moved on since
         */
        record Retry(long attempt) implements Timer {}

        /** The simulated crash-and-recovery of this node's coordinator. */
        record CoordinatorReset() implements Timer {}
    }

    /**
     * Recorded when the coordinator forgets the vote it gave.
     *
     * @param forgottenHolder the process the forgotten vote was for (it may still hold the resource), or null when
     *     the coordinator had given no vote
     */
    public record CoordinatorReset(NodeId forgottenHolder) {}

    /**
     * Recorded on entry: the m coordinators whose votes the holder holds (the risk simulation reads it).
     *
     * @param requestId the request that entered
     * @param voters the coordinators that voted for it; a reset of enough of them lets a second process in
     */
    public record VotesHeld(long requestId, List<NodeId> voters) {
        /** Copies {@code voters}, so the recorded event does not change with the node's later state. */
        public VotesHeld {
            voters = List.copyOf(voters);
        }
    }

    /**
     * Recorded when an attempt fails and the requester backs off.
     *
     * @param attempt the attempt that failed
     * @param votes the votes it had got when it gave up (all handed back)
     * @param refusals the votes against, which made a quorum impossible
     * @param backoffNanos how long the requester waits before its next attempt, drawn at random
     */
    public record Backoff(long attempt, int votes, int refusals, long backoffNanos) {}

    /** The vote a coordinator has given. */
    record Grant(NodeId node, long attempt) {}

    private final int quorum;
    private final long backoffNanos;
    private final long resetMeanNanos;
    private final LocalRequests requests;
    private long clock;
    private long attempt;
    private boolean collecting;
    private boolean backingOff;
    private int failures;
    private final TreeSet<NodeId> votes;
    private final TreeSet<NodeId> refusals;
    private long maxVoteClock;
    private Grant granted;

    /**
     * A member that both coordinates one replica and may request the resource.
     *
     * @param quorum m, the votes needed; more than half the members
     * @param backoffNanos the base backoff: the k-th failure in a row waits uniformly up to base * 2^min(k, 6)
     * @param resetMeanNanos mean time between simulated coordinator resets, or 0 for none
     */
    public DecentralizedMutex(int quorum, long backoffNanos, long resetMeanNanos) {
        this(
                quorum,
                backoffNanos,
                resetMeanNanos,
                new LocalRequests(),
                0,
                0,
                false,
                false,
                0,
                new TreeSet<>(),
                new TreeSet<>(),
                0,
                null);
        if (backoffNanos <= 0) {
            throw new IllegalArgumentException("backoff must be positive, got " + backoffNanos);
        }
        if (resetMeanNanos < 0) {
            throw new IllegalArgumentException("reset mean must be >= 0, got " + resetMeanNanos);
        }
    }

    private DecentralizedMutex(
            int quorum,
            long backoffNanos,
            long resetMeanNanos,
            LocalRequests requests,
            long clock,
            long attempt,
            boolean collecting,
            boolean backingOff,
            int failures,
            TreeSet<NodeId> votes,
            TreeSet<NodeId> refusals,
            long maxVoteClock,
            Grant granted) {
        this.quorum = quorum;
        this.backoffNanos = backoffNanos;
        this.resetMeanNanos = resetMeanNanos;
        this.requests = requests;
        this.clock = clock;
        this.attempt = attempt;
        this.collecting = collecting;
        this.backingOff = backingOff;
        this.failures = failures;
        this.votes = votes;
        this.refusals = refusals;
        this.maxVoteClock = maxVoteClock;
        this.granted = granted;
    }

    @Override
    public void onStart(Context<Message, Timer> context) {
        int n = context.members().size();
        if (quorum <= n / 2.0 || quorum > n) {
            throw new IllegalArgumentException("quorum m=" + quorum + " must satisfy n/2 < m <= n (n=" + n + ")");
        }
        scheduleReset(context);
    }

    private void scheduleReset(Context<Message, Timer> context) {
        if (resetMeanNanos > 0) {
            double draw = -Math.log(1 - context.random().nextDouble());
            context.setTimer(new Timer.CoordinatorReset(), Math.max(1, Math.round(draw * resetMeanNanos)));
        }
    }

    @Override
    public void onCommand(MutexCommand command, Context<Message, Timer> context) {
        switch (command) {
            case MutexCommand.Acquire acquire -> {
                if (requests.offer(acquire.requestId())) {
                    failures = 0;
                    startAttempt(context);
                }
            }
            case MutexCommand.Release release -> {
                switch (requests.release(release.requestId())) {
                    case LEAVE -> leave(context);
                    case DROPPED_WAITING -> context.deliver(new MutexOutput.Released(release.requestId()));
                    case CANCEL_CURRENT, UNKNOWN -> {
                        // A cancelled request leaves as soon as it enters; an unknown one is ignored.
                    }
                }
            }
        }
    }

    private void startAttempt(Context<Message, Timer> context) {
        attempt++;
        collecting = true;
        backingOff = false;
        votes.clear();
        refusals.clear();
        maxVoteClock = 0;
        clock++;
        Message.VoteRequest request = new Message.VoteRequest(attempt, clock);
        for (NodeId member : context.members()) {
            sendOrHandle(member, request, context);
            if (!collecting) {
                return; // a local answer already decided the attempt
            }
        }
    }

    /** The coordinator on this node is reached without a message. */
    private void sendOrHandle(NodeId to, Message message, Context<Message, Timer> context) {
        if (to.equals(context.self())) {
            onMessage(to, message, context);
        } else {
            context.send(to, message);
        }
    }

    @Override
    public void onMessage(NodeId from, Message message, Context<Message, Timer> context) {
        switch (message) {
            case Message.VoteRequest request -> {
                clock = Math.max(clock, request.clock()) + 1;
                Grant asked = new Grant(from, request.attempt());
                boolean yes = granted == null || granted.equals(asked);
                if (yes) {
                    granted = asked;
                }
                sendOrHandle(from, new Message.Vote(request.attempt(), yes, clock), context);
            }
            case Message.VoteRelease release -> {
                clock = Math.max(clock, release.clock()) + 1;
                if (new Grant(from, release.attempt()).equals(granted)) {
                    granted = null;
                }
            }
            case Message.Vote vote -> {
                clock = Math.max(clock, vote.clock()) + 1;
                counted(from, vote, context);
            }
        }
    }

    private void counted(NodeId from, Message.Vote vote, Context<Message, Timer> context) {
        boolean current = collecting && vote.attempt() == attempt;
        if (!current) {
            boolean alreadyCounted = requests.inside() && vote.attempt() == attempt && votes.contains(from);
            if (vote.granted() && !alreadyCounted) {
                clock++;
                sendOrHandle(from, new Message.VoteRelease(vote.attempt(), clock), context); // late or stale
            }
            return;
        }
        if (vote.granted()) {
            votes.add(from);
            maxVoteClock = Math.max(maxVoteClock, vote.clock());
        } else {
            refusals.add(from);
        }
        int n = context.members().size();
        if (votes.size() >= quorum) {
            collecting = false;
            enter(context);
        } else if (refusals.size() > n - quorum) {
            collecting = false;
            giveBack(context);
            failures++;
            long wait = 1 + context.random().nextLong(backoffNanos << Math.min(failures, 6));
            backingOff = true;
            context.record(new Backoff(attempt, votes.size(), refusals.size(), wait));
            votes.clear();
            context.setTimer(new Timer.Retry(attempt), wait);
        }
    }

    private void giveBack(Context<Message, Timer> context) {
        clock++;
        Message.VoteRelease release = new Message.VoteRelease(attempt, clock);
        for (NodeId voter : List.copyOf(votes)) {
            sendOrHandle(voter, release, context);
        }
    }

    private void enter(Context<Message, Timer> context) {
        long requestId = requests.current();
        long token = maxVoteClock;
        requests.enter(token);
        context.record(new VotesHeld(requestId, List.copyOf(votes)));
        context.record(new CriticalSection.Entered(requestId, token, -1));
        if (requests.cancelled()) {
            leave(context);
            return;
        }
        context.deliver(new MutexOutput.Granted(requestId, token));
    }

    private void leave(Context<Message, Timer> context) {
        long requestId = requests.current();
        context.record(new CriticalSection.Exited(requestId, requests.fencingToken()));
        context.deliver(new MutexOutput.Released(requestId));
        giveBack(context);
        votes.clear();
        long next = requests.finish();
        if (next != LocalRequests.NONE) {
            failures = 0;
            startAttempt(context);
        }
    }

    @Override
    public void onTimer(Timer timer, Context<Message, Timer> context) {
        switch (timer) {
            case Timer.Retry retry -> {
                if (backingOff && retry.attempt() == attempt && requests.asking()) {
                    startAttempt(context);
                }
            }
            case Timer.CoordinatorReset reset -> {
                context.record(new CoordinatorReset(granted == null ? null : granted.node()));
                granted = null;
                scheduleReset(context);
            }
        }
    }

    @Override
    public boolean inCriticalSection() {
        return requests.inside();
    }

    /** The process this node's coordinator has given its vote to, if any (null: its replica is free). */
    NodeId voteGivenTo() {
        return granted == null ? null : granted.node();
    }

    /** The coordinators whose votes this node holds now. */
    List<NodeId> votesHeld() {
        return List.copyOf(votes);
    }

    /**
     * The votes an attempt needs.
     *
     * @return m, as given at construction
     */
    public int quorum() {
        return quorum;
    }

    @Override
    public DecentralizedMutex copy() {
        return new DecentralizedMutex(
                quorum,
                backoffNanos,
                resetMeanNanos,
                requests.copy(),
                clock,
                attempt,
                collecting,
                backingOff,
                failures,
                new TreeSet<>(votes),
                new TreeSet<>(refusals),
                maxVoteClock,
                granted);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("mutex", requests.mutexState());
        state.put("votes", votes.size() + " of " + quorum + " needed " + votes);
        if (!refusals.isEmpty()) {
            state.put("refusals", refusals.toString());
        }
        state.put("my vote", granted == null ? "free" : "given to " + granted.node());
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DecentralizedMutex that
                && quorum == that.quorum
                && backoffNanos == that.backoffNanos
                && resetMeanNanos == that.resetMeanNanos
                && requests.equals(that.requests)
                && clock == that.clock
                && attempt == that.attempt
                && collecting == that.collecting
                && backingOff == that.backingOff
                && failures == that.failures
                && votes.equals(that.votes)
                && refusals.equals(that.refusals)
                && maxVoteClock == that.maxVoteClock
                && Objects.equals(granted, that.granted);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                quorum,
                backoffNanos,
                resetMeanNanos,
                requests,
                clock,
                attempt,
                collecting,
                backingOff,
                failures,
                List.copyOf(votes),
                List.copyOf(refusals),
                maxVoteClock,
                granted);
    }

    @Override
    public String toString() {
        return "DecentralizedMutex{" + requests + ", attempt=" + attempt + ", votes=" + votes + ", refusals=" + refusals
                + ", granted=" + granted + "}";
    }
}
