package dev.synchrony.mutex;

import dev.synchrony.core.Context;
import dev.synchrony.core.LayeredContext;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.detector.FailureDetector;
import dev.synchrony.detector.Suspected;
import dev.synchrony.election.BullyElection;
import dev.synchrony.election.BullyMessage;
import dev.synchrony.election.BullyTimer;
import dev.synchrony.election.LeaderElected;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Centralized mutual exclusion whose coordinator is elected (the lecture's "Centralized Algorithm" with its single
 * point of failure removed by "Election by Bullying"): every process embeds a {@link BullyElection}, and the
 * process it names coordinator grants, queues and grants the next on release, as {@link CentralizedMutex} does.
 * When the coordinator crashes, the bully election's {@link dev.synchrony.detector.FailureDetector} notices, the
 * heaviest live process takes over, and the lock service goes on.
 *
 * <p>Recovery phase: a new coordinator knows nothing of the grants of its predecessor, so it grants nothing until
 * it has learnt the state of the group. It sends {@link Message.Query} to every other member and waits until each
 * has answered with a {@link Message.Report} (inside the critical section with request r and token t, asking for r,
 * or idle) or is suspected by a failure detector that watches the silent ones. A reported holder keeps its grant
 * (the coordinator adopts it and sends {@link Message.Confirm}); reported requests are queued in the order their
 * reports came. Only then is the next request granted.
 *
 * <p>Terms fence old coordinators: every process keeps {@code fence}, the largest coordinator term it has seen (its
 * election's, or one on a query, grant or confirmation). A grant of an older term than the fence is handed back and
 * never entered. Every live member answers the query before the new coordinator's first grant, so after that no
 * live member enters on a grant of a deposed coordinator. A report carrying a term larger than the querying
 * coordinator's stops that coordinator's recovery: it is stale and the election will depose it.
 *
 * <p>Fencing tokens: {@code max(term << 32, largest token any member reported) + 1, + 2, ...}. Terms of the bully
 * election increase with each coordinator, and the reports carry the largest token each member saw, so tokens
 * strictly increase across coordinators.
 *
 * <p>Lost grants: a holder whose grant is not backed by its current coordinator (the coordinator is suspected, or
 * a new one was elected and has neither queried nor confirmed it) starts a deadline of {@code lostTimeoutNanos};
 * if it is still not backed then, it leaves the critical section and tells the application
 * {@link MutexOutput.Lost}. Answering a new coordinator's query backs the grant (that coordinator adopts the
 * reported holder), so the deadline only has to cover detection, election and one query, not the recovery. The application's later {@link MutexCommand.Release} of that request is answered with
 * {@link MutexOutput.Released}.
 *
 * <p>Contract and limits: reliable channels (the reliable link layer on a faulty network); crash failures. Safety
 * across a coordinator crash rests on timing, as any lock with a failure detector does: a live holder that the new
 * coordinator suspects (its report did not come within the detector timeout) must give its grant up before the
 * new coordinator grants again, so {@code lostTimeoutNanos} should be below the detector timeout (the longest a
 * recovery waits for a silent member) by more than a heartbeat interval and a transit; and a
 * crashed holder (as opposed to a crashed coordinator) is not detected: its grant blocks the lock, as in
 * {@link CentralizedMutex}.
 *
 * <p>Invariants: at most one coordinator per term, and a coordinator grants only outside its recovery phase and to
 * at most one holder; a process is inside only between an accepted grant (or adoption) and its release or loss;
 * {@code fence} never decreases. Value semantics per {@link Node}: {@code copy}, {@code equals} and {@code hashCode}
 * cover the election and all mutex state; collections are ordered.
 *
 * <p>Source: the lecture, "Centralized Algorithm" and "Election by Bullying"; the recovery phase follows the
 * usual treatment of a coordinator take-over (the new coordinator rebuilds its state from the survivors), and the
 * fencing tokens follow Kleppmann's "How to do distributed locking" (2016).
 */
public final class FailoverMutex
        implements Node<FailoverMutex.Message, FailoverMutex.Timer, MutexCommand>, MutexParticipant {

    /** The protocol; {@code term} is the coordinator term the sender acts in (or knows, for a report). */
    public sealed interface Message {
        /**
         * A message of the embedded bully election.
         *
         * @param inner the election's own message, carried unchanged on the mutex's links
         */
        record Election(BullyMessage inner) implements Message {}

        /**
         * Permission wanted for the sender's request.
         *
         * @param term the sender's fence when it asked (for traces: a coordinator queues a request whatever its
         *     term, since an asker cannot know which coordinator it will reach)
         * @param requestId the sender's number for the request; with the sender it names the coordinator's ticket
         */
        record Request(long term, long requestId) implements Message {}

        /**
         * Permission granted by the coordinator of {@code term}.
         *
         * @param term the granting coordinator's term; a grant older than the receiver's fence is handed back
         * @param requestId the request the grant answers
         * @param fencingToken the token the holder passes on to the resource, above every token of earlier terms
         */
        record Grant(long term, long requestId, long fencingToken) implements Message {}

        /**
         * The sender is done with (or withdraws, or hands back) {@code requestId}.
         *
         * @param term the sender's fence, or the term of the grant it hands back
         * @param requestId the request that ends, whether held or still queued
         */
        record Release(long term, long requestId) implements Message {}

        /**
         * A new coordinator asks for the member's state before it grants anything.
         *
         * @param term the new coordinator's term, which the member raises its fence to
         */
        record Query(long term) implements Message {}

        /**
         * The answer to a {@link Query}: what the querying coordinator needs to rebuild its holder and queue.
         *
         * @param term the term of the query answered; a report for another term is ignored
         * @param knownTerm the sender's fence; above the querying coordinator's term it tells that coordinator it is
         *     stale
         * @param requestId the sender's current request, or -1 when it has none
         * @param inside whether the sender holds the grant of {@code requestId} (else it waits for one)
         * @param fencingToken the token of the held grant, or -1 when not inside
         * @param maxToken the largest token the sender has seen, so that the new coordinator's tokens start above
         */
        record Report(long term, long knownTerm, long requestId, boolean inside, long fencingToken, long maxToken)
                implements Message {}

        /**
         * The coordinator of {@code term} backs the holder's grant of {@code requestId}.
         *
         * @param term the confirming coordinator's term; the holder keeps its grant only if it is not older than its
         *     fence
         * @param requestId the grant the coordinator adopted; a member no longer inside it hands it back
         */
        record Confirm(long term, long requestId) implements Message {}
    }

    /** The timers; each names what it belongs to, so a stale firing is ignored. */
    public sealed interface Timer {
        /**
         * A timer of the embedded bully election.
         *
         * @param inner the election's own timer, handed back to it when it fires
         */
        record Election(BullyTimer inner) implements Timer {}

        /**
         * While the coordinator of {@code term} recovers: check who has gone silent.
         *
         * @param term the recovery it belongs to; a tick of a term this process no longer coordinates is ignored
         */
        record RecoveryTick(long term) implements Timer {}

        /**
         * The holder of {@code requestId} gives it up unless a coordinator has backed it by then.
         *
         * @param requestId the grant the deadline watches; ignored if the process has left that grant meanwhile
         */
        record LostDeadline(long requestId) implements Timer {}
    }

    /**
     * Recorded when a coordinator starts learning the group's state.
     *
     * @param term the term it coordinates
     */
    public record RecoveryStarted(long term) {}

    /**
     * Recorded when a coordinator may grant again.
     *
     * @param term the term it coordinates
     * @param holder the holder it adopted from the reports, or null when no live member reported a grant
     * @param queued the requesters it queued, in the order it will grant them
     */
    public record RecoveryFinished(long term, NodeId holder, List<NodeId> queued) {}

    /** A request the coordinator holds or queues. */
    record Ticket(NodeId node, long requestId, long fencingToken) {
        boolean same(NodeId otherNode, long otherRequestId) {
            return node.equals(otherNode) && requestId == otherRequestId;
        }
    }

    private static final long NONE = LocalRequests.NONE;

    private final BullyElection.Settings settings;
    private final long lostTimeoutNanos;
    private final BullyElection election;
    private final LocalRequests requests;
    // Member state.
    private long fence;
    private long heldTerm;
    private long reportedTerm;
    private long maxToken;
    private boolean lostArmed;
    private long lostRequest = NONE;
    private NodeId followedLeader;
    private long followedTerm;
    // Requests and releases made while no coordinator was known: sent to the next one followed.
    private final ArrayDeque<Message> outbox;
    // Coordinator state (coordTerm 0: not coordinator).
    private long coordTerm;
    private boolean recovering;
    private final TreeSet<NodeId> pending;
    private final FailureDetector recoveryDetector;
    private Ticket holder;
    private final ArrayDeque<Ticket> queue;
    private long lastToken;
    // Releases that reached a recovering coordinator before the report of the grant they end (no FIFO between
    // a member's report and its release on a network that reorders).
    private final ArrayDeque<Ticket> earlyReleases;

    /**
     * A process of the lock service; every member runs one, with the same settings.
     *
     * @param self this process's id, which the bully election weighs (the heaviest live process coordinates)
     * @param settings the election's timing; its heartbeat and detector timeout also pace the recovery phase
     * @param presumedCoordinator the coordinator believed in at first start (null: elect one at start)
     * @param lostTimeoutNanos how long a holder keeps a grant no coordinator backs before it reports it lost
     */
    public FailoverMutex(
            NodeId self, BullyElection.Settings settings, NodeId presumedCoordinator, long lostTimeoutNanos) {
        if (lostTimeoutNanos <= 0) {
            throw new IllegalArgumentException("lost timeout must be positive, got " + lostTimeoutNanos);
        }
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lostTimeoutNanos = lostTimeoutNanos;
        this.election = new BullyElection(self, settings, presumedCoordinator);
        this.requests = new LocalRequests();
        this.pending = new TreeSet<>();
        this.recoveryDetector = new FailureDetector(settings.heartbeatIntervalNanos(), settings.detectorTimeoutNanos());
        this.queue = new ArrayDeque<>();
        this.earlyReleases = new ArrayDeque<>();
        this.outbox = new ArrayDeque<>();
    }

    private FailoverMutex(FailoverMutex other) {
        this.settings = other.settings;
        this.lostTimeoutNanos = other.lostTimeoutNanos;
        this.election = other.election.copy();
        this.requests = other.requests.copy();
        this.fence = other.fence;
        this.heldTerm = other.heldTerm;
        this.reportedTerm = other.reportedTerm;
        this.maxToken = other.maxToken;
        this.lostArmed = other.lostArmed;
        this.lostRequest = other.lostRequest;
        this.followedLeader = other.followedLeader;
        this.followedTerm = other.followedTerm;
        this.coordTerm = other.coordTerm;
        this.recovering = other.recovering;
        this.pending = new TreeSet<>(other.pending);
        this.recoveryDetector = other.recoveryDetector.copy();
        this.holder = other.holder;
        this.queue = new ArrayDeque<>(other.queue);
        this.lastToken = other.lastToken;
        this.earlyReleases = new ArrayDeque<>(other.earlyReleases);
        this.outbox = new ArrayDeque<>(other.outbox);
    }

    @Override
    public void onStart(Context<Message, Timer> context) {
        election.onStart(new ElectionContext(context));
        sync(context);
    }

    @Override
    public void onCommand(MutexCommand command, Context<Message, Timer> context) {
        switch (command) {
            case MutexCommand.Acquire acquire -> {
                if (requests.offer(acquire.requestId())) {
                    toCoordinator(new Message.Request(fence, acquire.requestId()), context);
                }
            }
            case MutexCommand.Release release -> {
                if (release.requestId() == lostRequest) {
                    lostRequest = NONE;
                    context.deliver(new MutexOutput.Released(release.requestId()));
                    return;
                }
                switch (requests.release(release.requestId())) {
                    case LEAVE -> leave(context);
                    case DROPPED_WAITING -> context.deliver(new MutexOutput.Released(release.requestId()));
                    case CANCEL_CURRENT, UNKNOWN -> {
                        // A cancelled request leaves as soon as its grant arrives; an unknown one is ignored.
                    }
                }
            }
        }
    }

    @Override
    public void onMessage(NodeId from, Message message, Context<Message, Timer> context) {
        if (recovering) {
            recoveryDetector.heardFrom(from, context.localTimeNanos());
        }
        switch (message) {
            case Message.Election wrapped -> election.onMessage(from, wrapped.inner(), new ElectionContext(context));
            case Message.Request request -> coordinatorReceives(from, request, context);
            case Message.Release release -> coordinatorReceives(from, release, context);
            case Message.Report report -> coordinatorReceives(from, report, context);
            case Message.Grant grant -> granted(from, grant, context);
            case Message.Query query -> {
                fence = Math.max(fence, query.term());
                boolean inside = requests.inside();
                if (inside) {
                    reportedTerm = query.term(); // the querying coordinator adopts us as holder
                }
                context.send(
                        from,
                        new Message.Report(
                                query.term(),
                                fence,
                                requests.current(),
                                inside,
                                inside ? requests.fencingToken() : NONE,
                                maxToken));
            }
            case Message.Confirm confirm -> confirmed(from, confirm, context);
        }
        sync(context);
    }

    @Override
    public void onTimer(Timer timer, Context<Message, Timer> context) {
        switch (timer) {
            case Timer.Election wrapped -> election.onTimer(wrapped.inner(), new ElectionContext(context));
            case Timer.RecoveryTick tick -> {
                if (recovering && tick.term() == coordTerm) {
                    for (NodeId peer : recoveryDetector.check(context.localTimeNanos())) {
                        if (pending.remove(peer)) {
                            context.record(new Suspected(peer)); // presumed crashed: it has no grant to keep
                        }
                    }
                    if (pending.isEmpty()) {
                        finishRecovery(context);
                    } else {
                        context.setTimer(tick, settings.heartbeatIntervalNanos());
                    }
                }
            }
            case Timer.LostDeadline deadline -> {
                lostArmed = false;
                if (requests.inside() && requests.current() == deadline.requestId() && !backed()) {
                    lose(context);
                }
            }
        }
        sync(context);
    }

    /** Reacts to what the election decided: coordinator changes, and grants no coordinator backs any more. */
    private void sync(Context<Message, Timer> context) {
        Optional<NodeId> leader = election.coordinator();
        long term = election.term();
        fence = Math.max(fence, term);
        boolean leading = leader.isPresent() && leader.get().equals(context.self());
        // A coordinator that has seen a larger term (a heavier process's query, say) stops granting at once,
        // before its election hears the victory that deposes it.
        if (coordTerm != 0 && !(leading && term == coordTerm && term >= fence)) {
            stepDown();
        }
        if (leading && coordTerm != term && term >= fence) {
            becomeCoordinator(term, context);
        }
        if (leader.isEmpty()) {
            followedLeader = null; // the same coordinator may come back with the same term after a false suspicion
        } else if (!leader.get().equals(followedLeader) || term != followedTerm) {
            followedLeader = leader.get();
            followedTerm = term;
            // A new coordinator would learn a waiting request in its recovery, but one that comes back after a
            // false suspicion holds none: hand it what was kept meanwhile, and ask again (duplicates are ignored).
            while (!outbox.isEmpty()) {
                toCoordinator(outbox.poll(), context);
            }
            if (requests.asking()) {
                toCoordinator(new Message.Request(fence, requests.current()), context);
            }
        }
        if (requests.inside() && !backed() && !lostArmed) {
            lostArmed = true;
            context.setTimer(new Timer.LostDeadline(requests.current()), lostTimeoutNanos);
        } else if (requests.inside() && backed() && lostArmed) {
            lostArmed = false;
            context.cancelTimer(new Timer.LostDeadline(requests.current()));
        }
    }

    /** Whether the current coordinator vouches for this process's grant. */
    private boolean backed() {
        long term = election.term();
        return election.coordinator().isPresent() && (heldTerm == term || reportedTerm == term);
    }

    private void stepDown() {
        coordTerm = 0;
        recovering = false;
        pending.clear();
        recoveryDetector.clear();
        holder = null;
        queue.clear();
        lastToken = 0;
        earlyReleases.clear();
    }

    private void becomeCoordinator(long term, Context<Message, Timer> context) {
        stepDown();
        coordTerm = term;
        recovering = true;
        context.record(new RecoveryStarted(term));
        if (requests.inside()) {
            holder = new Ticket(context.self(), requests.current(), requests.fencingToken());
            heldTerm = term;
        } else if (requests.asking()) {
            queue.add(new Ticket(context.self(), requests.current(), NONE));
        }
        for (NodeId member : context.members()) {
            if (!member.equals(context.self())) {
                pending.add(member);
                recoveryDetector.watch(member, context.localTimeNanos());
                context.send(member, new Message.Query(term));
            }
        }
        if (pending.isEmpty()) {
            finishRecovery(context);
        } else {
            context.setTimer(new Timer.RecoveryTick(term), settings.heartbeatIntervalNanos());
        }
    }

    private void finishRecovery(Context<Message, Timer> context) {
        recovering = false;
        recoveryDetector.clear();
        earlyReleases.clear();
        lastToken = Math.max(coordTerm << 32, maxToken);
        context.record(new RecoveryFinished(
                coordTerm,
                holder == null ? null : holder.node(),
                queue.stream().map(Ticket::node).toList()));
        if (holder != null && !holder.node().equals(context.self())) {
            context.send(holder.node(), new Message.Confirm(coordTerm, holder.requestId()));
        } else if (holder == null) {
            grantNext(context);
        }
    }

    private void toCoordinator(Message message, Context<Message, Timer> context) {
        Optional<NodeId> leader = election.coordinator();
        if (leader.isEmpty()) {
            outbox.add(message); // sent to whichever coordinator is followed next
            return;
        }
        if (leader.get().equals(context.self())) {
            coordinatorReceives(context.self(), message, context);
        } else {
            context.send(leader.get(), message);
        }
    }

    private void coordinatorReceives(NodeId from, Message message, Context<Message, Timer> context) {
        if (coordTerm == 0) {
            return; // only the coordinator answers; a member re-asks whoever is elected
        }
        switch (message) {
            case Message.Request request -> {
                if (isHolder(from, request.requestId()) || queued(from, request.requestId())) {
                    return;
                }
                queue.add(new Ticket(from, request.requestId(), NONE));
                if (!recovering && holder == null) {
                    grantNext(context);
                }
            }
            case Message.Release release -> {
                if (isHolder(from, release.requestId())) {
                    holder = null;
                    if (!recovering) {
                        grantNext(context);
                    }
                } else if (!queue.removeIf(ticket -> ticket.same(from, release.requestId())) && recovering) {
                    earlyReleases.add(new Ticket(from, release.requestId(), NONE));
                }
            }
            case Message.Report report -> {
                if (!recovering || report.term() != coordTerm || !pending.contains(from)) {
                    return;
                }
                if (report.knownTerm() > coordTerm) {
                    return; // we are stale: never finish, the election will depose us
                }
                pending.remove(from);
                maxToken = Math.max(maxToken, report.maxToken());
                boolean released = earlyReleases.removeIf(ticket -> ticket.same(from, report.requestId()));
                if (report.requestId() != NONE && !released) {
                    if (report.inside() && holder == null) {
                        holder = new Ticket(from, report.requestId(), report.fencingToken());
                        maxToken = Math.max(maxToken, report.fencingToken());
                    } else if (!report.inside() && !queued(from, report.requestId())) {
                        queue.add(new Ticket(from, report.requestId(), NONE));
                    }
                }
                if (pending.isEmpty()) {
                    finishRecovery(context);
                }
            }
            default -> {
                // Grants, queries and confirmations go from the coordinator only.
            }
        }
    }

    private boolean isHolder(NodeId node, long requestId) {
        return holder != null && holder.same(node, requestId);
    }

    private boolean queued(NodeId node, long requestId) {
        for (Ticket ticket : queue) {
            if (ticket.same(node, requestId)) {
                return true;
            }
        }
        return false;
    }

    private void grantNext(Context<Message, Timer> context) {
        Ticket next = queue.poll();
        if (next == null) {
            return;
        }
        long token = ++lastToken;
        holder = new Ticket(next.node(), next.requestId(), token);
        Message.Grant grant = new Message.Grant(coordTerm, next.requestId(), token);
        if (next.node().equals(context.self())) {
            granted(context.self(), grant, context);
        } else {
            context.send(next.node(), grant);
        }
    }

    private void granted(NodeId from, Message.Grant grant, Context<Message, Timer> context) {
        fence = Math.max(fence, election.term());
        boolean wanted = requests.asking() && requests.current() == grant.requestId();
        if (!wanted || grant.term() < fence) {
            if (!(requests.inside() && requests.current() == grant.requestId())) {
                handBack(from, grant.term(), grant.requestId(), context); // stale or fenced off
            }
            return;
        }
        fence = grant.term();
        heldTerm = grant.term();
        maxToken = Math.max(maxToken, grant.fencingToken());
        long requestId = requests.current();
        requests.enter(grant.fencingToken());
        context.record(new CriticalSection.Entered(requestId, grant.fencingToken(), -1));
        if (requests.cancelled()) {
            leave(context);
            return;
        }
        context.deliver(new MutexOutput.Granted(requestId, grant.fencingToken()));
    }

    private void confirmed(NodeId from, Message.Confirm confirm, Context<Message, Timer> context) {
        fence = Math.max(fence, confirm.term());
        if (requests.inside() && requests.current() == confirm.requestId() && confirm.term() >= fence) {
            heldTerm = confirm.term();
        } else {
            handBack(from, confirm.term(), confirm.requestId(), context); // adopted after we lost or left it
        }
    }

    private void handBack(NodeId to, long term, long requestId, Context<Message, Timer> context) {
        Message.Release release = new Message.Release(term, requestId);
        if (to.equals(context.self())) {
            coordinatorReceives(to, release, context);
        } else {
            context.send(to, release);
        }
    }

    private void leave(Context<Message, Timer> context) {
        long requestId = requests.current();
        context.record(new CriticalSection.Exited(requestId, requests.fencingToken()));
        context.deliver(new MutexOutput.Released(requestId));
        finishAndAskNext(requestId, context);
    }

    private void lose(Context<Message, Timer> context) {
        long requestId = requests.current();
        context.record(new CriticalSection.Exited(requestId, requests.fencingToken()));
        context.deliver(new MutexOutput.Lost(
                requestId, "no coordinator confirmed the grant within " + lostTimeoutNanos / 1_000_000 + " ms"));
        lostRequest = requestId;
        finishAndAskNext(requestId, context);
    }

    private void finishAndAskNext(long requestId, Context<Message, Timer> context) {
        if (lostArmed) {
            lostArmed = false;
            context.cancelTimer(new Timer.LostDeadline(requestId));
        }
        heldTerm = 0;
        reportedTerm = 0;
        long next = requests.finish();
        toCoordinator(new Message.Release(fence, requestId), context);
        if (next != NONE) {
            toCoordinator(new Message.Request(fence, next), context);
        }
    }

    @Override
    public boolean inCriticalSection() {
        return requests.inside();
    }

    /** The coordinator this process follows, if any (empty while an election runs). */
    Optional<NodeId> coordinator() {
        return election.coordinator();
    }

    /**
     * The term of the coordinator this process follows (the high bits of its fencing tokens).
     *
     * @return the election's current term; it never decreases
     */
    public long term() {
        return election.term();
    }

    /** Whether this process is the coordinator and still learning the group's state. */
    boolean recovering() {
        return recovering;
    }

    /** The coordinator's queue (empty at other processes), for tests. */
    List<NodeId> queued() {
        return queue.stream().map(Ticket::node).toList();
    }

    @Override
    public FailoverMutex copy() {
        return new FailoverMutex(this);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = election.displayState();
        state.putFirst("mutex", requests.mutexState());
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FailoverMutex that
                && settings.equals(that.settings)
                && lostTimeoutNanos == that.lostTimeoutNanos
                && election.equals(that.election)
                && requests.equals(that.requests)
                && fence == that.fence
                && heldTerm == that.heldTerm
                && reportedTerm == that.reportedTerm
                && maxToken == that.maxToken
                && lostArmed == that.lostArmed
                && lostRequest == that.lostRequest
                && Objects.equals(followedLeader, that.followedLeader)
                && followedTerm == that.followedTerm
                && coordTerm == that.coordTerm
                && recovering == that.recovering
                && pending.equals(that.pending)
                && recoveryDetector.equals(that.recoveryDetector)
                && Objects.equals(holder, that.holder)
                && List.copyOf(queue).equals(List.copyOf(that.queue))
                && lastToken == that.lastToken
                && List.copyOf(earlyReleases).equals(List.copyOf(that.earlyReleases))
                && List.copyOf(outbox).equals(List.copyOf(that.outbox));
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                settings,
                lostTimeoutNanos,
                election,
                requests,
                fence,
                heldTerm,
                reportedTerm,
                maxToken,
                lostArmed,
                lostRequest,
                followedLeader,
                followedTerm,
                coordTerm,
                recovering,
                List.copyOf(pending),
                recoveryDetector,
                holder,
                List.copyOf(queue),
                lastToken,
                List.copyOf(earlyReleases),
                List.copyOf(outbox));
    }

    @Override
    public String toString() {
        return "FailoverMutex{" + election + ", " + requests + ", fence=" + fence
                + (coordTerm == 0
                        ? ""
                        : ", coordinating term " + coordTerm
                                + (recovering ? " (recovering, pending " + pending + ")" : "") + ", holder=" + holder
                                + ", queue=" + queue)
                + "}";
    }

    /** The context the embedded election sees: its messages and timers are wrapped, its outputs kept inside. */
    private static final class ElectionContext extends LayeredContext<BullyMessage, BullyTimer> {
        private final Context<Message, Timer> outer;

        ElectionContext(Context<Message, Timer> outer) {
            super(outer);
            this.outer = outer;
        }

        @Override
        public void send(NodeId to, BullyMessage message) {
            outer.send(to, new Message.Election(message));
        }

        @Override
        public void setTimer(BullyTimer timer, long delayNanos) {
            outer.setTimer(new Timer.Election(timer), delayNanos);
        }

        @Override
        public void cancelTimer(BullyTimer timer) {
            outer.cancelTimer(new Timer.Election(timer));
        }

        @Override
        public void deliver(Object output) {
            if (output instanceof LeaderElected elected) {
                outer.record(elected); // the mutex reacts in sync(); the trace shows each new coordinator
            } else {
                outer.deliver(output);
            }
        }
    }
}
