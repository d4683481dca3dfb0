package dev.synchrony.multicast;

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
 * Totally ordered multicast through a sequencer: one fixed member, the <i>sequencer</i>, numbers every message
 * 1, 2, 3... and tells every member the numbers; each member delivers in number order. This is the other way to a
 * total order that the lecture's discussion of totally ordered multicast leaves open (instead of Lamport
 * timestamps and acknowledgements from everyone, a single process decides the order), and the one JGroups'
 * SEQUENCER protocol takes.
 *
 * <ul>
 *   <li>{@code Publish(payload)} at P: P numbers it with its own sequence (1, 2, 3...) and sends it to the sequencer
 *   in a {@link SequencerMessage.Submit} (the sequencer adds its own publications straight to its batch).</li>
 *   <li>The sequencer takes each member's submissions in that member's sequence order, appends them to its batch
 *   and, when the batch is sent, gives them the next global numbers in one {@link SequencerMessage.Ordered} to
 *   every other member; it delivers them itself at that moment.</li>
 *   <li>A member delivers global number k after 1..k-1; a batch that arrives early waits, a repeated one is
 *   dropped.</li>
 * </ul>
 *
 * <p><b>Batching.</b> Both a member's submissions and the sequencer's orders accumulate from the first one until
 * a {@link SequencerTimer#FLUSH} timer of {@code batchDelayNanos} fires, or until {@code maxBatch} are waiting: one
 * frame then carries them all. With the default delay of 0 the network runtime fires the timer after the event
 * loop's current turn, so everything read or published in that turn leaves together, and a lone message waits for
 * nothing but the end of the turn.
 *
 * <p><b>Cost.</b> One multicast by a member other than the sequencer: 1 submission + N-1 orders = N messages;
 * by the sequencer: N-1. A batch of b messages costs the same as one message. The order needs one round trip to the
 * sequencer, whatever N is (the Lamport algorithm needs a message from everyone).
 *
 * <p><b>Fault model.</b> Reliable channels (the link layer gives them over loss, duplication and reordering; on
 * raw channels this node itself tolerates reordering and duplicated frames, not loss). The sequencer is fixed
 * (the first member unless configured) and must not crash: if it does, the survivors still agree on everything
 * they delivered, but nothing more is delivered (nobody numbers new messages). A crash of any other member costs
 * only its own messages that the sequencer had not yet ordered. Crash and recovery is outside the model: a
 * restarted member starts again at global number 1 and waits forever for numbers the sequencer has passed. The
 * fixed sequencer was chosen over one elected on failure because safety across a change of sequencer needs the
 * members to agree on which numbers the old one handed out, which is a consensus (view-synchronous) problem of its
 * own; a fixed one needs no extra message and is what the lecture's centralized algorithms also assume.
 *
 * <p>Invariant: every member delivers a prefix of the same sequence, the sequencer's order. That order keeps each
 * member's own publication order (submissions are taken in sequence order) and extends causality: a message
 * published after its publisher delivered another is numbered after it, because the delivered one had its number
 * before anyone could deliver it.
 */
public final class SequencerTotalOrderMulticast implements Node<SequencerMessage, SequencerTimer, MulticastCommand> {

    private final NodeId sequencer;
    private final int maxBatch;
    private final long batchDelayNanos;

    /** Publications of this member so far (its sequence numbers). */
    private long published;
    /** This member's publications not yet submitted (the last {@code outbox.size()} of {@code published}). */
    private final ArrayList<Object> outbox;

    private boolean flushArmed;

    // At the sequencer only.
    /** The global number the next ordered message gets. */
    private long nextNumber = 1;
    /** Per member, the sequence number of its next submission to order. */
    private final TreeMap<NodeId, Long> nextFrom;
    /** Submissions that came before an earlier one of the same member (reordered raw channels only). */
    private final TreeMap<NodeId, TreeMap<Long, SequencerMessage.Submit>> early;
    /** Taken in order, not yet numbered and sent. */
    private final ArrayList<SequencerMessage.Entry> batch;

    // At every member.
    /** The global number to deliver next. */
    private long nextDeliver = 1;
    /** Batches that came before an earlier one, by first number. */
    private final TreeMap<Long, SequencerMessage.Ordered> held;

    /**
     * @param sequencer the member that orders (every member must be given the same one)
     * @param maxBatch the most messages one frame carries (at least 1; 1 sends each message on its own)
     * @param batchDelayNanos how long the first message of a batch waits for others (0: the end of the turn)
     */
    public SequencerTotalOrderMulticast(NodeId sequencer, int maxBatch, long batchDelayNanos) {
        Batching.check(maxBatch, batchDelayNanos);
        this.sequencer = Objects.requireNonNull(sequencer, "sequencer");
        this.maxBatch = maxBatch;
        this.batchDelayNanos = batchDelayNanos;
        this.outbox = new ArrayList<>();
        this.nextFrom = new TreeMap<>();
        this.early = new TreeMap<>();
        this.batch = new ArrayList<>();
        this.held = new TreeMap<>();
    }

    private SequencerTotalOrderMulticast(SequencerTotalOrderMulticast other) {
        this.sequencer = other.sequencer;
        this.maxBatch = other.maxBatch;
        this.batchDelayNanos = other.batchDelayNanos;
        this.published = other.published;
        this.outbox = new ArrayList<>(other.outbox);
        this.flushArmed = other.flushArmed;
        this.nextNumber = other.nextNumber;
        this.nextFrom = new TreeMap<>(other.nextFrom);
        this.early = new TreeMap<>();
        other.early.forEach((origin, submits) -> this.early.put(origin, new TreeMap<>(submits)));
        this.batch = new ArrayList<>(other.batch);
        this.nextDeliver = other.nextDeliver;
        this.held = new TreeMap<>(other.held);
    }

    @Override
    public void onStart(Context<SequencerMessage, SequencerTimer> context) {
        if (!context.members().contains(sequencer)) {
            throw new IllegalArgumentException("sequencer " + sequencer + " is not a member of " + context.members());
        }
    }

    @Override
    public void onCommand(MulticastCommand command, Context<SequencerMessage, SequencerTimer> context) {
        switch (command) {
            case MulticastCommand.Publish publish -> {
                published++;
                if (isSequencer(context)) {
                    take(new SequencerMessage.Submit(context.self(), published, List.of(publish.payload())), context);
                    return;
                }
                outbox.add(publish.payload());
                if (outbox.size() >= maxBatch) {
                    submit(context);
                } else {
                    arm(context);
                }
            }
        }
    }

    @Override
    public void onMessage(NodeId from, SequencerMessage message, Context<SequencerMessage, SequencerTimer> context) {
        switch (message) {
            case SequencerMessage.Submit submit -> {
                if (!isSequencer(context)) {
                    throw new IllegalArgumentException(context.self() + " got " + submit + " from " + from
                            + " but is not the sequencer (" + sequencer + " is): members disagree on --sequencer");
                }
                take(submit, context);
            }
            case SequencerMessage.Ordered ordered -> receive(ordered, context);
        }
    }

    @Override
    public void onTimer(SequencerTimer timer, Context<SequencerMessage, SequencerTimer> context) {
        switch (timer) {
            case FLUSH -> {
                flushArmed = false;
                submit(context);
                order(context);
            }
        }
    }

    private boolean isSequencer(Context<SequencerMessage, SequencerTimer> context) {
        return context.self().equals(sequencer);
    }

    private void arm(Context<SequencerMessage, SequencerTimer> context) {
        if (!flushArmed) {
            flushArmed = true;
            context.setTimer(SequencerTimer.FLUSH, batchDelayNanos);
        }
    }

    /** A member: sends its waiting publications to the sequencer in one submission. */
    private void submit(Context<SequencerMessage, SequencerTimer> context) {
        if (outbox.isEmpty()) {
            return;
        }
        long first = published - outbox.size() + 1;
        context.send(sequencer, new SequencerMessage.Submit(context.self(), first, outbox));
        outbox.clear();
    }

    /**
     * The sequencer: takes a submission if it is the member's next (and any held ones that follow it), holds one
     * that came early, ignores a repeated one.
     */
    private void take(SequencerMessage.Submit submit, Context<SequencerMessage, SequencerTimer> context) {
        long expected = nextFrom.getOrDefault(submit.origin(), 1L);
        if (submit.firstSequence() > expected) {
            early.computeIfAbsent(submit.origin(), o -> new TreeMap<>()).put(submit.firstSequence(), submit);
            return;
        }
        if (submit.firstSequence() < expected) {
            return; // a copy of a submission already taken
        }
        SequencerMessage.Submit next = submit;
        while (next != null) {
            for (int i = 0; i < next.payloads().size(); i++) {
                batch.add(new SequencerMessage.Entry(
                        next.origin(), next.firstSequence() + i, next.payloads().get(i)));
            }
            long following = next.firstSequence() + next.payloads().size();
            nextFrom.put(next.origin(), following);
            TreeMap<Long, SequencerMessage.Submit> waiting = early.get(next.origin());
            next = waiting == null ? null : waiting.remove(following);
            if (waiting != null) {
                waiting.headMap(following).clear();
                if (waiting.isEmpty()) {
                    early.remove(submit.origin());
                }
            }
        }
        if (batch.size() >= maxBatch) {
            order(context);
        } else {
            arm(context);
        }
    }

    /** The sequencer: numbers its batch, sends it to every other member and delivers it itself. */
    private void order(Context<SequencerMessage, SequencerTimer> context) {
        while (!batch.isEmpty()) {
            int size = Math.min(batch.size(), maxBatch);
            List<SequencerMessage.Entry> entries = List.copyOf(batch.subList(0, size));
            batch.subList(0, size).clear();
            SequencerMessage.Ordered ordered = new SequencerMessage.Ordered(nextNumber, entries);
            nextNumber += size;
            context.sendToOthers(ordered);
            receive(ordered, context);
        }
    }

    /** Every member: delivers a batch that is next, and any held ones that follow it; holds one that is early. */
    private void receive(SequencerMessage.Ordered ordered, Context<SequencerMessage, SequencerTimer> context) {
        if (ordered.firstNumber() > nextDeliver) {
            held.put(ordered.firstNumber(), ordered);
            return;
        }
        if (ordered.firstNumber() < nextDeliver) {
            return; // a copy of a batch already delivered
        }
        SequencerMessage.Ordered next = ordered;
        while (next != null) {
            for (SequencerMessage.Entry entry : next.entries()) {
                context.deliver(new Delivered(entry.origin(), entry.sequence(), entry.payload()));
            }
            nextDeliver += next.entries().size();
            held.headMap(nextDeliver).clear();
            next = held.remove(nextDeliver);
        }
    }

    public NodeId sequencer() {
        return sequencer;
    }

    /** The global number this member delivers next (one more than it delivered). */
    public long nextDeliver() {
        return nextDeliver;
    }

    /**
     * Messages this member keeps that the application has not been given: own publications not yet submitted,
     * batches held for an earlier one, and at the sequencer submissions held or not yet numbered.
     */
    public int queued() {
        int count = outbox.size() + batch.size();
        for (SequencerMessage.Ordered ordered : held.values()) {
            count += ordered.entries().size();
        }
        for (TreeMap<Long, SequencerMessage.Submit> submits : early.values()) {
            for (SequencerMessage.Submit submit : submits.values()) {
                count += submit.payloads().size();
            }
        }
        return count;
    }

    @Override
    public SequencerTotalOrderMulticast copy() {
        return new SequencerTotalOrderMulticast(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SequencerTotalOrderMulticast that
                && sequencer.equals(that.sequencer)
                && maxBatch == that.maxBatch
                && batchDelayNanos == that.batchDelayNanos
                && published == that.published
                && flushArmed == that.flushArmed
                && nextNumber == that.nextNumber
                && nextDeliver == that.nextDeliver
                && outbox.equals(that.outbox)
                && nextFrom.equals(that.nextFrom)
                && early.equals(that.early)
                && batch.equals(that.batch)
                && held.equals(that.held);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                sequencer, published, flushArmed, nextNumber, nextDeliver, outbox, nextFrom, early, batch, held);
    }

    @Override
    public SequencedMap<String, Object> displayState() {
        SequencedMap<String, Object> state = new LinkedHashMap<>();
        state.put("sequencer", sequencer);
        state.put("next to deliver", nextDeliver);
        if (!outbox.isEmpty()) {
            state.put("to submit", outbox.size());
        }
        if (!batch.isEmpty()) {
            state.put("to number", batch.toString());
        }
        if (!held.isEmpty()) {
            state.put("held batches", held.keySet().toString());
        }
        return state;
    }

    @Override
    public String toString() {
        return "SequencerTotalOrderMulticast[sequencer=" + sequencer + ", nextDeliver=" + nextDeliver + ", queued="
                + queued() + "]";
    }

    /** For tests: the next submission sequence the sequencer expects from each member. */
    Map<NodeId, Long> nextFrom() {
        return java.util.Collections.unmodifiableMap(nextFrom);
    }
}
