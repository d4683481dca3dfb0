package dev.synchrony.lease;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.ElectionParticipant;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.election.LeadershipLost;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.mutex.MutexParticipant;
import dev.synchrony.mutex.NamedLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * LeaseLock ({@code lease-lock}): a lock and a leadership that stay safe under partitions, pauses, message loss,
 * duplication, crashes with recovery and clock drift up to rho. A Raft-style term election with leader leases
 * elects a leader; the leader grants the lock under leases that the holder measures on its own clock, with
 * fencing tokens {@code (term << 32) | counter}. Full algorithm and safety argument: docs/lease-lock.md.
 *
 * <ul>
 *   <li><b>Terms and votes.</b> A follower that has heard no leader for its election timeout stands: it increments
 *   its term, votes for itself and asks all for votes. A member votes at most once per term, and never while it
 *   has heard from a live leader within L_leader (the lease promise) or within L_leader of its own restart (a
 *   promise it made before the crash is forgotten, so it waits one out). A candidate with a majority's votes,
 *   itself counted, leads the term. The term and the vote are written to {@link dev.synchrony.core.StableStorage}
 *   before any message that depends on them leaves.</li>
 *   <li><b>Leader lease.</b> The leader sends a heartbeat round each period. When a majority (itself counted) has
 *   acknowledged a round, it leads until that round's send time plus {@code L_leader (1 - rho) / (1 + rho)} on its
 *   clock; each acknowledging member promised, from receipt, L_leader on its own clock, which outlasts that in
 *   real time. It announces {@link LeaderElected} when it first holds the lease and {@link LeadershipLost} when
 *   the lease lapses (it then steps down); followers announce the leader they hear.</li>
 *   <li><b>Grace period.</b> A new leader grants nothing until L_leader + L_grant have passed on its clock since it
 *   won: every grant of an earlier leader was made before this leader won, and has expired by then on its
 *   holder's clock.</li>
 *   <li><b>Grants with leases.</b> A request carries no time. The leader grants only while its lease is valid,
 *   checked against its clock in the handler that grants, and assumes the holder holds for L_grant on its own
 *   clock from then. The holder holds for {@code L_grant (1 - rho) / (1 + rho) - margin} on its clock from when
 *   it SENT the request attempt the grant answers, so a grant that arrives late (a paused leader, a slow network)
 *   has less time left, or none: then it is handed back unused. The holder renews each renewal period; a refused
 *   renewal, a new term, or expiry ends the grant with {@link MutexOutput.Lost}.</li>
 *   <li><b>Fencing tokens</b> {@code (term << 32) | counter} strictly increase across leaders: terms do, and every
 *   grant of a term is made before any later term's leader wins.</li>
 *   <li><b>Many locks under one leadership.</b> Every lock message names its lock; the leader keeps a holder and a
 *   queue per name, forgets a name with neither, and draws the tokens of all names from one counter per term, so
 *   the tokens of each name strictly increase too. A {@link MutexCommand} is for the lock {@link #DEFAULT_LOCK}
 *   (the catalog's single lock: its outputs and trace records are the plain mutex ones); a
 *   {@link NamedLocks.Command} is for the lock it names, answered by {@link NamedLocks.Output}s, recorded as
 *   {@link NamedLocks.NamedEvent}s, and followed by a {@link LeaseHeld} each time the grant's lease grows.</li>
 * </ul>
 *
 * <p>Contract: any network (loss, duplication, reordering, partitions: every message is retried or repeated, and
 * handlers tolerate old copies); crash with recovery through stable storage; pauses; clocks whose rates stay within
 * {@code [1 - rho, 1 + rho]}. Progress needs a connected majority. Value semantics per {@link Node}.
 *
 * <p>Sources: Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm" (Raft, 2014), terms,
 * votes and stable storage; Gray and Cheriton, "Leases" (1989); the leader lease of Chandra, Griesemer and Redstone,
 * "Paxos Made Live" (2007); fencing tokens after Kleppmann, "How to do distributed locking" (2016).
 */
public final class LeaseLock
        implements Node<LeaseLock.Message, LeaseLock.Timer, Object>, MutexParticipant, ElectionParticipant {

    /** The name of the lock that plain {@link MutexCommand}s ask for (no {@link NamedLocks.Command} may take it). */
    public static final String DEFAULT_LOCK = "";

    /** The protocol. {@code term} is the sender's term; {@code attempt} numbers a request or renewal send. */
    public sealed interface Message {
        /**
         * A member that would stand asks whether it could win {@code term} before it takes that term (the pre-vote
         * of Raft's thesis, section 9.6): a member cut off from the group then never inflates its term, and its
         * return does not depose a leader that the others still follow.
         *
         * @param term the term the sender would take: one above its own
         */
        record PreVote(long term) implements Message {}

        /**
         * The answer to a {@link PreVote}: whether the sender would vote in {@code term} now. Changes nothing.
         *
         * @param term the term asked about, so an answer to an older pre-vote is not counted
         * @param granted true when {@code term} is above the sender's and no leader lease binds it
         */
        record PreVoteReply(long term, boolean granted) implements Message {}

        /**
         * A candidate asks for votes in {@code term}.
         *
         * @param term the term the candidate has taken and stands in
         */
        record RequestVote(long term) implements Message {}

        /**
         * The answer to a {@link RequestVote}.
         *
         * @param term the voter's own term when that is larger than the candidate's (the candidate then adopts it),
         *     otherwise the candidate's
         * @param granted true when this is the voter's one vote in {@code term}, already written to stable storage
         */
        record Vote(long term, boolean granted) implements Message {}

        /**
         * Heartbeat round {@code round} of the leader of {@code term}.
         *
         * @param term the leader's term; a member still in an older term adopts it, one in a newer term refuses
         * @param round the leader's number for the round; its acknowledgements name it, so the lease is counted
         *     from this round's send time
         */
        record Heartbeat(long term, long round) implements Message {}

        /**
         * The answer to a heartbeat: accepted (a promise made), or refused by a member of the larger {@code term}.
         *
         * @param term the sender's term
         * @param round the round acknowledged
         * @param accepted true when the sender follows the leader and promised not to vote for another for L_leader
         */
        record HeartbeatAck(long term, long round, boolean accepted) implements Message {}

        /**
         * The sender's application wants {@code lock} for {@code requestId}.
         *
         * @param lock the lock's name ({@link #DEFAULT_LOCK} for the plain mutex)
         * @param requestId the application's number for the request
         * @param attempt this send's number; the grant names it, and the holder counts its lease from the moment it
         *     sent it
         */
        record Acquire(String lock, long requestId, long attempt) implements Message {}

        /**
         * The leader of {@code term} grants {@code lock} to {@code requestId}, answering {@code attempt}.
         *
         * @param term the leader's term; a grant of an older term than the receiver's is handed back
         * @param lock the lock granted
         * @param requestId the request granted
         * @param attempt the send of the requester this answers, from whose send time the holder's lease runs
         * @param fencingToken {@code (term << 32) | counter}, for the holder to pass to the resource
         */
        record Grant(long term, String lock, long requestId, long attempt, long fencingToken) implements Message {}

        /**
         * The holder asks for its grant of {@code lock} to go on.
         *
         * @param lock the lock held
         * @param requestId the held request
         * @param fencingToken the held grant's token; the leader renews only the grant it still has on record
         * @param attempt this send's number, from whose send time a renewal is counted
         */
        record Renew(String lock, long requestId, long fencingToken, long attempt) implements Message {}

        /**
         * The grant goes on, counted from the holder's send of {@code attempt}.
         *
         * @param term the leader's term, which must be the grant's
         * @param lock the lock renewed
         * @param requestId the held request
         * @param fencingToken the grant's token, unchanged by a renewal
         * @param attempt the {@link Renew} this answers
         */
        record Renewed(long term, String lock, long requestId, long fencingToken, long attempt) implements Message {}

        /**
         * The sender does not back this grant (not leader, lease lapsed, or another holder now).
         *
         * @param term the sender's term; a larger one than the holder's is adopted
         * @param lock the lock whose renewal is refused
         * @param requestId the request whose grant is refused
         * @param fencingToken the grant's token; the holder gives up only the grant with this token
         */
        record Refused(long term, String lock, long requestId, long fencingToken) implements Message {}

        /**
         * The holder is done with the grant, or hands back an answer to its send {@code attempt} that it cannot use,
         * or (token 0) the requester withdraws its queued request.
         *
         * @param lock the lock released
         * @param requestId the request that ends
         * @param fencingToken the token of the grant given up, or 0 for a withdrawal, which never frees a holder
         * @param attempt the sender's latest send when it leaves, the answered send when it hands back
         */
        record Release(String lock, long requestId, long fencingToken, long attempt) implements Message {}

        /**
         * The answer to the {@link Release}s with a token of {@code lock} the sender heard since its last answer:
         * the holder may stop repeating every release of that lock to the sender with a token up to
         * {@code fencingToken} (the largest heard; {@code requestId} is its request). Cumulative, because the sender
         * granted a token only after every smaller token of the lock had stopped being its holder, so those
         * releases have nothing left to end there. Sent at the sender's next tick, not at once: in the same flush
         * as its heartbeat, so a release under contention costs no answer of its own.
         *
         * @param lock the lock whose releases are acknowledged
         * @param requestId the request of the largest token heard
         * @param fencingToken the largest token heard: releases up to it need no repeat
         */
        record ReleaseAck(String lock, long requestId, long fencingToken) implements Message {}
    }

    /** Timers; each kind has one pending firing at most (cancelled before it is set again). */
    public sealed interface Timer {
        /** Every heartbeat period: the leader's round, the requester's retry, the holder's renewal. */
        record Tick() implements Timer {}

        /** No leader heard for the election timeout: stand. */
        record ElectionTimeout() implements Timer {}

        /** The leader's lease ends. */
        record LeaseEnd() implements Timer {}

        /**
         * The held grant of {@code lock} ends on the holder's clock.
         *
         * @param lock the lock whose grant may be over; re-armed when a renewal extends it
         */
        record GrantEnd(String lock) implements Timer {}
    }

    /**
     * Output for a named lock (not {@link #DEFAULT_LOCK}): the grant of {@code requestId} is held until
     * {@code untilNanos} on this member's clock (later ones extend it). An application that cannot read the node's
     * state (it runs on another thread) keeps the latest of these and acts only while its clock reads less.
     *
     * @param lock the named lock held
     * @param requestId the request it is held for
     * @param fencingToken the grant's token
     * @param untilNanos when the grant's lease ends, on the clock of this member's context
     */
    public record LeaseHeld(String lock, long requestId, long fencingToken, long untilNanos) {}

    /**
     * Recorded when this member stands for {@code term}.
     *
     * @param term the term it took, already written to stable storage with its vote for itself
     */
    public record Candidacy(long term) {}

    /**
     * Recorded when a grant arrived with its lease already over on this member's clock, and was handed back.
     *
     * @param lock the lock granted
     * @param requestId the request granted
     * @param fencingToken the token of the grant handed back
     * @param lateByNanos how long after its lease ended the grant came, or -1 when the send it answers is
     *     forgotten (sent more than a lease ago)
     */
    public record LateGrantIgnored(String lock, long requestId, long fencingToken, long lateByNanos) {}

    enum Role {
        FOLLOWER,
        PRE_CANDIDATE,
        CANDIDATE,
        LEADER
    }

    private static final Timer TICK = new Timer.Tick();
    private static final Timer ELECTION_TIMEOUT = new Timer.ElectionTimeout();
    private static final Timer LEASE_END = new Timer.LeaseEnd();

    private final LeaseSettings settings;
    // Mirror of the durable vote: written through before it is acted on.
    private long term;
    private NodeId votedFor;
    // Volatile.
    private Role role;
    private NodeId leader;
    private long heardAt;
    private long votingAllowedAt;
    private final TreeSet<NodeId> votes;
    private LeaderRole leading;
    // This member's requests, per lock in use (a lock with nothing to remember is dropped after each handler), and
    // the one counter that numbers the sends of all of them.
    private final TreeMap<String, LockClient> clients;
    private long attempts;
    // Releases heard and not yet answered: per member, per lock, the answer with the largest token (sent each tick).
    private final TreeMap<NodeId, TreeMap<String, Message.ReleaseAck>> releaseAcksOwed;

    /**
     * A member of the group; every member is given the same settings. Its term and vote come from stable storage
     * at start.
     *
     * @param settings the leases and periods, in nanoseconds of the member's clock
     */
    public LeaseLock(LeaseSettings settings) {
        this(
                Objects.requireNonNull(settings, "settings"),
                0,
                null,
                Role.FOLLOWER,
                null,
                Long.MIN_VALUE,
                Long.MIN_VALUE,
                new TreeSet<>(),
                null,
                new TreeMap<>(),
                0,
                new TreeMap<>());
    }

    private LeaseLock(
            LeaseSettings settings,
            long term,
            NodeId votedFor,
            Role role,
            NodeId leader,
            long heardAt,
            long votingAllowedAt,
            TreeSet<NodeId> votes,
            LeaderRole leading,
            TreeMap<String, LockClient> clients,
            long attempts,
            TreeMap<NodeId, TreeMap<String, Message.ReleaseAck>> releaseAcksOwed) {
        this.settings = settings;
        this.term = term;
        this.votedFor = votedFor;
        this.role = role;
        this.leader = leader;
        this.heardAt = heardAt;
        this.votingAllowedAt = votingAllowedAt;
        this.votes = votes;
        this.leading = leading;
        this.clients = clients;
        this.attempts = attempts;
        this.releaseAcksOwed = releaseAcksOwed;
    }

    // ---- inputs -------------------------------------------------------------------------------------------------

    @Override
    public void onStart(Context<Message, Timer> context) {
        DurableVote stored = DurableVote.load(context.stableStorage());
        term = stored.term();
        votedFor = stored.votedFor();
        role = Role.FOLLOWER;
        leader = null;
        heardAt = Long.MIN_VALUE;
        votes.clear();
        leading = null;
        clients.clear();
        releaseAcksOwed.clear(); // volatile: a holder whose release went unanswered repeats it
        attempts = Incarnation.next(context.stableStorage()) << 32;
        // Promises made before a crash were volatile: wait one leader lease out before voting for anyone.
        votingAllowedAt = now(context) + settings.leaderLeaseNanos();
        context.setTimer(TICK, settings.heartbeatNanos());
        armElectionTimeout(context);
    }

    /**
     * Takes a {@link MutexCommand} (for {@link #DEFAULT_LOCK}) or a {@link NamedLocks.Command} (for the lock it
     * names).
     */
    @Override
    public void onCommand(Object command, Context<Message, Timer> context) {
        String lock;
        MutexCommand mutexCommand;
        switch (command) {
            case MutexCommand plain -> {
                lock = DEFAULT_LOCK;
                mutexCommand = plain;
            }
            case NamedLocks.Command named -> {
                lock = named.name();
                mutexCommand = named.command();
            }
            default ->
                throw new IllegalArgumentException("lease-lock takes a MutexCommand or a NamedLocks.Command, not "
                        + command.getClass().getName());
        }
        checkLeases(context);
        switch (mutexCommand) {
            case MutexCommand.Acquire acquire -> {
                LockClient client = clients.computeIfAbsent(lock, l -> new LockClient(attempts));
                if (client.offer(acquire.requestId())) {
                    sendAttempt(lock, client, context);
                }
            }
            case MutexCommand.Release release -> release(lock, release.requestId(), context);
        }
        tidy();
    }

    @Override
    public void onTimer(Timer timer, Context<Message, Timer> context) {
        checkLeases(context);
        switch (timer) {
            case Timer.Tick tick -> tick(context);
            case Timer.ElectionTimeout timeout -> electionTimeout(context);
            case Timer.LeaseEnd end -> {
                // checkLeases has stepped down if the lease is over; an extended lease re-armed this timer.
            }
            case Timer.GrantEnd end -> {
                // checkLeases has reported the grant lost if it is over; a renewed grant re-armed this timer.
            }
        }
        tidy();
    }

    @Override
    public void onMessage(NodeId from, Message message, Context<Message, Timer> context) {
        checkLeases(context);
        handle(from, message, context);
        tidy();
    }

    /** Drops the clients of locks with nothing to remember: memory follows the locks in use, not all ever used. */
    private void tidy() {
        clients.values().removeIf(LockClient::idle);
    }

    private void handle(NodeId from, Message message, Context<Message, Timer> context) {
        switch (message) {
            case Message.PreVote preVote ->
                context.send(
                        from,
                        new Message.PreVoteReply(preVote.term(), preVote.term() > term && !promised(now(context))));
            case Message.PreVoteReply reply -> preVoted(from, reply, context);
            case Message.RequestVote request -> voteRequested(from, request.term(), context);
            case Message.Vote vote -> voted(from, vote, context);
            case Message.Heartbeat heartbeat -> heartbeat(from, heartbeat, context);
            case Message.HeartbeatAck ack -> acknowledged(from, ack, context);
            case Message.Acquire acquire -> leaderReceivesAcquire(from, acquire, context);
            case Message.Grant grant -> granted(from, grant, context);
            case Message.Renew renew -> leaderReceivesRenew(from, renew, context);
            case Message.Renewed renewed -> renewed(renewed, context);
            case Message.Refused refused -> refused(from, refused, context);
            case Message.Release release -> leaderReceivesRelease(from, release, context);
            case Message.ReleaseAck ack -> {
                LockClient client = clients.get(ack.lock());
                if (client != null) {
                    client.releasesAcknowledged(from, ack.fencingToken());
                }
            }
        }
    }

    /**
     * Runs first in every handler, so a process that resumes from a pause acts on what its clock says now before
     * it acts on anything that piled up: an expired leader lease ends the leadership, an expired grant is lost.
     */
    private void checkLeases(Context<Message, Timer> context) {
        long now = now(context);
        if (leading != null
                && !leading.leaseValid(now)
                && (leading.announced() || now - leading.wonAt >= settings.electionTimeoutNanos())) {
            if (leading.announced()) {
                stepDown("lease lapsed at " + leading.leaseUntil(), Optional.of(leading.leaseUntil()), context);
            } else {
                stepDown("no majority acknowledged a heartbeat", Optional.empty(), context);
            }
        }
        if (!anyGrantOverAt(now)) {
            return; // the usual case: no copy of the names to walk (this runs first in every handler)
        }
        // A copy: losing a grant delivers an output, and the application may answer it with a command at once.
        for (String lock : List.copyOf(clients.keySet())) {
            LockClient client = clients.get(lock);
            if (client.inside() && now >= client.expiresAt()) {
                lose(
                        lock,
                        client,
                        "lease expired at " + client.expiresAt() + " on this member's clock",
                        Optional.of(client.expiresAt()),
                        context);
            }
        }
    }

    private boolean anyGrantOverAt(long now) {
        for (LockClient client : clients.values()) {
            if (client.inside() && now >= client.expiresAt()) {
                return true;
            }
        }
        return false;
    }

    private void tick(Context<Message, Timer> context) {
        context.setTimer(TICK, settings.heartbeatNanos());
        long now = now(context);
        answerReleases(context);
        if (leading != null) {
            leading.forgetRoundsBefore(now - settings.leaderLeaseOnLeaderClock());
            sendRound(context);
            tryGrantAll(context);
        }
        for (String lock : List.copyOf(clients.keySet())) {
            LockClient client = clients.get(lock);
            for (LockClient.PendingRelease release :
                    client.releasesDue(now, settings.renewNanos(), settings.grantLeaseOnHolderClock())) {
                context.send(
                        release.to(),
                        new Message.Release(lock, release.requestId(), release.fencingToken(), release.attempt()));
            }
            boolean due = client.lastSentAt() == Long.MIN_VALUE || now - client.lastSentAt() >= settings.renewNanos();
            if (client.asking() && due) {
                sendAttempt(lock, client, context);
            } else if (client.inside() && due) {
                long attempt = client.newAttempt(++attempts, now, now - settings.grantLeaseOnHolderClock());
                sendTo(
                        client.grantor(),
                        new Message.Renew(lock, client.current(), client.fencingToken(), attempt),
                        context);
            }
        }
    }

    // ---- election -----------------------------------------------------------------------------------------------

    private boolean promised(long now) {
        return now < votingAllowedAt || (heardAt != Long.MIN_VALUE && now - heardAt < settings.leaderLeaseNanos());
    }

    private void electionTimeout(Context<Message, Timer> context) {
        if (role == Role.LEADER) {
            return;
        }
        armElectionTimeout(context);
        if (promised(now(context))) {
            return; // still bound by a promise to a leader (or by a restart): standing now would be in vain
        }
        role = Role.PRE_CANDIDATE;
        leader = null;
        votes.clear();
        votes.add(context.self());
        context.sendToOthers(new Message.PreVote(term + 1));
        if (votes.size() >= majority(context)) {
            stand(context);
        }
    }

    private void preVoted(NodeId from, Message.PreVoteReply reply, Context<Message, Timer> context) {
        if (role == Role.PRE_CANDIDATE && reply.term() == term + 1 && reply.granted()) {
            votes.add(from);
            if (votes.size() >= majority(context)) {
                stand(context);
            }
        }
    }

    private void stand(Context<Message, Timer> context) {
        term++;
        votedFor = context.self();
        persist(context);
        role = Role.CANDIDATE;
        leader = null;
        votes.clear();
        votes.add(context.self());
        context.record(new Candidacy(term));
        loseIfTermMoved(context);
        context.sendToOthers(new Message.RequestVote(term));
        if (votes.size() >= majority(context)) {
            becomeLeader(context);
        }
    }

    private void voteRequested(NodeId candidate, long candidateTerm, Context<Message, Timer> context) {
        if (candidateTerm == term && candidate.equals(votedFor)) {
            context.send(candidate, new Message.Vote(term, true)); // a copy of a request already granted
            return;
        }
        if (candidateTerm < term) {
            context.send(candidate, new Message.Vote(term, false));
            return;
        }
        if (promised(now(context))) {
            // The lease promise: a live leader was heard within L_leader. Not even the term is adopted, so a
            // member cut off for a while cannot depose a leader the others still follow.
            context.send(candidate, new Message.Vote(candidateTerm, false));
            return;
        }
        if (candidateTerm > term) {
            adopt(candidateTerm, context);
        }
        if (votedFor == null) {
            votedFor = candidate;
            persist(context); // durable before the vote leaves: never two votes in a term, even across a crash
            armElectionTimeout(context);
            context.send(candidate, new Message.Vote(term, true));
        } else {
            context.send(candidate, new Message.Vote(term, false));
        }
    }

    private void voted(NodeId from, Message.Vote vote, Context<Message, Timer> context) {
        if (vote.term() > term) {
            adopt(vote.term(), context);
            return;
        }
        if (role == Role.CANDIDATE && vote.term() == term && vote.granted()) {
            votes.add(from);
            if (votes.size() >= majority(context)) {
                becomeLeader(context);
            }
        }
    }

    private void becomeLeader(Context<Message, Timer> context) {
        role = Role.LEADER;
        leader = context.self();
        leading = new LeaderRole(term, now(context));
        context.cancelTimer(ELECTION_TIMEOUT);
        sendRound(context);
    }

    private void sendRound(Context<Message, Timer> context) {
        long now = now(context);
        long round = leading.startRound(context.self(), now);
        heardAt = now; // the leader keeps its own promise: it votes for no one while its round may back a lease
        context.sendToOthers(new Message.Heartbeat(term, round));
        leaseFromAck(round, context.self(), context);
    }

    private void heartbeat(NodeId from, Message.Heartbeat heartbeat, Context<Message, Timer> context) {
        if (heartbeat.term() < term) {
            context.send(from, new Message.HeartbeatAck(term, heartbeat.round(), false));
            return;
        }
        if (heartbeat.term() > term) {
            adopt(heartbeat.term(), context);
        }
        if (role == Role.LEADER) {
            return; // one leader per term: a heartbeat of our own term from another cannot happen
        }
        role = Role.FOLLOWER;
        boolean learnt = !from.equals(leader);
        leader = from;
        heardAt = now(context);
        armElectionTimeout(context);
        context.send(from, new Message.HeartbeatAck(term, heartbeat.round(), true));
        if (learnt) {
            context.deliver(new LeaderElected(from, term));
            askAgain(context);
        }
    }

    private void acknowledged(NodeId from, Message.HeartbeatAck ack, Context<Message, Timer> context) {
        if (ack.term() > term) {
            adopt(ack.term(), context);
            return;
        }
        if (leading != null && ack.term() == term && ack.accepted()) {
            leaseFromAck(ack.round(), from, context);
        }
    }

    private void leaseFromAck(long round, NodeId from, Context<Message, Timer> context) {
        long now = now(context);
        if (!leading.acknowledge(round, from, majority(context), settings.leaderLeaseOnLeaderClock())
                || !leading.leaseValid(now)) {
            return;
        }
        context.cancelTimer(LEASE_END);
        context.setTimer(LEASE_END, leading.leaseUntil() - now);
        if (!leading.announced()) {
            leading.announce();
            context.deliver(new LeaderElected(context.self(), term));
            askAgain(context);
        }
        tryGrantAll(context);
    }

    /** A leader is known (again): every lock this member asks for is asked of it now. */
    private void askAgain(Context<Message, Timer> context) {
        for (String lock : List.copyOf(clients.keySet())) {
            LockClient client = clients.get(lock);
            if (client.asking()) {
                sendAttempt(lock, client, context);
            }
        }
    }

    /** A larger term exists: take it, with no vote in it yet, and follow whoever leads it. */
    private void adopt(long newTerm, Context<Message, Timer> context) {
        if (leading != null) {
            stepDown("term " + newTerm + " began", Optional.empty(), context);
        }
        term = newTerm;
        votedFor = null;
        persist(context);
        role = Role.FOLLOWER;
        leader = null;
        votes.clear();
        loseIfTermMoved(context);
    }

    /**
     * Ends this member's leadership. {@code leaseEndedAt}, the clock reading at which the leader lease ran out when
     * that is why, goes with the notices (the leadership's, and those of grants this member gave itself), so that
     * whoever judges the history knows when the leadership really ended without reading it out of the text.
     */
    private void stepDown(String reason, Optional<Long> leaseEndedAt, Context<Message, Timer> context) {
        if (leading.announced()) {
            context.deliver(new LeadershipLost(context.self(), leading.term, reason, leaseEndedAt));
        }
        leading = null;
        role = Role.FOLLOWER;
        leader = null;
        context.cancelTimer(LEASE_END);
        armElectionTimeout(context);
        for (String lock : List.copyOf(clients.keySet())) {
            LockClient client = clients.get(lock);
            if (client.inside() && context.self().equals(client.grantor())) {
                lose(lock, client, "leadership lost: " + reason, leaseEndedAt, context);
            }
        }
    }

    private void armElectionTimeout(Context<Message, Timer> context) {
        long timeout = settings.electionTimeoutNanos();
        context.cancelTimer(ELECTION_TIMEOUT);
        context.setTimer(ELECTION_TIMEOUT, timeout + context.random().nextLong(timeout));
    }

    private void persist(Context<Message, Timer> context) {
        new DurableVote(term, votedFor).save(context.stableStorage());
    }

    // ---- the leader's side of the locks -------------------------------------------------------------------------

    private void leaderReceivesAcquire(NodeId from, Message.Acquire acquire, Context<Message, Timer> context) {
        if (leading == null) {
            return; // not the leader: the requester retries at the leader it hears next
        }
        String lock = acquire.lock();
        long now = now(context);
        leading.expireHolder(lock, now);
        if (leading.holds(lock, from, acquire.requestId())) {
            // The grant was lost or delayed and the requester asks again: grant again, as a fresh grant.
            if (leading.mayGrant(now, settings.graceNanos())) {
                leading.extendHolder(lock, now, settings.grantLeaseNanos(), acquire.attempt());
                sendTo(
                        from,
                        new Message.Grant(
                                term,
                                lock,
                                acquire.requestId(),
                                acquire.attempt(),
                                leading.holder(lock).fencingToken()),
                        context);
            }
            return;
        }
        leading.enqueue(lock, from, acquire.requestId(), acquire.attempt(), now);
        tryGrant(lock, context);
    }

    private void tryGrantAll(Context<Message, Timer> context) {
        if (leading != null) {
            for (String lock : leading.lockNames()) {
                tryGrant(lock, context);
            }
        }
    }

    private void tryGrant(String lock, Context<Message, Timer> context) {
        if (leading == null) {
            return;
        }
        long now = now(context);
        leading.expireHolder(lock, now);
        // The lease is checked here, in the handler that grants, against the clock as it reads now.
        if (leading.holder(lock) != null || !leading.mayGrant(now, settings.graceNanos())) {
            return;
        }
        LeaderRole.Waiter next = leading.nextWaiter(lock, now, 2 * settings.renewNanos() + settings.heartbeatNanos());
        if (next == null) {
            return;
        }
        LeaderRole.Holder holder = leading.grant(lock, next, now, settings.grantLeaseNanos());
        sendTo(
                next.node(),
                new Message.Grant(term, lock, next.requestId(), next.attempt(), holder.fencingToken()),
                context);
    }

    private void leaderReceivesRenew(NodeId from, Message.Renew renew, Context<Message, Timer> context) {
        String lock = renew.lock();
        long now = now(context);
        if (leading != null) {
            leading.expireHolder(lock, now);
        }
        if (leading != null
                && leading.holds(lock, from, renew.requestId())
                && leading.holder(lock).fencingToken() == renew.fencingToken()
                && leading.leaseValid(now)) {
            leading.extendHolder(lock, now, settings.grantLeaseNanos(), renew.attempt());
            sendTo(
                    from,
                    new Message.Renewed(term, lock, renew.requestId(), renew.fencingToken(), renew.attempt()),
                    context);
        } else {
            sendTo(from, new Message.Refused(term, lock, renew.requestId(), renew.fencingToken()), context);
        }
    }

    private void leaderReceivesRelease(NodeId from, Message.Release release, Context<Message, Timer> context) {
        String lock = release.lock();
        if (release.fencingToken() != 0 && !from.equals(context.self())) {
            oweReleaseAck(from, new Message.ReleaseAck(lock, release.requestId(), release.fencingToken()));
        }
        if (leading == null) {
            return;
        }
        leading.withdraw(lock, from, release.requestId());
        // A withdrawal (token 0) never frees a holder: it may be an old message about an earlier use of the same
        // request id. A grant on its way to a requester that withdrew is handed back with its token.
        if (leading.releases(lock, from, release.requestId(), release.fencingToken(), release.attempt())) {
            leading.releaseHolder(lock);
            tryGrant(lock, context);
        }
    }

    /** Notes that {@code to} waits for {@code ack}; one answer per member and lock covers the largest token. */
    private void oweReleaseAck(NodeId to, Message.ReleaseAck ack) {
        releaseAcksOwed
                .computeIfAbsent(to, member -> new TreeMap<>())
                .merge(ack.lock(), ack, (owed, heard) -> heard.fencingToken() > owed.fencingToken() ? heard : owed);
    }

    /**
     * Answers the releases heard since the last tick, one cumulative {@link Message.ReleaseAck} per member and lock.
     * The holder repeats a release only a renewal period after sending it, and this tick comes a heartbeat period
     * (shorter) after it at most, so deferring the answer makes no release go out again on a network that delivers.
     */
    private void answerReleases(Context<Message, Timer> context) {
        releaseAcksOwed.forEach((member, acks) -> acks.values().forEach(ack -> context.send(member, ack)));
        releaseAcksOwed.clear();
    }

    // ---- the member's side of the locks -------------------------------------------------------------------------

    private void sendAttempt(String lock, LockClient client, Context<Message, Timer> context) {
        long now = now(context);
        if (leader == null) {
            client.deferred(now);
            return;
        }
        long attempt = client.newAttempt(++attempts, now, now - settings.grantLeaseOnHolderClock());
        sendTo(leader, new Message.Acquire(lock, client.current(), attempt), context);
    }

    private void granted(NodeId from, Message.Grant grant, Context<Message, Timer> context) {
        if (grant.term() > term) {
            adopt(grant.term(), context);
        }
        String lock = grant.lock();
        long requestId = grant.requestId();
        LockClient client = clients.get(lock);
        if (grant.term() < term || client == null || client.current() != requestId) {
            // A stale grant: hand it back.
            sendTo(from, new Message.Release(lock, requestId, grant.fencingToken(), grant.attempt()), context);
            return;
        }
        Long sentAt = client.sentAt(grant.attempt());
        if (client.inside()) {
            if (grant.fencingToken() == client.fencingToken() && grant.term() == client.grantTerm()) {
                if (sentAt != null) {
                    extendGrant(lock, client, sentAt + settings.grantLeaseOnHolderClock(), context); // sent again
                }
            } else if (grant.fencingToken() != client.fencingToken()) {
                sendTo(from, new Message.Release(lock, requestId, grant.fencingToken(), grant.attempt()), context);
            }
            return;
        }
        long now = now(context);
        if (sentAt == null) {
            // It answers a send this member has forgotten (sent more than a lease ago, or before a restart): late.
            record(lock, new LateGrantIgnored(lock, requestId, grant.fencingToken(), -1), context);
            sendTo(from, new Message.Release(lock, requestId, grant.fencingToken(), grant.attempt()), context);
            return;
        }
        long until = sentAt + settings.grantLeaseOnHolderClock();
        if (until <= now) {
            record(lock, new LateGrantIgnored(lock, requestId, grant.fencingToken(), now - until), context);
            sendTo(from, new Message.Release(lock, requestId, grant.fencingToken(), grant.attempt()), context);
            return; // still asking: the next tick sends a fresh attempt
        }
        client.enter(from, grant.term(), grant.fencingToken(), until);
        context.setTimer(new Timer.GrantEnd(lock), until - now);
        record(lock, new CriticalSection.Entered(requestId, grant.fencingToken(), -1), context);
        leaseHeld(lock, client, context); // first, so the application knows the lease the moment it is granted
        deliver(lock, new MutexOutput.Granted(requestId, grant.fencingToken()), context);
    }

    private void renewed(Message.Renewed renewed, Context<Message, Timer> context) {
        if (renewed.term() > term) {
            adopt(renewed.term(), context);
            return;
        }
        LockClient client = clients.get(renewed.lock());
        if (client != null
                && client.inside()
                && client.current() == renewed.requestId()
                && client.fencingToken() == renewed.fencingToken()
                && client.grantTerm() == renewed.term()) {
            Long sentAt = client.sentAt(renewed.attempt());
            if (sentAt != null) {
                extendGrant(renewed.lock(), client, sentAt + settings.grantLeaseOnHolderClock(), context);
            }
        }
    }

    private void extendGrant(String lock, LockClient client, long until, Context<Message, Timer> context) {
        long before = client.expiresAt();
        client.extend(until);
        Timer end = new Timer.GrantEnd(lock);
        context.cancelTimer(end);
        context.setTimer(end, client.expiresAt() - now(context));
        if (client.expiresAt() > before) {
            leaseHeld(lock, client, context);
        }
    }

    /** Tells the application of a named lock how long its grant now lasts on this member's clock. */
    private void leaseHeld(String lock, LockClient client, Context<Message, Timer> context) {
        if (!lock.equals(DEFAULT_LOCK)) {
            context.deliver(new LeaseHeld(lock, client.current(), client.fencingToken(), client.expiresAt()));
        }
    }

    private void refused(NodeId from, Message.Refused refused, Context<Message, Timer> context) {
        if (refused.term() > term) {
            adopt(refused.term(), context);
        }
        LockClient client = clients.get(refused.lock());
        if (client != null
                && client.inside()
                && client.current() == refused.requestId()
                && client.fencingToken() == refused.fencingToken()) {
            lose(refused.lock(), client, "renewal refused by " + from, Optional.empty(), context);
        }
    }

    private void release(String lock, long requestId, Context<Message, Timer> context) {
        LockClient client = clients.get(lock);
        if (client == null) {
            return;
        }
        if (requestId == client.current() && client.inside()) {
            long token = client.fencingToken();
            long latest = client.latestAttempt();
            NodeId grantor = client.grantor();
            record(lock, new CriticalSection.Exited(requestId, token), context);
            deliver(lock, new MutexOutput.Released(requestId), context);
            finish(lock, client, context);
            sendRelease(lock, client, grantor, requestId, token, latest, context);
        } else if (requestId == client.current() && client.asking()) {
            deliver(lock, new MutexOutput.Released(requestId), context);
            NodeId askedOf = leader;
            long latest = client.latestAttempt();
            finish(lock, client, context);
            if (askedOf != null) {
                sendTo(askedOf, new Message.Release(lock, requestId, 0, latest), context); // withdraw
            }
        } else if (client.forgetLost(requestId) || client.dropWaiting(requestId)) {
            deliver(lock, new MutexOutput.Released(requestId), context);
        }
    }

    private void lose(
            String lock,
            LockClient client,
            String reason,
            Optional<Long> leaseEndedAt,
            Context<Message, Timer> context) {
        long requestId = client.current();
        long token = client.fencingToken();
        NodeId grantor = client.grantor();
        long latest = client.latestAttempt();
        record(lock, new CriticalSection.Exited(requestId, token), context);
        deliver(lock, new MutexOutput.Lost(requestId, reason, leaseEndedAt), context);
        client.markLost(requestId);
        finish(lock, client, context);
        // Lets a leader that can still hear this member move on before the grant's lease runs out on its clock.
        sendRelease(lock, client, grantor, requestId, token, latest, context);
    }

    /** Sends a release of a grant this member held, repeated until acknowledged (see LockClient.PendingRelease). */
    private void sendRelease(
            String lock,
            LockClient client,
            NodeId grantor,
            long requestId,
            long token,
            long latest,
            Context<Message, Timer> context) {
        if (!grantor.equals(context.self())) {
            client.releaseSent(grantor, requestId, token, latest, now(context));
        }
        sendTo(grantor, new Message.Release(lock, requestId, token, latest), context);
    }

    private void loseIfTermMoved(Context<Message, Timer> context) {
        for (String lock : List.copyOf(clients.keySet())) {
            LockClient client = clients.get(lock);
            if (client.inside() && client.grantTerm() < term) {
                lose(lock, client, "term " + term + " began", Optional.empty(), context);
            }
        }
    }

    /** Ends the current request of {@code lock} and starts asking for its next waiting one, if any. */
    private void finish(String lock, LockClient client, Context<Message, Timer> context) {
        context.cancelTimer(new Timer.GrantEnd(lock));
        if (client.finish() != LockClient.NONE) {
            sendAttempt(lock, client, context);
        }
    }

    /** The default lock's outputs are plain mutex outputs (the catalog's single lock); others carry their name. */
    private static void deliver(String lock, MutexOutput output, Context<Message, Timer> context) {
        context.deliver(lock.equals(DEFAULT_LOCK) ? output : new NamedLocks.Output(lock, output));
    }

    /** Trace records likewise: a named lock's entries must not count as entries to the default lock. */
    private static void record(String lock, Object event, Context<Message, Timer> context) {
        context.record(lock.equals(DEFAULT_LOCK) ? event : new NamedLocks.NamedEvent(lock, event));
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    private void sendTo(NodeId to, Message message, Context<Message, Timer> context) {
        if (to.equals(context.self())) {
            handle(to, message, context);
        } else {
            context.send(to, message);
        }
    }

    private static long now(Context<?, ?> context) {
        return context.localTimeNanos();
    }

    private static int majority(Context<?, ?> context) {
        return context.members().size() / 2 + 1;
    }

    // ---- state, for checkers, tests and the runtime -------------------------------------------------------------

    private static final LockClient NO_CLIENT = new LockClient(0);

    private LockClient clientOf(String lock) {
        return clients.getOrDefault(lock, NO_CLIENT);
    }

    /** Whether this member is inside the critical section of {@link #DEFAULT_LOCK}. */
    @Override
    public boolean inCriticalSection() {
        return clientOf(DEFAULT_LOCK).inside();
    }

    /**
     * Whether this member may act as holder of {@link #DEFAULT_LOCK} when its clock reads {@code localNanos}:
     * inside, and its grant's lease not over on its clock. An application checks this before each use of the
     * resource; a member that was paused may still be inside until its next handler runs, but its lease tells it
     * not to act.
     *
     * @param localNanos the reading of this member's clock (the context's local time) at the intended use
     * @return true only if the member is inside and its lease still runs at {@code localNanos}
     */
    public boolean holdsAt(long localNanos) {
        return holdsAt(DEFAULT_LOCK, localNanos);
    }

    /**
     * {@link #holdsAt(long)} for the lock {@code lock}.
     *
     * @param lock the lock's name
     * @param localNanos the reading of this member's clock at the intended use
     * @return true only if the member is inside {@code lock} and that grant's lease still runs at
     *     {@code localNanos}
     */
    public boolean holdsAt(String lock, long localNanos) {
        LockClient client = clientOf(lock);
        return client.inside() && localNanos < client.expiresAt();
    }

    /** When the held grant's lease ends on this member's clock (meaningful while {@link #inCriticalSection()}). */
    long grantExpiresAt() {
        return grantExpiresAt(DEFAULT_LOCK);
    }

    /** {@link #grantExpiresAt()} for the lock {@code lock}. */
    long grantExpiresAt(String lock) {
        return clientOf(lock).expiresAt();
    }

    /**
     * The fencing token of the held grant of {@link #DEFAULT_LOCK}, or 0.
     *
     * @return the token to pass to the resource with each use, or 0 when this member is not inside
     */
    public long fencingToken() {
        return fencingToken(DEFAULT_LOCK);
    }

    /**
     * The fencing token of the held grant of {@code lock}, or 0.
     *
     * @param lock the lock's name
     * @return the token to pass to the resource with each use, or 0 when this member is not inside {@code lock}
     */
    public long fencingToken(String lock) {
        LockClient client = clientOf(lock);
        return client.inside() ? client.fencingToken() : 0;
    }

    /**
     * The names of the locks this member is inside of, in order.
     *
     * @return the held locks sorted by name, {@link #DEFAULT_LOCK} first when held; a lock whose lease ran out
     *     during a pause stays listed until the next handler runs
     */
    public List<String> heldLocks() {
        List<String> held = new ArrayList<>();
        clients.forEach((lock, client) -> {
            if (client.inside()) {
                held.add(lock);
            }
        });
        return held;
    }

    /**
     * How many locks this member keeps state for: as requester or holder, and as leader (a lock with a holder or
     * a waiter). Idle locks are forgotten, so this follows the locks in use.
     *
     * @return the lock states held now, as requester and as leader (a lock in both counts twice)
     */
    public int locksInMemory() {
        return clients.size() + (leading == null ? 0 : leading.locksInMemory());
    }

    /**
     * Whether this member leads now: it won its term and its lease is valid at {@code localNanos}.
     *
     * @param localNanos the reading of this member's clock at which the leadership would be used
     * @return true only while a majority's promises back this member's leadership at {@code localNanos}
     */
    public boolean leadsAt(long localNanos) {
        return leading != null && leading.announced() && leading.leaseValid(localNanos);
    }

    /** Until when (its clock) this member leads: the end of its lease, or Long.MIN_VALUE when it does not lead. */
    long leadershipEndsAt() {
        return leading != null && leading.announced() ? leading.leaseUntil() : Long.MIN_VALUE;
    }

    /** The requests of other members the leader queues (empty at other members), for tests and diagrams. */
    List<NodeId> queued() {
        return leading == null ? List.of() : leading.queued();
    }

    /** The member this one voted for in its current term, as stable storage has it (empty: no vote yet). */
    Optional<NodeId> votedFor() {
        return Optional.ofNullable(votedFor);
    }

    /**
     * The timing this member runs with.
     *
     * @return the settings given at construction
     */
    public LeaseSettings settings() {
        return settings;
    }

    @Override
    public Optional<NodeId> coordinator() {
        if (role == Role.LEADER) {
            return leading.announced() ? Optional.of(leader) : Optional.empty();
        }
        return Optional.ofNullable(leader);
    }

    @Override
    public long term() {
        return term;
    }

    @Override
    public LeaseLock copy() {
        return new LeaseLock(
                settings,
                term,
                votedFor,
                role,
                leader,
                heardAt,
                votingAllowedAt,
                new TreeSet<>(votes),
                leading == null ? null : leading.copy(),
                copies(),
                attempts,
                owedCopies());
    }

    private TreeMap<NodeId, TreeMap<String, Message.ReleaseAck>> owedCopies() {
        TreeMap<NodeId, TreeMap<String, Message.ReleaseAck>> copies = new TreeMap<>();
        releaseAcksOwed.forEach((member, acks) -> copies.put(member, new TreeMap<>(acks)));
        return copies;
    }

    private TreeMap<String, LockClient> copies() {
        TreeMap<String, LockClient> copies = new TreeMap<>();
        clients.forEach((lock, client) -> copies.put(lock, client.copy()));
        return copies;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LeaseLock that
                && settings.equals(that.settings)
                && term == that.term
                && Objects.equals(votedFor, that.votedFor)
                && role == that.role
                && Objects.equals(leader, that.leader)
                && heardAt == that.heardAt
                && votingAllowedAt == that.votingAllowedAt
                && votes.equals(that.votes)
                && Objects.equals(leading, that.leading)
                && clients.equals(that.clients)
                && attempts == that.attempts
                && releaseAcksOwed.equals(that.releaseAcksOwed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                settings,
                term,
                votedFor,
                role,
                leader,
                heardAt,
                votingAllowedAt,
                votes,
                leading,
                clients,
                attempts,
                releaseAcksOwed);
    }

    @Override
    public String toString() {
        return "LeaseLock{term=" + term + ", " + role + (leader == null ? "" : " of " + leader)
                + (votedFor == null ? "" : ", voted " + votedFor) + ", " + clients
                + (leading == null ? "" : ", " + leading) + "}";
    }
}
