package dev.synchrony.multicast;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * Causally ordered multicast with vector clocks, as the lecture states it: a message is delivered only once
 * every message that causally precedes it has been delivered.
 * <ul>
 *   <li>P_i increments VC_i[i] only when it multicasts a message, and sends VC_i with it as ts(m); it delivers
 *   its own message at once.</li>
 *   <li>P_j postpones delivery of m from P_i until ts(m)[i] = VC_j[i] + 1 (m is the next message from P_i) and
 *   ts(m)[k] &lt;= VC_j[k] for every k != i (P_j has delivered everything P_i had delivered when it sent m).
 *   Delivering m sets VC_j[k] to max(VC_j[k], ts(m)[k]), that is VC_j[i] to ts(m)[i].</li>
 * </ul>
 * Each postponement is recorded ({@link Postponed}). Concurrent messages may be delivered in different orders at
 * different processes: causal order is weaker than total order.
 *
 * <p><b>Batching.</b> With {@code maxBatch} above 1, a process holds the multicasts it publishes from the first
 * one until a {@link CausalTimer#FLUSH} timer of {@code batchDelayNanos} fires, until {@code maxBatch} are held,
 * or until it is about to deliver another process's message, whichever comes first, and then sends them to every
 * other process in one {@link CausalMessage.Batch}. Every multicast keeps the timestamp the lecture gives it, and
 * the batch carries them exactly: the first one's vector, the others differing only in the origin's own entry
 * (which is why a delivery of another's message ends the batch: it would move another entry). The receiver's
 * conditions are the lecture's, applied to the first multicast of the batch; once it is delivered the next one
 * satisfies them too, so a batch is delivered whole. A process still delivers its own message at once. With the
 * default delay of 0 the network runtime fires the timer after the event loop's current turn, so a lone message
 * waits for nothing but the end of that turn. {@code maxBatch} 1 sends each multicast at once as an
 * {@link CausalMessage.Update}, with no timer: the lecture's algorithm step for step (the explorer's and the
 * figures' setting).
 *
 * <p><b>Cost.</b> One multicast: N-1 messages (one to every other process), each carrying a vector of N entries;
 * a batch of b multicasts costs N-1 messages and one vector. Delivering a message checks N entries; postponed
 * messages are held per origin in sequence order, so after a delivery only the first held message of each origin
 * is checked again (at most N checks per delivery, whatever the number postponed).
 *
 * <p><b>Fault model.</b> Reliable channels: the link layer gives them over loss, duplication, reordering,
 * partitions and pauses (a lost message would block everything that causally follows it); FIFO is not needed, the
 * first condition restores per-sender order, and a repeated message is ignored. Crash without recovery: the
 * survivors keep causal order among themselves; a crashed process's multicasts that it held in its batch or that
 * never left are lost with it, as are the ones the link layer had not yet delivered. Crash and recovery is outside
 * the model: a restarted process starts from a zero clock and so cannot interpret timestamps of the group it
 * rejoins.
 *
 * <p>Source: the lecture (after Birman, Schiper and Stephenson 1991; van Steen and Tanenbaum, ch. 6).
 */
public final class CausalOrderMulticast implements Node<CausalMessage, CausalTimer, MulticastCommand> {

    private final int maxBatch;
    private final long batchDelayNanos;

    /** VC: entry k counts the multicasts of process k delivered here. */
    private VectorClock clock;
    /** Own multicasts published and not yet sent (already delivered here); ts of the first is {@code heldFrom}. */
    private final ArrayList<Object> held;

    private VectorClock heldFrom;
    private boolean flushArmed;
    /** Postponed messages: per origin, by the sequence number of the first multicast they carry. */
    private final TreeMap<NodeId, TreeMap<Long, CausalMessage>> postponed;

    /** The lecture's algorithm: every multicast sent at once, on its own. */
    public CausalOrderMulticast() {
        this(1, 0);
    }

    /**
     * @param maxBatch the most multicasts one message carries (at least 1; 1 sends each at once, on its own)
     * @param batchDelayNanos how long the first multicast of a batch waits for others (0: the end of the turn)
     */
    public CausalOrderMulticast(int maxBatch, long batchDelayNanos) {
        Batching.check(maxBatch, batchDelayNanos);
        this.maxBatch = maxBatch;
        this.batchDelayNanos = batchDelayNanos;
        this.held = new ArrayList<>();
        this.postponed = new TreeMap<>();
    }

    private CausalOrderMulticast(CausalOrderMulticast other) {
        this.maxBatch = other.maxBatch;
        this.batchDelayNanos = other.batchDelayNanos;
        this.clock = other.clock;
        this.held = new ArrayList<>(other.held);
        this.heldFrom = other.heldFrom;
        this.flushArmed = other.flushArmed;
        this.postponed = new TreeMap<>();
        other.postponed.forEach((origin, messages) -> this.postponed.put(origin, new TreeMap<>(messages)));
    }

    @Override
    public void onStart(Context<CausalMessage, CausalTimer> context) {
        clock = VectorClock.zero(context.members().size());
    }

    @Override
    public void onCommand(MulticastCommand command, Context<CausalMessage, CausalTimer> context) {
        switch (command) {
            case MulticastCommand.Publish publish -> {
                int self = context.members().indexOf(context.self());
                clock = clock.tick(self);
                if (maxBatch == 1) {
                    context.sendToOthers(new CausalMessage.Update(context.self(), clock, publish.payload()));
                } else {
                    if (held.isEmpty()) {
                        heldFrom = clock;
                    }
                    held.add(publish.payload());
                    if (held.size() >= maxBatch) {
                        flush(context);
                    } else if (!flushArmed) {
                        flushArmed = true;
                        context.setTimer(CausalTimer.FLUSH, batchDelayNanos);
                    }
                }
                context.deliver(new Delivered(context.self(), clock.get(self), publish.payload()));
            }
        }
    }

    @Override
    public void onMessage(NodeId from, CausalMessage message, Context<CausalMessage, CausalTimer> context) {
        int origin = context.members().indexOf(message.origin());
        if (origin < 0 || message.timestamp().size() != clock.size()) {
            throw new IllegalArgumentException("update from outside the group: " + message);
        }
        if (last(message, origin) <= clock.get(origin)) {
            return; // already delivered (a duplicate from a channel that is not exactly-once)
        }
        if (!deliverable(message, origin)) {
            context.record(
                    new Postponed(message.origin(), message.timestamp().get(origin), message.timestamp(), clock));
            postponed
                    .computeIfAbsent(message.origin(), o -> new TreeMap<>())
                    .putIfAbsent(message.timestamp().get(origin), message);
            return;
        }
        deliver(message, origin, context);
        deliverPostponed(context);
    }

    @Override
    public void onTimer(CausalTimer timer, Context<CausalMessage, CausalTimer> context) {
        switch (timer) {
            case FLUSH -> {
                flushArmed = false;
                flush(context);
            }
        }
    }

    /** Sends the held multicasts to every other process in one message. */
    private void flush(Context<CausalMessage, CausalTimer> context) {
        if (held.isEmpty()) {
            return;
        }
        CausalMessage message = held.size() == 1
                ? new CausalMessage.Update(context.self(), heldFrom, held.get(0))
                : new CausalMessage.Batch(context.self(), heldFrom, held);
        held.clear();
        heldFrom = null;
        context.sendToOthers(message);
    }

    /** The sequence number, among its origin's multicasts, of the last multicast {@code message} carries. */
    private static long last(CausalMessage message, int origin) {
        return message.timestamp().get(origin) + message.count() - 1;
    }

    /**
     * The lecture's two conditions for the first multicast the message carries that is not yet delivered here:
     * the origin's next (a message that starts at or before it, a repeat of a batch partly delivered, qualifies
     * too), and nothing of anyone else that the origin had delivered and this process has not.
     */
    private boolean deliverable(CausalMessage message, int origin) {
        VectorClock ts = message.timestamp();
        if (ts.get(origin) > clock.get(origin) + 1) {
            return false;
        }
        for (int k = 0; k < clock.size(); k++) {
            if (k != origin && ts.get(k) > clock.get(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Delivers the multicasts of {@code message} not yet delivered here. Before each, own held multicasts leave:
     * they were published before it, and their batch must not span it.
     */
    private void deliver(CausalMessage message, int origin, Context<CausalMessage, CausalTimer> context) {
        long first = message.timestamp().get(origin);
        long last = last(message, origin);
        for (long sequence = clock.get(origin) + 1; sequence <= last; sequence++) {
            // The other entries of ts(m) are at most VC's (the second condition): only the origin's entry moves.
            // One multicast at a time, so that a multicast the application makes on this delivery (the network
            // runtime runs it at once, inside this loop) carries exactly what was delivered before it.
            flush(context); // also what the application multicast on the previous one
            clock = clock.withEntry(origin, sequence);
            context.deliver(new Delivered(message.origin(), sequence, message.payload((int) (sequence - first))));
        }
    }

    /**
     * Delivers postponed messages that have become deliverable, until none has. A delivery can only make the first
     * postponed message of an origin deliverable (the others of that origin wait for it), so only those are checked.
     */
    private void deliverPostponed(Context<CausalMessage, CausalTimer> context) {
        boolean progress = true;
        while (progress && !postponed.isEmpty()) {
            progress = false;
            for (var it = postponed.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<NodeId, TreeMap<Long, CausalMessage>> entry = it.next();
                int origin = context.members().indexOf(entry.getKey());
                TreeMap<Long, CausalMessage> waiting = entry.getValue();
                while (!waiting.isEmpty()) {
                    CausalMessage head = waiting.firstEntry().getValue();
                    if (last(head, origin) <= clock.get(origin)) {
                        waiting.pollFirstEntry(); // a duplicate postponed twice
                    } else if (deliverable(head, origin)) {
                        waiting.pollFirstEntry();
                        deliver(head, origin, context);
                        progress = true;
                    } else {
                        break;
                    }
                }
                if (waiting.isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    /** VC_j: entry k counts the messages of P_k this process has delivered. */
    public VectorClock clock() {
        return clock;
    }

    /** Postponed multicasts (a batch counts for each it carries). */
    public int postponedCount() {
        int count = 0;
        for (TreeMap<Long, CausalMessage> messages : postponed.values()) {
            for (CausalMessage message : messages.values()) {
                count += message.count();
            }
        }
        return count;
    }

    /** Own multicasts published and not yet sent (held for the batch). */
    public int heldCount() {
        return held.size();
    }

    /** The most multicasts one message carries. */
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public CausalOrderMulticast copy() {
        return new CausalOrderMulticast(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CausalOrderMulticast that
                && maxBatch == that.maxBatch
                && batchDelayNanos == that.batchDelayNanos
                && flushArmed == that.flushArmed
                && Objects.equals(clock, that.clock)
                && Objects.equals(heldFrom, that.heldFrom)
                && held.equals(that.held)
                && postponed.equals(that.postponed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clock, heldFrom, held, flushArmed, postponed);
    }

    @Override
    public SequencedMap<String, Object> displayState() {
        SequencedMap<String, Object> state = new LinkedHashMap<>();
        state.put("vector clock", clock.toString());
        state.put("postponed", postponedCount());
        if (!held.isEmpty()) {
            state.put("held for the batch", held.size());
        }
        return state;
    }

    @Override
    public String toString() {
        return "CausalOrderMulticast[" + clock + ", postponed=" + postponedCount() + ", held=" + held.size() + "]";
    }

    /** For tests: the postponed messages of each origin, by first sequence number. */
    Map<NodeId, List<CausalMessage>> postponedByOrigin() {
        Map<NodeId, List<CausalMessage>> view = new LinkedHashMap<>();
        postponed.forEach((origin, messages) -> view.put(origin, List.copyOf(messages.values())));
        return view;
    }
}
