package dev.synchrony.mutex;

import dev.synchrony.core.Context;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * Centralized mutual exclusion (the lecture, "Centralized Algorithm", figure a-b-c): one process is the
 * coordinator. A process asks it for permission ({@link Message.Request}); the coordinator grants at once when the
 * resource is free ({@link Message.Grant}), and otherwise does not reply but queues the request. On
 * {@link Message.Release} it grants the request at the head of its queue.
 *
 * <p>Contract: assumes reliable channels (run it over the reliable link layer on a faulty network) and a
 * coordinator that does not crash: it is the single point of failure the lecture names. Grants are served in the
 * order the coordinator received the requests (FIFO, so no starvation).
 *
 * <p>Invariants: the coordinator has at most one holder; a process is inside only between a {@code Grant} for
 * its current request and its {@code Release}. The fencing token is the coordinator's grant counter, so it strictly
 * increases from grant to grant.
 *
 * <p>Costs (uncontended): 3 messages per entry and exit (request, grant, release), 2 message transit times
 * before entry. The coordinator's own requests are served locally without messages.
 *
 * <p>Robustness against duplicated or stale messages: a grant for a request the node no longer wants is handed
 * back at once with a release; the coordinator ignores a request it already holds or queues.
 */
public final class CentralizedMutex implements Node<CentralizedMutex.Message, NoTimer, MutexCommand>, MutexParticipant {

    /** The protocol between the processes and the coordinator. */
    public sealed interface Message {
        /**
         * Permission wanted for the sender's request {@code requestId}.
         *
         * @param requestId the requester's number for the request; with the sender it names the request in the
         *     coordinator's queue, so a duplicate is not queued twice
         */
        record Request(long requestId) implements Message {}

        /**
         * Permission granted.
         *
         * @param requestId the request the grant answers; a requester that no longer wants it hands it back
         * @param fencingToken the coordinator's grant number, which the holder passes on to the resource
         */
        record Grant(long requestId, long fencingToken) implements Message {}

        /**
         * The sender is done with (or withdraws) {@code requestId}.
         *
         * @param requestId the request that ends: the holder's, which frees the resource, or a queued one, which
         *     leaves the queue
         */
        record Release(long requestId) implements Message {}
    }

    /** A request the coordinator holds or queues. */
    record Ticket(NodeId node, long requestId) {}

    private final NodeId coordinator;
    private final LocalRequests requests;
    // Coordinator state (used only by the coordinator).
    private Ticket holder;
    private final ArrayDeque<Ticket> queue;
    private long grants;

    /**
     * A process of the group whose coordinator is {@code coordinator}; every member must be given the same one.
     *
     * @param coordinator the member that grants, queues and is told of releases; it must be a member (checked at
     *     start)
     */
    public CentralizedMutex(NodeId coordinator) {
        this(coordinator, new LocalRequests(), null, new ArrayDeque<>(), 0);
    }

    private CentralizedMutex(
            NodeId coordinator, LocalRequests requests, Ticket holder, ArrayDeque<Ticket> queue, long grants) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.requests = requests;
        this.holder = holder;
        this.queue = queue;
        this.grants = grants;
    }

    @Override
    public void onStart(Context<Message, NoTimer> context) {
        if (!context.members().contains(coordinator)) {
            throw new IllegalArgumentException("coordinator " + coordinator + " is not a member");
        }
    }

    @Override
    public void onCommand(MutexCommand command, Context<Message, NoTimer> context) {
        switch (command) {
            case MutexCommand.Acquire acquire -> {
                if (requests.offer(acquire.requestId())) {
                    toCoordinator(new Message.Request(acquire.requestId()), context);
                }
            }
            case MutexCommand.Release release -> {
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
    public void onMessage(NodeId from, Message message, Context<Message, NoTimer> context) {
        switch (message) {
            case Message.Request request -> coordinatorReceives(from, request, context);
            case Message.Release release -> coordinatorReceives(from, release, context);
            case Message.Grant grant -> granted(grant, context);
        }
    }

    @Override
    public void onTimer(NoTimer timer, Context<Message, NoTimer> context) {
        // No timers: NoTimer has no values.
    }

    private void toCoordinator(Message message, Context<Message, NoTimer> context) {
        if (context.self().equals(coordinator)) {
            coordinatorReceives(coordinator, message, context);
        } else {
            context.send(coordinator, message);
        }
    }

    private void coordinatorReceives(NodeId from, Message message, Context<Message, NoTimer> context) {
        if (!context.self().equals(coordinator)) {
            return; // Only the coordinator answers; a misdirected message is dropped.
        }
        switch (message) {
            case Message.Request request -> {
                Ticket ticket = new Ticket(from, request.requestId());
                if (ticket.equals(holder) || queue.contains(ticket)) {
                    return;
                }
                if (holder == null) {
                    grantTo(ticket, context);
                } else {
                    queue.add(ticket); // (b): no reply; the requester waits.
                }
            }
            case Message.Release release -> {
                Ticket ticket = new Ticket(from, release.requestId());
                if (ticket.equals(holder)) {
                    holder = null;
                    Ticket next = queue.poll();
                    if (next != null) {
                        grantTo(next, context); // (c): the release lets the coordinator answer the next.
                    }
                } else {
                    queue.remove(ticket);
                }
            }
            case Message.Grant grant -> {
                // Grants go from the coordinator only.
            }
        }
    }

    private void grantTo(Ticket ticket, Context<Message, NoTimer> context) {
        holder = ticket;
        grants++;
        Message.Grant grant = new Message.Grant(ticket.requestId(), grants);
        if (ticket.node().equals(context.self())) {
            granted(grant, context);
        } else {
            context.send(ticket.node(), grant);
        }
    }

    private void granted(Message.Grant grant, Context<Message, NoTimer> context) {
        if (!requests.asking() || requests.current() != grant.requestId()) {
            if (!(requests.inside() && requests.current() == grant.requestId())) {
                toCoordinator(new Message.Release(grant.requestId()), context); // stale: hand it back
            }
            return;
        }
        long requestId = requests.current();
        requests.enter(grant.fencingToken());
        context.record(new CriticalSection.Entered(requestId, grant.fencingToken(), -1));
        if (requests.cancelled()) {
            leave(context);
            return;
        }
        context.deliver(new MutexOutput.Granted(requestId, grant.fencingToken()));
    }

    private void leave(Context<Message, NoTimer> context) {
        long requestId = requests.current();
        context.record(new CriticalSection.Exited(requestId, requests.fencingToken()));
        context.deliver(new MutexOutput.Released(requestId));
        long next = requests.finish();
        toCoordinator(new Message.Release(requestId), context);
        if (next != LocalRequests.NONE) {
            toCoordinator(new Message.Request(next), context);
        }
    }

    @Override
    public boolean inCriticalSection() {
        return requests.inside();
    }

    /**
     * The member every request of this process goes to.
     *
     * @return the coordinator given at construction (fixed: this algorithm does not replace a crashed one)
     */
    public NodeId coordinator() {
        return coordinator;
    }

    /** The coordinator's queue (empty at other processes), for tests. */
    List<NodeId> queued() {
        return queue.stream().map(Ticket::node).toList();
    }

    /**
     * A process of a lock whose coordinator has already granted {@code grants} times (for {@link NamedLocks}: a
     * lock made again after it was dropped while idle keeps its fencing tokens increasing).
     */
    static CentralizedMutex resumed(NodeId coordinator, long grants) {
        return new CentralizedMutex(coordinator, new LocalRequests(), null, new ArrayDeque<>(), grants);
    }

    /** How many grants this process made as coordinator (its last fencing token). */
    long grants() {
        return grants;
    }

    /** Nothing to remember: no request of its own, and (as coordinator) no holder and nobody queued. */
    boolean idle() {
        return requests.current() == LocalRequests.NONE
                && requests.waitingList().isEmpty()
                && holder == null
                && queue.isEmpty();
    }

    @Override
    public CentralizedMutex copy() {
        return new CentralizedMutex(coordinator, requests.copy(), holder, new ArrayDeque<>(queue), grants);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CentralizedMutex that
                && coordinator.equals(that.coordinator)
                && requests.equals(that.requests)
                && Objects.equals(holder, that.holder)
                && List.copyOf(queue).equals(List.copyOf(that.queue))
                && grants == that.grants;
    }

    @Override
    public int hashCode() {
        return Objects.hash(coordinator, requests, holder, List.copyOf(queue), grants);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("mutex", requests.mutexState());
        state.put("coordinator", coordinator.toString());
        if (holder != null || !queue.isEmpty()) {
            state.put("granted to", holder == null ? "nobody" : holder.node().toString());
            state.put(
                    "queue",
                    queue.stream().map(t -> t.node().toString()).toList().toString());
        }
        return state;
    }

    @Override
    public String toString() {
        return "CentralizedMutex{" + requests + (holder == null ? "" : ", holder=" + holder + ", queue=" + queue)
                + ", grants=" + grants + "}";
    }
}
