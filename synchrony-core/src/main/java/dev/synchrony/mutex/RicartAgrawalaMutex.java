package dev.synchrony.mutex;

import dev.synchrony.core.Context;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Ricart and Agrawala's distributed mutual exclusion (Ricart &amp; Agrawala, CACM 1981; the lecture's
 * "Distributed Algorithm" 1/3-3/3). A process that wants the resource stamps a {@link Message.Request} with its
 * Lamport time and sends it to every other process; it enters once all of them have answered
 * {@link Message.Ok}. A process receiving a request answers OK at once when it neither holds nor wants the
 * resource, queues the request when it holds it, and when it wants it too compares the two requests: the lower
 * (timestamp, process index) wins, the loser answers OK, the winner queues. On leaving it answers OK to everything
 * it queued.
 *
 * <p>Contract: assumes reliable channels (run it over the reliable link layer on a faulty network) and no crash:
 * a crashed process never answers, so everyone waiting for it starves (the lecture's n points of failure).
 *
 * <p>Invariants: requests are totally ordered by (Lamport timestamp, index in {@code members()}); entries happen in
 * that order. The fencing token is {@code timestamp * n + index}, which preserves that order, so it strictly
 * increases from entry to entry. An {@code Ok} names the timestamp of the request it answers, so an answer to a
 * withdrawn request cannot count for a later one.
 *
 * <p>Costs: 2(n-1) messages per entry and exit; the n-1 requests go out at once, so an uncontended entry waits 2
 * message transit times (the textbook's 2(n-1) counts the messages as if sent one after another).
 */
public final class RicartAgrawalaMutex
        implements Node<RicartAgrawalaMutex.Message, NoTimer, MutexCommand>, MutexParticipant {

    /** The protocol. */
    public sealed interface Message {
        /**
         * The sender wants the resource.
         *
         * @param timestamp the sender's Lamport time at the request; with the sender's index it orders the request
         *     against the receiver's own
         */
        record Request(long timestamp) implements Message {}

        /**
         * Permission for the receiver's request stamped {@code requestTimestamp}.
         *
         * @param requestTimestamp the timestamp of the request this answers, so that an OK for a withdrawn request
         *     is not counted for a later one
         */
        record Ok(long requestTimestamp) implements Message {}
    }

    /** A request this node answers later, when it leaves. */
    record Deferred(NodeId node, long timestamp) {}

    private final LocalRequests requests;
    private long clock;
    private long requestTimestamp = -1;
    private final TreeSet<NodeId> oks;
    private final List<Deferred> deferred;

    /** A process whose Lamport clock starts at 0. */
    public RicartAgrawalaMutex() {
        this(0);
    }

    /**
     * A process whose Lamport clock starts at {@code initialClock}, standing for the events before the run (the
     * lecture's figure has requests stamped 8 and 12).
     *
     * @param initialClock the Lamport time before the first event, at least 0
     */
    public RicartAgrawalaMutex(long initialClock) {
        this(new LocalRequests(), initialClock, -1, new TreeSet<>(), new ArrayList<>());
        if (initialClock < 0) {
            throw new IllegalArgumentException("initial clock must be >= 0, got " + initialClock);
        }
    }

    private RicartAgrawalaMutex(
            LocalRequests requests, long clock, long requestTimestamp, TreeSet<NodeId> oks, List<Deferred> deferred) {
        this.requests = requests;
        this.clock = clock;
        this.requestTimestamp = requestTimestamp;
        this.oks = oks;
        this.deferred = deferred;
    }

    @Override
    public void onStart(Context<Message, NoTimer> context) {}

    @Override
    public void onCommand(MutexCommand command, Context<Message, NoTimer> context) {
        switch (command) {
            case MutexCommand.Acquire acquire -> {
                if (requests.offer(acquire.requestId())) {
                    ask(context);
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

    private void ask(Context<Message, NoTimer> context) {
        clock++;
        requestTimestamp = clock;
        oks.clear();
        context.sendToOthers(new Message.Request(requestTimestamp));
        enterIfAllAgreed(context);
    }

    @Override
    public void onMessage(NodeId from, Message message, Context<Message, NoTimer> context) {
        switch (message) {
            case Message.Request request -> {
                clock = Math.max(clock, request.timestamp()) + 1;
                boolean defer = requests.inside()
                        || (requests.asking()
                                && before(requestTimestamp, context.self(), request.timestamp(), from, context));
                if (defer) {
                    Deferred entry = new Deferred(from, request.timestamp());
                    if (!deferred.contains(entry)) {
                        deferred.add(entry);
                    }
                } else {
                    context.send(from, new Message.Ok(request.timestamp()));
                }
            }
            case Message.Ok ok -> {
                if (requests.asking() && ok.requestTimestamp() == requestTimestamp) {
                    oks.add(from);
                    enterIfAllAgreed(context);
                }
            }
        }
    }

    /** Whether request (ts1, p1) precedes (ts2, p2): lower timestamp first, ties to the lower member index. */
    private static boolean before(long ts1, NodeId p1, long ts2, NodeId p2, Context<?, ?> context) {
        if (ts1 != ts2) {
            return ts1 < ts2;
        }
        return context.members().indexOf(p1) < context.members().indexOf(p2);
    }

    private void enterIfAllAgreed(Context<Message, NoTimer> context) {
        if (oks.size() < context.members().size() - 1) {
            return;
        }
        long requestId = requests.current();
        int n = context.members().size();
        long token = Math.addExact(
                Math.multiplyExact(requestTimestamp, n), context.members().indexOf(context.self()));
        requests.enter(token);
        context.record(new CriticalSection.Entered(requestId, token, requestTimestamp));
        if (requests.cancelled()) {
            leave(context);
            return;
        }
        context.deliver(new MutexOutput.Granted(requestId, token));
    }

    private void leave(Context<Message, NoTimer> context) {
        long requestId = requests.current();
        context.record(new CriticalSection.Exited(requestId, requests.fencingToken()));
        context.deliver(new MutexOutput.Released(requestId));
        long next = requests.finish();
        requestTimestamp = -1;
        oks.clear();
        for (Deferred waiting : deferred) {
            context.send(waiting.node(), new Message.Ok(waiting.timestamp()));
        }
        deferred.clear();
        if (next != LocalRequests.NONE) {
            ask(context);
        }
    }

    @Override
    public void onTimer(NoTimer timer, Context<Message, NoTimer> context) {}

    @Override
    public boolean inCriticalSection() {
        return requests.inside();
    }

    /**
     * This process's Lamport time; its next request is stamped with this plus one.
     *
     * @return the clock after the last event this process handled
     */
    public long clock() {
        return clock;
    }

    /**
     * The processes whose requests wait for this one to leave, in arrival order.
     *
     * @return the processes that will get an OK when this one leaves (the lecture's queue at the winner)
     */
    public List<NodeId> deferredProcesses() {
        return deferred.stream().map(Deferred::node).toList();
    }

    @Override
    public RicartAgrawalaMutex copy() {
        return new RicartAgrawalaMutex(
                requests.copy(), clock, requestTimestamp, new TreeSet<>(oks), new ArrayList<>(deferred));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RicartAgrawalaMutex that
                && requests.equals(that.requests)
                && clock == that.clock
                && requestTimestamp == that.requestTimestamp
                && oks.equals(that.oks)
                && deferred.equals(that.deferred);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requests, clock, requestTimestamp, List.copyOf(oks), deferred);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("mutex", requests.mutexState());
        state.put("Lamport clock", clock);
        if (requestTimestamp >= 0) {
            state.put("request timestamp", requestTimestamp);
            state.put("OKs from", oks.toString());
        }
        state.put(
                "deferred",
                deferred.stream().map(d -> d.node().toString()).toList().toString());
        return state;
    }

    @Override
    public String toString() {
        return "RicartAgrawalaMutex{" + requests + ", clock=" + clock + ", ts=" + requestTimestamp + ", oks=" + oks
                + ", deferred=" + deferred + "}";
    }
}
