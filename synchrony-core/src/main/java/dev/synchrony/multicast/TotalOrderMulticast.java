package dev.synchrony.multicast;

import dev.synchrony.core.Context;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Totally ordered multicast with Lamport clocks, as the lecture states it:
 * <ul>
 *   <li>Process P_i sends a timestamped message msg_i to all others and puts it in its local queue_i.</li>
 *   <li>Any incoming message at P_j is queued in queue_j by its timestamp and acknowledged to every other
 *   process. (Here the sender acknowledges its own message too, so every process, the sender included, has sent
 *   a message later than msg_i once everyone has seen it: at most N-1 sends plus N(N-1) acknowledgements per
 *   multicast.)</li>
 *   <li>P_j passes msg_i to its application when msg_i is at the head of queue_j and, for each process P_k,
 *   P_j has seen a message from P_k with a larger timestamp.</li>
 * </ul>
 * The queue is ordered by (Lamport timestamp, sender id), sender ids ordered as {@link NodeId} orders them, so
 * equal timestamps are broken the same way everywhere.
 *
 * <p>Assumptions (the lecture's): channels are reliable and FIFO ({@link dev.synchrony.link.ReliableFifoLink}
 * provides them over a faulty network), and no process crashes. Because a channel is FIFO and a process's
 * timestamps only grow, "a message from P_k with a larger timestamp" is the same as "the highest timestamp
 * received from P_k is larger": this node keeps that highest timestamp per process instead of keeping every
 * acknowledgement in the queue.
 *
 * <p>Acknowledgements are cumulative: any message from P_j stamped T acknowledges, for the delivery rule, every
 * message stamped below T. So P_j sends no acknowledgement for an update stamped below the latest timestamp it
 * has already sent to all others (concurrent publishers' updates often are): the rule is unchanged, only
 * acknowledgements that would tell nobody anything new are left out. The highest timestamp P_j sent is
 * {@code latest[P_j]}, since every message it sends goes to all others.
 *
 * <p>Invariant: every process delivers the same messages in the same order, the order of (timestamp, sender),
 * which extends happened-before among multicasts. Liveness needs every process to keep answering: a crashed
 * process stops delivery everywhere (the queue's head waits for its acknowledgement forever).
 *
 * <p>Source: the lecture (after Lamport 1978 and van Steen and Tanenbaum, <i>Distributed Systems</i>, ch. 6).
 */
public final class TotalOrderMulticast implements Node<TotalOrderMessage, NoTimer, MulticastCommand> {

    /** The queue key: (Lamport timestamp, sender). */
    private record Stamp(long timestamp, NodeId origin) {}

    private static final Comparator<Stamp> ORDER =
            Comparator.comparingLong(Stamp::timestamp).thenComparing(Stamp::origin);

    private long clock;
    private long published;
    private final TreeMap<Stamp, TotalOrderMessage.Update> queue;
    /** The highest timestamp received from each process (for this process: the highest it sent). */
    private final TreeMap<NodeId, Long> latest;

    public TotalOrderMulticast() {
        this.queue = new TreeMap<>(ORDER);
        this.latest = new TreeMap<>();
    }

    private TotalOrderMulticast(TotalOrderMulticast other) {
        this.clock = other.clock;
        this.published = other.published;
        this.queue = new TreeMap<>(other.queue);
        this.latest = new TreeMap<>(other.latest);
    }

    @Override
    public void onStart(Context<TotalOrderMessage, NoTimer> context) {}

    @Override
    public void onCommand(MulticastCommand command, Context<TotalOrderMessage, NoTimer> context) {
        switch (command) {
            case MulticastCommand.Publish publish -> {
                clock++;
                TotalOrderMessage.Update update =
                        new TotalOrderMessage.Update(context.self(), ++published, clock, publish.payload());
                context.sendToOthers(update);
                enqueue(update, context);
            }
        }
    }

    @Override
    public void onMessage(NodeId from, TotalOrderMessage message, Context<TotalOrderMessage, NoTimer> context) {
        switch (message) {
            case TotalOrderMessage.Update update -> {
                clock = Math.max(clock, update.timestamp()) + 1;
                saw(from, update.timestamp());
                enqueue(update, context);
            }
            case TotalOrderMessage.Acknowledgement ack -> {
                clock = Math.max(clock, ack.timestamp()) + 1;
                saw(from, ack.timestamp());
            }
        }
        deliverReady(context);
    }

    @Override
    public void onTimer(NoTimer timer, Context<TotalOrderMessage, NoTimer> context) {}

    /**
     * Queues {@code update} and acknowledges it to every other process, unless this process already sent every
     * other process a message stamped later than the update: that message acknowledges it cumulatively (the
     * delivery rule asks only for a later-stamped message from each process, and any later message does).
     */
    private void enqueue(TotalOrderMessage.Update update, Context<TotalOrderMessage, NoTimer> context) {
        queue.put(new Stamp(update.timestamp(), update.origin()), update);
        Long sentLatest = latest.get(context.self());
        if (sentLatest != null && sentLatest > update.timestamp()) {
            deliverReady(context);
            return;
        }
        clock++;
        context.sendToOthers(new TotalOrderMessage.Acknowledgement(update.origin(), update.sequence(), clock));
        saw(context.self(), clock);
        deliverReady(context);
    }

    private void saw(NodeId process, long timestamp) {
        latest.merge(process, timestamp, Math::max);
    }

    private void deliverReady(Context<TotalOrderMessage, NoTimer> context) {
        while (!queue.isEmpty() && laterFromEveryone(queue.firstKey(), context)) {
            TotalOrderMessage.Update head = queue.pollFirstEntry().getValue();
            context.deliver(new Delivered(head.origin(), head.sequence(), head.payload()));
        }
    }

    private boolean laterFromEveryone(Stamp head, Context<TotalOrderMessage, NoTimer> context) {
        for (NodeId process : context.members()) {
            Long seen = latest.get(process);
            if (seen == null || ORDER.compare(new Stamp(seen, process), head) <= 0) {
                return false;
            }
        }
        return true;
    }

    /** This process's Lamport clock. */
    public long clock() {
        return clock;
    }

    /** Messages queued and not yet delivered. */
    public int queued() {
        return queue.size();
    }

    @Override
    public TotalOrderMulticast copy() {
        return new TotalOrderMulticast(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TotalOrderMulticast that
                && clock == that.clock
                && published == that.published
                && queue.equals(that.queue)
                && latest.equals(that.latest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clock, published, queue, latest);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("Lamport clock", clock);
        state.put(
                "queue",
                queue.keySet().stream()
                        .map(s -> s.timestamp() + "." + s.origin())
                        .toList()
                        .toString());
        return state;
    }

    @Override
    public String toString() {
        return "TotalOrderMulticast[clock=" + clock + ", queued=" + queue.keySet() + "]";
    }

    /** For tests: the highest timestamp seen per process. */
    Map<NodeId, Long> latest() {
        return java.util.Collections.unmodifiableMap(latest);
    }
}
