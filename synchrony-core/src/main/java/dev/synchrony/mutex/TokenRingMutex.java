package dev.synchrony.mutex;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Token-ring mutual exclusion (the lecture's "Token Ring Algorithm"): the processes form a logical ring in
 * {@code members()} order; one {@link Message.Token} circulates. A process enters the critical section only while
 * it holds the token, at most once per visit, and passes the token to its successor when it leaves or when it
 * does not want to enter. The first member creates the token when it starts.
 *
 * <p>Contract (basic mode): assumes reliable channels and no crash; a crashed holder loses the token for good.
 * Mutual exclusion holds because there is one token; no starvation because the token visits everyone in turn.
 * The fencing token is the token's entry counter, which the token carries and every entry increments.
 *
 * <p>Extension, switched on by {@code regenerate} (not in the lecture; documented in docs/mutex.md):
 * <ul>
 *   <li>Every pass is acknowledged ({@link Message.TokenAck}); a holder that gets no acknowledgement within
 *   {@code ackTimeoutNanos} assumes the successor crashed, skips it for half of {@code regenerateTimeoutNanos}, and passes
 *   a copy of the token to the one after it, its entry counter advanced by one in case the successor entered
 *   before crashing (its acknowledgement lost with it).</li>
 *   <li>Every process arms a watchdog, re-armed at each visit of the token. When it fires
 *   (after {@code regenerateTimeoutNanos}, longer for processes later in the ring so that one fires first), the
 *   process assumes the holder crashed, creates a token of the next generation, whose entry counter jumps by n
 *   past the last one it saw, and announces it ({@link Message.Regenerated}); tokens of older generations are
 *   discarded on arrival. This detector is a plain timeout, so it cannot tell a crashed holder from a slow
 *   one: with a timeout shorter than a round of the ring (n passes plus the critical sections) two tokens exist
 *   for a while and mutual exclusion can break. That is the classical limit of timeout-based detection.</li>
 * </ul>
 */
public final class TokenRingMutex
        implements Node<TokenRingMutex.Message, TokenRingMutex.Timer, MutexCommand>, MutexParticipant {

    /** The protocol. */
    public sealed interface Message {
        /**
         * The token: whoever holds it may enter.
         *
         * @param generation 0 for the first token, one more for each regeneration; older generations are discarded
         * @param creator the ring index of the process that created this generation, which breaks ties between two
         *     processes that regenerated at once
         * @param passes the hops since the token was created, so that a process can tell a copy it has already seen
         * @param entries the critical-section entries so far: the fencing token of the latest one
         */
        record Token(long generation, int creator, long passes, long entries) implements Message {}

        /**
         * The receiver of the token confirms it (extension only).
         *
         * @param generation the generation of the token received
         * @param passes its hop count, naming which pass is confirmed
         */
        record TokenAck(long generation, long passes) implements Message {}

        /**
         * The sender created a token of {@code generation} (extension only).
         *
         * @param generation the new generation; tokens of older ones are discarded from now on
         * @param creator the sender's ring index
         * @param entries the new token's entry counter, past every entry of the tokens it replaces
         */
        record Regenerated(long generation, int creator, long entries) implements Message {}
    }

    /** Timers (extension only). */
    public sealed interface Timer {
        /**
         * No acknowledgement yet for the pass numbered {@code passes}.
         *
         * @param generation the generation of the token passed
         * @param passes the hop count of the pass; the timeout is ignored if a later pass happened since
         */
        record AckTimeout(long generation, long passes) implements Timer {}

        /** The token has not been seen for a while. */
        record Watchdog() implements Timer {}
    }

    /**
     * Recorded when a process regenerates the token.
     *
     * @param generation the new token's generation
     * @param entries its entry counter, the latest one seen plus n
     */
    public record TokenRegenerated(long generation, long entries) {}

    /**
     * Recorded when an old-generation or duplicate token is discarded.
     *
     * @param token the discarded token, as it arrived or as it was held
     */
    public record TokenDiscarded(Message.Token token) {}

    private final boolean regenerate;
    private final long ackTimeoutNanos;
    private final long regenerateTimeoutNanos;
    private final LocalRequests requests;
    private Message.Token token;
    private int ackTarget;
    private long latestGeneration;
    private int latestCreator;
    private long latestPasses = -1;
    private long latestEntries;
    private Message.Token unacknowledged;
    private final TreeMap<Integer, Long> suspectedUntilNanos = new TreeMap<>();
    // Whether this incarnation has seen the token (or an announcement of one). A restarted process knows nothing
    // of the token's count and may simply be skipped for a while by a predecessor that suspects it: it must not
    // regenerate from its empty knowledge.
    private boolean seenToken;

    /** The lecture's token ring, without loss detection. */
    public TokenRingMutex() {
        this(false, 0, 0);
    }

    /**
     * A ring process, with or without the lost-token extension.
     *
     * @param regenerate switch on the lost-token extension
     * @param ackTimeoutNanos how long a holder waits for a pass to be acknowledged
     * @param regenerateTimeoutNanos how long a process waits for the token before it regenerates it
     */
    public TokenRingMutex(boolean regenerate, long ackTimeoutNanos, long regenerateTimeoutNanos) {
        this(regenerate, ackTimeoutNanos, regenerateTimeoutNanos, new LocalRequests(), null, -1, 0, 0, -1, 0, null);
        if (regenerate && (ackTimeoutNanos <= 0 || regenerateTimeoutNanos <= 0)) {
            throw new IllegalArgumentException("with regeneration the ack and regeneration timeouts must be positive");
        }
    }

    private TokenRingMutex(
            boolean regenerate,
            long ackTimeoutNanos,
            long regenerateTimeoutNanos,
            LocalRequests requests,
            Message.Token token,
            int ackTarget,
            long latestGeneration,
            int latestCreator,
            long latestPasses,
            long latestEntries,
            Message.Token unacknowledged) {
        this.regenerate = regenerate;
        this.ackTimeoutNanos = ackTimeoutNanos;
        this.regenerateTimeoutNanos = regenerateTimeoutNanos;
        this.requests = requests;
        this.token = token;
        this.ackTarget = ackTarget;
        this.latestGeneration = latestGeneration;
        this.latestCreator = latestCreator;
        this.latestPasses = latestPasses;
        this.latestEntries = latestEntries;
        this.unacknowledged = unacknowledged;
    }

    @Override
    public void onStart(Context<Message, Timer> context) {
        armWatchdog(context);
        if (context.self().equals(context.members().get(0))) {
            Message.Token initial = new Message.Token(0, 0, 0, 0);
            if (!regenerate) {
                received(initial, context);
                return;
            }
            // A node cannot tell its first start from a restart. A restarted first member must not use a fresh
            // token while the real one circulates: it only sends it on, and a successor that has seen the real
            // token (a later pass of generation 0) discards it.
            latestGeneration = 0;
            latestCreator = 0;
            latestPasses = 0;
            token = initial;
            pass(context);
        }
    }

    @Override
    public void onCommand(MutexCommand command, Context<Message, Timer> context) {
        switch (command) {
            case MutexCommand.Acquire acquire -> {
                if (requests.offer(acquire.requestId()) && token != null) {
                    useToken(context); // the token rests here only when no one else is left on the ring
                }
            }
            case MutexCommand.Release release -> {
                switch (requests.release(release.requestId())) {
                    case LEAVE -> leave(context);
                    case DROPPED_WAITING -> context.deliver(new MutexOutput.Released(release.requestId()));
                    case CANCEL_CURRENT -> {
                        // Not inside yet: forget it now, the token will not stop here for it.
                        long id = requests.current();
                        requests.enter(-1);
                        requests.finish();
                        context.deliver(new MutexOutput.Released(id));
                    }
                    case UNKNOWN -> {}
                }
            }
        }
    }

    @Override
    public void onMessage(NodeId from, Message message, Context<Message, Timer> context) {
        switch (message) {
            case Message.Token arriving -> {
                if (regenerate) {
                    context.send(from, new Message.TokenAck(arriving.generation(), arriving.passes()));
                }
                received(arriving, context);
            }
            case Message.TokenAck ack -> {
                if (unacknowledged != null
                        && unacknowledged.generation() == ack.generation()
                        && unacknowledged.passes() == ack.passes()) {
                    context.cancelTimer(new Timer.AckTimeout(ack.generation(), ack.passes()));
                    unacknowledged = null;
                    ackTarget = -1;
                }
            }
            case Message.Regenerated regenerated -> {
                seenToken = true;
                if (newer(regenerated.generation(), regenerated.creator(), 0)) {
                    latestGeneration = regenerated.generation();
                    latestCreator = regenerated.creator();
                    latestPasses = -1;
                    latestEntries = Math.max(latestEntries, regenerated.entries());
                    if (token != null && token.generation() < latestGeneration) {
                        discardHeld(context);
                    }
                    armWatchdog(context);
                }
            }
        }
    }

    /** Whether (generation, creator, passes) is later than the latest token this process has seen. */
    private boolean newer(long generation, int creator, long passes) {
        if (generation != latestGeneration) {
            return generation > latestGeneration;
        }
        if (creator != latestCreator) {
            return creator > latestCreator;
        }
        return passes > latestPasses;
    }

    private void received(Message.Token arriving, Context<Message, Timer> context) {
        if (regenerate && !newer(arriving.generation(), arriving.creator(), arriving.passes())) {
            context.record(new TokenDiscarded(arriving)); // an old generation, or a copy already seen
            return;
        }
        if (regenerate && token != null) {
            discardHeld(context); // a newer token supersedes the one held
        }
        seenToken = true;
        latestGeneration = arriving.generation();
        latestCreator = arriving.creator();
        latestPasses = arriving.passes();
        latestEntries = Math.max(latestEntries, arriving.entries());
        token = arriving;
        armWatchdog(context);
        useToken(context);
    }

    /** Enters when this process wants to, otherwise passes the token on at once. */
    private void useToken(Context<Message, Timer> context) {
        if (requests.asking()) {
            long entries = token.entries() + 1;
            token = new Message.Token(token.generation(), token.creator(), token.passes(), entries);
            latestEntries = entries;
            long requestId = requests.current();
            requests.enter(entries);
            context.record(new CriticalSection.Entered(requestId, entries, -1));
            if (requests.cancelled()) {
                leave(context);
                return;
            }
            context.deliver(new MutexOutput.Granted(requestId, entries));
        } else {
            pass(context);
        }
    }

    private void discardHeld(Context<Message, Timer> context) {
        context.record(new TokenDiscarded(token));
        if (requests.inside()) {
            context.deliver(new MutexOutput.Lost(requests.current(), "the token was regenerated elsewhere"));
        }
        token = null;
    }

    private void leave(Context<Message, Timer> context) {
        long requestId = requests.current();
        context.record(new CriticalSection.Exited(requestId, requests.fencingToken()));
        context.deliver(new MutexOutput.Released(requestId));
        requests.finish();
        if (token != null) {
            pass(context);
        }
    }

    private void pass(Context<Message, Timer> context) {
        passTo(successorIndex(context, context.members().indexOf(context.self())), context);
    }

    private void passTo(int targetIndex, Context<Message, Timer> context) {
        List<NodeId> members = context.members();
        int selfIndex = members.indexOf(context.self());
        if (targetIndex == selfIndex) {
            return; // alone on the ring (or all others presumed crashed): keep the token for the next request
        }
        Message.Token outgoing =
                new Message.Token(token.generation(), token.creator(), token.passes() + 1, token.entries());
        token = null;
        context.send(members.get(targetIndex), outgoing);
        if (regenerate) {
            if (unacknowledged != null) {
                context.cancelTimer(new Timer.AckTimeout(unacknowledged.generation(), unacknowledged.passes()));
            }
            unacknowledged = outgoing;
            ackTarget = targetIndex;
            context.setTimer(new Timer.AckTimeout(outgoing.generation(), outgoing.passes()), ackTimeoutNanos);
        }
    }

    /** The next member after {@code index} that this process does not presently suspect of having crashed. */
    private int successorIndex(Context<?, ?> context, int index) {
        int n = context.members().size();
        int self = context.members().indexOf(context.self());
        long now = context.clock().nanos();
        int next = (index + 1) % n;
        while (next != self && suspectedUntilNanos.getOrDefault(next, Long.MIN_VALUE) > now) {
            next = (next + 1) % n;
        }
        return next;
    }

    private void armWatchdog(Context<Message, Timer> context) {
        if (!regenerate) {
            return;
        }
        context.cancelTimer(new Timer.Watchdog());
        int n = context.members().size();
        int position = context.members().indexOf(context.self());
        // Later ring positions wait longer, so that usually one process regenerates and tells the others.
        context.setTimer(new Timer.Watchdog(), regenerateTimeoutNanos + regenerateTimeoutNanos * position / n);
    }

    @Override
    public void onTimer(Timer timer, Context<Message, Timer> context) {
        switch (timer) {
            case Timer.AckTimeout timeout -> {
                if (unacknowledged != null
                        && unacknowledged.generation() == timeout.generation()
                        && unacknowledged.passes() == timeout.passes()) {
                    // The successor did not confirm: presume it crashed, skip it for a regeneration timeout, and
                    // pass a copy on. It may have entered once with the token before crashing (its
                    // acknowledgement lost with it), so the copy's entry counter moves past that entry.
                    token = new Message.Token(
                            unacknowledged.generation(),
                            unacknowledged.creator(),
                            unacknowledged.passes(),
                            unacknowledged.entries() + 1);
                    latestEntries = Math.max(latestEntries, token.entries());
                    unacknowledged = null;
                    int skipped = ackTarget;
                    ackTarget = -1;
                    // Half the regeneration timeout: a live process skipped by mistake (say, restarted) gets the
                    // token again before its own watchdog, armed for at least the whole timeout, fires.
                    suspectedUntilNanos.put(skipped, context.clock().nanos() + regenerateTimeoutNanos / 2);
                    passTo(successorIndex(context, skipped), context);
                }
            }
            case Timer.Watchdog watchdog -> {
                if (token != null || unacknowledged != null || !seenToken) {
                    armWatchdog(context); // the token is here, or on its way from here, or never seen: wait
                    return;
                }
                int self = context.members().indexOf(context.self());
                long generation = latestGeneration + 1;
                long entries = latestEntries + context.members().size();
                context.record(new TokenRegenerated(generation, entries));
                latestGeneration = generation;
                latestCreator = self;
                latestPasses = -1;
                Message.Regenerated announcement = new Message.Regenerated(generation, self, entries);
                context.sendToOthers(announcement);
                received(new Message.Token(generation, self, 0, entries), context);
            }
        }
    }

    @Override
    public boolean inCriticalSection() {
        return requests.inside();
    }

    /**
     * Whether this process holds the token now.
     *
     * @return true while it is inside, or while the token rests here because no other process is left to
     *     pass it to
     */
    public boolean holdsToken() {
        return token != null;
    }

    @Override
    public TokenRingMutex copy() {
        TokenRingMutex copy = new TokenRingMutex(
                regenerate,
                ackTimeoutNanos,
                regenerateTimeoutNanos,
                requests.copy(),
                token,
                ackTarget,
                latestGeneration,
                latestCreator,
                latestPasses,
                latestEntries,
                unacknowledged);
        copy.suspectedUntilNanos.putAll(suspectedUntilNanos);
        copy.seenToken = seenToken;
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenRingMutex that
                && regenerate == that.regenerate
                && ackTimeoutNanos == that.ackTimeoutNanos
                && regenerateTimeoutNanos == that.regenerateTimeoutNanos
                && requests.equals(that.requests)
                && Objects.equals(token, that.token)
                && ackTarget == that.ackTarget
                && latestGeneration == that.latestGeneration
                && latestCreator == that.latestCreator
                && latestPasses == that.latestPasses
                && latestEntries == that.latestEntries
                && Objects.equals(unacknowledged, that.unacknowledged)
                && suspectedUntilNanos.equals(that.suspectedUntilNanos)
                && seenToken == that.seenToken;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                regenerate,
                ackTimeoutNanos,
                regenerateTimeoutNanos,
                requests,
                token,
                ackTarget,
                latestGeneration,
                latestCreator,
                latestPasses,
                latestEntries,
                unacknowledged,
                suspectedUntilNanos,
                seenToken);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("mutex", requests.mutexState());
        state.put("token", token == null ? "no" : "yes (generation " + token.generation() + ")");
        return state;
    }

    @Override
    public String toString() {
        return "TokenRingMutex{" + requests + ", token=" + token + "}";
    }
}
