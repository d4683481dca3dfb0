package dev.synchrony.multicast;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * Totally ordered multicast with Lamport clocks, as the lecture states it:
 * <ul>
 *   <li>Process P_i sends a timestamped message msg_i to all others and puts it in its local queue_i.</li>
 *   <li>Any incoming message at P_j is queued in queue_j by its timestamp and acknowledged to every other
 *   process.</li>
 *   <li>P_j passes msg_i to its application when msg_i is at the head of queue_j and, for each process P_k,
 *   P_j has seen a message from P_k with a larger timestamp.</li>
 * </ul>
 * The queue is ordered by (Lamport timestamp, sender id), sender ids ordered as {@link NodeId} orders them, so
 * equal timestamps are broken the same way everywhere; "larger" means later in that order.
 *
 * <p>Assumptions (the lecture's): channels are reliable and FIFO ({@link dev.synchrony.link.ReliableFifoLink}
 * provides them over a faulty network), and no process crashes. Because a channel is FIFO and a process's
 * timestamps only grow, "a message from P_k with a larger timestamp" is the same as "the highest timestamp
 * received from P_k is larger": this node keeps that highest timestamp per process instead of keeping every
 * acknowledgement in the queue.
 *
 * <p><b>What the rule needs, and no more.</b> The rule asks for a later message from P_k so that nothing from P_k
 * ordered before msg_i can still arrive. Three consequences keep messages out without changing the order:
 * <ul>
 *   <li><i>The origin's own message is its later message.</i> msg_i itself came from P_i; everything P_i sent
 *   before it arrived before it (FIFO) and everything P_i sends after it is stamped later, so for k = i the
 *   condition holds as soon as msg_i is queued. The sender therefore does not acknowledge its own message (the
 *   lecture's text leaves open whether it does; acknowledging costs N-1 messages per multicast and tells nobody
 *   anything).</li>
 *   <li><i>Acknowledgements are cumulative.</i> Any message from P_j stamped T is, for the rule, a later message
 *   than every message stamped below T. So P_j sends no acknowledgement for an update below the latest message
 *   it has already sent to all others (the highest timestamp P_j sent is {@code latest[P_j]}, since every message
 *   it sends goes to all others), and an update of its own leaving at the same moment acknowledges everything it
 *   received before (piggybacking).</li>
 *   <li><i>Batching</i> ({@code maxBatch} above 1). Publications and acknowledgements wait for a
 *   {@link TotalOrderTimer#FLUSH} timer of {@code batchDelayNanos} (0: the end of the event loop's turn over the
 *   network, the same virtual instant in the simulator), or until {@code maxBatch} publications wait. The flush
 *   stamps the k waiting publications t, t+1, ..., t+k-1 and sends them in one {@link TotalOrderMessage.Update},
 *   which is exactly k updates sent back to back on the FIFO channel; then, if that update did not cover them,
 *   one acknowledgement for every update received since the last flush. A publication is stamped when it leaves,
 *   not when the application asks: later, never earlier, so a message published after another was delivered is
 *   still stamped after it. With {@code maxBatch} 1 nothing waits: each publication and each acknowledgement
 *   leaves at once, the lecture's algorithm step by step (the explorer's and the bank figure's setting).</li>
 * </ul>
 *
 * <p><b>Cost.</b> One multicast: N-1 updates plus (N-1)(N-1) acknowledgements at most (each receiver to every other
 * process; the sender's own are left out); fewer when processes publish concurrently, since their updates
 * acknowledge cumulatively. With batching, a turn's worth of publications costs one update per peer, and a turn's
 * worth of received updates at most one acknowledgement per peer, or none when an update of this process leaves in
 * the same turn. Delivery needs a message from every process, so its latency is a round trip from the origin to
 * the slowest process and on to the others.
 *
 * <p><b>Fault model.</b> Reliable FIFO channels (the link layer gives them over loss, duplication, reordering,
 * partitions and pauses). A crashed process stops delivery everywhere: the queue's head waits for its
 * acknowledgement forever, while the survivors stay in agreement on what they delivered. Crash and recovery is
 * outside the model: a restarted process starts its clock at zero again and the others take its new messages for
 * old ones.
 *
 * <p>Invariant: every process delivers the same messages in the same order, the order of (timestamp, sender),
 * which extends happened-before among multicasts.
 *
 * <p>Source: the lecture (after Lamport 1978 and van Steen and Tanenbaum, <i>Distributed Systems</i>, ch. 6).
 */
public final class TotalOrderMulticast implements Node<TotalOrderMessage, TotalOrderTimer, MulticastCommand> {

    /**
     * The queue key: (Lamport timestamp, sender), the sender as its index in {@code members}, which is sorted as
     * {@link NodeId} orders ids: comparing two ints instead of two ids keeps the queue's comparisons cheap.
     */
    private record Stamp(long timestamp, int origin) implements Comparable<Stamp> {
        @Override
        public int compareTo(Stamp other) {
            int byTime = Long.compare(timestamp, other.timestamp);
            return byTime != 0 ? byTime : Integer.compare(origin, other.origin);
        }

        /** Whether a message stamped {@code time} by the process of index {@code process} comes after this. */
        boolean isBefore(long time, int process) {
            return time > timestamp || (time == timestamp && process > origin);
        }
    }

    private final int maxBatch;
    private final long batchDelayNanos;

    private long clock;
    private long published;
    /** The queue of the lecture, each message ready to be handed over as it will be delivered. */
    private final TreeMap<Stamp, Delivered> queue;
    /** The group, as the context gave it at start, sorted; {@code latest} and stamps index it. */
    private List<NodeId> members;
    /**
     * The highest timestamp received from each process (for this process: the highest it sent); 0 for none, since
     * timestamps start at 1.
     */
    private long[] latest;
    /** This process's index in {@code members}. */
    private int self;

    // Batching only: what waits for the flush.
    /** Publications not yet stamped. */
    private final ArrayList<Object> outbox;
    /** The latest update received and not yet acknowledged (null: none), and its last message's number. */
    private Stamp owed;

    private long owedSequence;
    private boolean flushArmed;

    /** The lecture's algorithm step by step: every message leaves at once (max-batch 1). */
    public TotalOrderMulticast() {
        this(1, 0);
    }

    /**
     * @param maxBatch the most publications one update carries (at least 1; 1 sends every message at once)
     * @param batchDelayNanos how long the first publication or acknowledgement of a batch waits for others (0: the
     *     end of the turn)
     */
    public TotalOrderMulticast(int maxBatch, long batchDelayNanos) {
        Batching.check(maxBatch, batchDelayNanos);
        this.maxBatch = maxBatch;
        this.batchDelayNanos = batchDelayNanos;
        this.queue = new TreeMap<>();
        this.members = List.of();
        this.latest = new long[0];
        this.outbox = new ArrayList<>();
    }

    private TotalOrderMulticast(TotalOrderMulticast other) {
        this.maxBatch = other.maxBatch;
        this.batchDelayNanos = other.batchDelayNanos;
        this.clock = other.clock;
        this.published = other.published;
        this.queue = new TreeMap<>(other.queue);
        this.members = other.members;
        this.latest = other.latest.clone();
        this.self = other.self;
        this.outbox = new ArrayList<>(other.outbox);
        this.owed = other.owed;
        this.owedSequence = other.owedSequence;
        this.flushArmed = other.flushArmed;
    }

    @Override
    public void onStart(Context<TotalOrderMessage, TotalOrderTimer> context) {
        members = context.members().stream().sorted().toList();
        latest = new long[members.size()];
        self = indexOf(context.self());
    }

    @Override
    public void onCommand(MulticastCommand command, Context<TotalOrderMessage, TotalOrderTimer> context) {
        switch (command) {
            case MulticastCommand.Publish publish -> {
                outbox.add(publish.payload());
                if (outbox.size() >= maxBatch) {
                    flush(context);
                } else {
                    arm(context);
                }
            }
        }
    }

    @Override
    public void onMessage(NodeId from, TotalOrderMessage message, Context<TotalOrderMessage, TotalOrderTimer> context) {
        switch (message) {
            case TotalOrderMessage.Update update -> {
                clock = Math.max(clock, update.lastTimestamp()) + 1;
                int origin = indexOf(update.origin());
                latest[origin] = Math.max(latest[origin], update.lastTimestamp());
                queueAll(update, origin);
                acknowledge(update, origin, context);
            }
            case TotalOrderMessage.Acknowledgement ack -> {
                clock = Math.max(clock, ack.timestamp()) + 1;
                saw(from, ack.timestamp());
            }
        }
        deliverReady(context);
    }

    @Override
    public void onTimer(TotalOrderTimer timer, Context<TotalOrderMessage, TotalOrderTimer> context) {
        switch (timer) {
            case FLUSH -> {
                flushArmed = false;
                flush(context);
            }
        }
    }

    private void arm(Context<TotalOrderMessage, TotalOrderTimer> context) {
        if (!flushArmed) {
            flushArmed = true;
            context.setTimer(TotalOrderTimer.FLUSH, batchDelayNanos);
        }
    }

    /**
     * Sends the waiting publications as one update (stamped now, consecutively), then the acknowledgement owed if
     * that update does not cover it, and delivers what that allows.
     */
    private void flush(Context<TotalOrderMessage, TotalOrderTimer> context) {
        if (!outbox.isEmpty()) {
            TotalOrderMessage.Update update =
                    new TotalOrderMessage.Update(context.self(), published + 1, clock + 1, outbox);
            outbox.clear();
            published += update.payloads().size();
            clock = update.lastTimestamp();
            context.sendToOthers(update);
            latest[self] = clock;
            queueAll(update, self);
        }
        if (owed != null && !owed.isBefore(latest[self], self)) {
            clock++;
            context.sendToOthers(
                    new TotalOrderMessage.Acknowledgement(members.get(owed.origin()), owedSequence, clock));
            latest[self] = clock;
        }
        owed = null;
        deliverReady(context);
    }

    /**
     * Acknowledges {@code update} to every other process (at once, or at the flush when batching), unless this
     * process already sent every other process a message later than it: that message acknowledges it
     * cumulatively. Its own updates need none (see the class comment).
     */
    private void acknowledge(
            TotalOrderMessage.Update update, int origin, Context<TotalOrderMessage, TotalOrderTimer> context) {
        Stamp last = new Stamp(update.lastTimestamp(), origin);
        if (last.isBefore(latest[self], self)) {
            return;
        }
        if (owed == null || last.compareTo(owed) > 0) {
            owed = last;
            owedSequence = update.sequence() + update.payloads().size() - 1;
        }
        if (maxBatch == 1) {
            flush(context);
        } else {
            arm(context);
        }
    }

    /** Puts every message {@code update} carries in the queue. */
    private void queueAll(TotalOrderMessage.Update update, int origin) {
        List<Object> payloads = update.payloads();
        for (int i = 0; i < payloads.size(); i++) {
            queue.put(
                    new Stamp(update.timestamp() + i, origin),
                    new Delivered(update.origin(), update.sequence() + i, payloads.get(i)));
        }
    }

    private void saw(NodeId process, long timestamp) {
        int index = indexOf(process);
        latest[index] = Math.max(latest[index], timestamp);
    }

    private int indexOf(NodeId process) {
        int index = members.indexOf(process);
        if (index < 0) {
            throw new IllegalArgumentException(process + " is not a member of " + members);
        }
        return index;
    }

    private void deliverReady(Context<TotalOrderMessage, TotalOrderTimer> context) {
        while (!queue.isEmpty() && laterFromEveryone(queue.firstKey())) {
            context.deliver(queue.pollFirstEntry().getValue());
        }
    }

    /** The lecture's rule: from each process other than the head's origin, a message later than the head. */
    private boolean laterFromEveryone(Stamp head) {
        for (int k = 0; k < latest.length; k++) {
            if (k != head.origin() && !head.isBefore(latest[k], k)) {
                return false;
            }
        }
        return true;
    }

    /** This process's Lamport clock. */
    public long clock() {
        return clock;
    }

    /** Messages queued and not yet delivered, its own publications not yet sent included. */
    public int queued() {
        return queue.size() + outbox.size();
    }

    @Override
    public TotalOrderMulticast copy() {
        return new TotalOrderMulticast(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TotalOrderMulticast that
                && maxBatch == that.maxBatch
                && batchDelayNanos == that.batchDelayNanos
                && clock == that.clock
                && self == that.self
                && published == that.published
                && flushArmed == that.flushArmed
                && owedSequence == that.owedSequence
                && Objects.equals(owed, that.owed)
                && queue.equals(that.queue)
                && members.equals(that.members)
                && Arrays.equals(latest, that.latest)
                && outbox.equals(that.outbox);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clock, published, flushArmed, owed, queue, outbox, Arrays.hashCode(latest));
    }

    @Override
    public SequencedMap<String, Object> displayState() {
        SequencedMap<String, Object> state = new LinkedHashMap<>();
        state.put("Lamport clock", clock);
        state.put(
                "queue",
                queue.keySet().stream()
                        .map(s -> s.timestamp() + "." + members.get(s.origin()))
                        .toList()
                        .toString());
        if (!outbox.isEmpty()) {
            state.put("to send", outbox.size());
        }
        return state;
    }

    @Override
    public String toString() {
        return "TotalOrderMulticast[clock=" + clock + ", queued=" + queue.size() + "]";
    }

    /** For tests: the highest timestamp seen per process (processes not heard from are left out). */
    Map<NodeId, Long> latest() {
        Map<NodeId, Long> seen = new TreeMap<>();
        for (int k = 0; k < latest.length; k++) {
            if (latest[k] > 0) {
                seen.put(members.get(k), latest[k]);
            }
        }
        return java.util.Collections.unmodifiableMap(seen);
    }
}
