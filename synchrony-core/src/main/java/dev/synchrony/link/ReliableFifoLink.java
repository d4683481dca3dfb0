package dev.synchrony.link;

import dev.synchrony.core.Context;
import dev.synchrony.core.LayeredContext;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A reliable, FIFO link layer stacked under any algorithm node. The inner node acts through a context whose
 * {@code send} is reliable and FIFO per link, over a network that loses, duplicates and reorders messages.
 *
 * <p><b>How.</b> Per peer, the sender numbers its messages 1, 2, 3... within a stream, keeps every message
 * until the peer acknowledges it, and retransmits all unacknowledged messages of the window when the
 * retransmission timer fires. The wait is estimated per peer from measured round trips as TCP does
 * ({@link RoundTripEstimator}: SRTT + K RTTVAR, clamped; {@link LinkConfig#initialRetransmitNanos()} until the first
 * sample or another link's estimate; at most two round trips for a lone frame; once more when the timer is handled
 * late) and grows by {@link LinkConfig#backoffMultiplier()} up to {@link LinkConfig#maxRetransmitNanos()} while
 * retransmissions bring no progress, until an acknowledgement makes progress. Every frame carries its send time
 * on the sender's clock and every acknowledgement echoes one (the timestamps of RFC 7323), so each
 * acknowledgement that makes progress is a round-trip sample, also for frames sent several times: the echo names
 * the copy answered, which removes the ambiguity that made TCP's Karn rule discard such frames (on a loaded
 * machine every frame was retransmitted before it could be timed, and the estimate never learnt). The same echo
 * tells a retransmission that was not needed (an earlier copy arrived) from one that was; the link records each
 * such frame as a {@link SpuriousRetransmission} (RFC 3522's Eifel detection). The receiver hands message k to the
 * inner node only after 1..k-1, buffers messages that arrive early
 * (within the window), drops duplicates, and answers each frame with a cumulative acknowledgement.
 *
 * <p><b>Guarantees</b>, for two processes that stay up and whose link eventually delivers some retransmission
 * within the bound: every message the inner node of p sends to q is handed to q's inner node exactly once, in
 * send order, and no message is invented (the link hands over only payloads some inner node sent).
 *
 * <p><b>What it cannot do.</b>
 * <ul>
 *   <li>A crashed peer receives nothing. Messages to it are retransmitted, with backoff, until
 *   {@link LinkConfig#maxRetransmissions()} rounds pass without progress; the link then drops them, records a
 *   {@link LinkReset} ({@code GAVE_UP}) and starts a fresh stream, so later messages still flow in order if the
 *   peer comes back. The inner node is not told; an algorithm that must know uses its own failure detector.</li>
 *   <li>A restarted process has lost its state, including the link's. Each incarnation has an epoch (its local
 *   clock reading at start), carried by every frame: a receiver resets its state for a sender whose epoch is
 *   newer and ignores frames of older epochs, so the new incarnation's sequence numbers are never confused with
 *   the old ones. A sender that hears an acknowledgement from a newer incarnation of its peer drops the messages
 *   the old incarnation had not acknowledged ({@link LinkReset}, {@code PEER_RESTARTED}): they were meant for
 *   state that no longer exists. So delivery is exactly-once per pair of incarnations, not across restarts; a
 *   message in flight when its receiver crashed may be lost, and one delivered just before a crash whose
 *   acknowledgement was lost may be delivered once more to the next incarnation if the sender had not yet
 *   heard from the old one.</li>
 *   <li>Epochs assume that a process's clock reads later at each restart (it is not stepped back by more than
 *   the downtime).</li>
 *   <li>FIFO holds per link. Order across different senders is the algorithm's business (that is what the
 *   ordered multicasts add).</li>
 * </ul>
 *
 * <p>Value semantics: {@link #copy()}, {@code equals} and {@code hashCode} cover the inner node and every
 * link's state; maps are {@link TreeMap}s so iteration is deterministic.
 *
 * <p>Source: the sliding-window and cumulative-acknowledgement scheme of TCP-like protocols (e.g. Tanenbaum and
 * van Steen, <i>Distributed Systems</i>, on reliable communication); the lecture assumes such channels under its
 * ordered multicasts.
 *
 * @param <M> the inner algorithm's messages
 * @param <T> the inner algorithm's timers
 * @param <C> the inner algorithm's commands, passed through
 */
public final class ReliableFifoLink<M, T, C> implements Node<LinkMessage<M>, LinkTimer<T>, C> {

    private final Node<M, T, C> inner;
    private final LinkConfig config;
    private long epoch;
    private final TreeMap<NodeId, Outgoing<M>> outgoing;
    private final TreeMap<NodeId, Incoming<M>> incoming;
    /** Acknowledgements answering a later copy than the oldest frame's before it is sent again (RFC 5681's 3). */
    static final int FAST_RETRANSMIT_THRESHOLD = 3;

    /**
     * A retransmission timer handled more than this after it came due shows that this process itself was held up
     * (a scheduler or garbage-collection pause, a long burst of input handled ahead of the timer), and the answer
     * may be among what waits to be read; then the link waits once more before sending again (see
     * {@link #retransmit}). Timers of a process that runs on time (the simulator's, a quiet event loop's, which
     * fires within a millisecond) are never this late.
     */
    static final long LATE_TIMER_NANOS = 1_000_000L;

    /** K of every link's wait, learnt from all of them. */
    private final DeviationWeight deviationWeight;
    /**
     * Statistics for operators and benchmarks, not state: frames sent again, and those of them found spurious.
     * Left out of {@code equals} and {@code hashCode}, so two links that would act alike compare equal.
     */
    private long retransmittedFrames;

    private long spuriousFrames;

    private ReliableFifoLink(Node<M, T, C> inner, LinkConfig config) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.config = Objects.requireNonNull(config, "config");
        this.epoch = LinkMessage.UNKNOWN_EPOCH;
        this.outgoing = new TreeMap<>();
        this.incoming = new TreeMap<>();
        this.deviationWeight = new DeviationWeight();
    }

    private ReliableFifoLink(ReliableFifoLink<M, T, C> other) {
        this.inner = other.inner.copy();
        this.config = other.config;
        this.epoch = other.epoch;
        this.deviationWeight = other.deviationWeight.copy();
        this.outgoing = new TreeMap<>();
        other.outgoing.forEach((peer, link) -> outgoing.put(peer, link.copy(deviationWeight)));
        this.incoming = new TreeMap<>();
        other.incoming.forEach((peer, link) -> incoming.put(peer, link.copy()));
        this.retransmittedFrames = other.retransmittedFrames;
        this.spuriousFrames = other.spuriousFrames;
    }

    /** {@code inner} over reliable FIFO links with {@link LinkConfig#DEFAULT}. */
    public static <M, T, C> ReliableFifoLink<M, T, C> over(Node<M, T, C> inner) {
        return new ReliableFifoLink<>(inner, LinkConfig.DEFAULT);
    }

    public static <M, T, C> ReliableFifoLink<M, T, C> over(Node<M, T, C> inner, LinkConfig config) {
        return new ReliableFifoLink<>(inner, config);
    }

    /** The algorithm above the link (for checkers and summaries; do not drive it directly). */
    public Node<M, T, C> inner() {
        return inner;
    }

    public LinkConfig config() {
        return config;
    }

    /** This incarnation's epoch, or {@link LinkMessage#UNKNOWN_EPOCH} before start. */
    public long epoch() {
        return epoch;
    }

    /** Messages sent to {@code peer} and not yet acknowledged (on the wire or waiting for the window). */
    public int unacknowledged(NodeId peer) {
        Outgoing<M> link = outgoing.get(peer);
        return link == null ? 0 : link.pending.size();
    }

    /** Data frames sent more than once so far, to all peers (each copy after the first counts). */
    public long retransmittedFrames() {
        return retransmittedFrames;
    }

    /** Of {@link #retransmittedFrames()}, those found spurious from the echoed timestamps so far. */
    public long spuriousRetransmissions() {
        return spuriousFrames;
    }

    /** K of the links' waits (for tests). */
    DeviationWeight deviationWeight() {
        return deviationWeight;
    }

    /** The retransmission timeout estimator of the link to {@code peer}, or null before anything was sent to it. */
    RoundTripEstimator roundTrip(NodeId peer) {
        Outgoing<M> link = outgoing.get(peer);
        return link == null ? null : link.roundTrip;
    }

    @Override
    public void onStart(Context<LinkMessage<M>, LinkTimer<T>> context) {
        epoch = context.clock().nanos();
        inner.onStart(new InnerContext(context));
    }

    @Override
    public void onMessage(NodeId from, LinkMessage<M> message, Context<LinkMessage<M>, LinkTimer<T>> context) {
        Outgoing<M> toSender = outgoing.get(from);
        if (toSender != null) {
            toSender.heardFrom = true;
        }
        switch (message) {
            case LinkMessage.Data<M> data -> receiveData(from, data, context);
            case LinkMessage.Ack<M> ack -> receiveAck(from, ack, context);
        }
    }

    @Override
    public void onTimer(LinkTimer<T> timer, Context<LinkMessage<M>, LinkTimer<T>> context) {
        switch (timer) {
            case LinkTimer.Inner<T> wrapped -> inner.onTimer(wrapped.timer(), new InnerContext(context));
            case LinkTimer.Retransmit<T> retransmit -> retransmit(retransmit.peer(), context);
        }
    }

    @Override
    public void onCommand(C command, Context<LinkMessage<M>, LinkTimer<T>> context) {
        inner.onCommand(command, new InnerContext(context));
    }

    // ---- sending side ----

    private void sendReliably(NodeId to, M payload, Context<LinkMessage<M>, LinkTimer<T>> context) {
        Outgoing<M> link =
                outgoing.computeIfAbsent(to, peer -> new Outgoing<>(new RoundTripEstimator(config, deviationWeight)));
        Pending<M> pending = new Pending<>(link.nextSequence++, payload, 0, 0);
        link.pending.addLast(pending);
        if (link.pending.size() <= config.windowSize()) {
            transmit(to, link, pending, context);
            if (link.timerArmed && link.loneFrameWait) {
                // No longer alone: later frames can now reveal its loss, so the full estimate applies, from when
                // the timer was armed.
                long due = link.timerArmedNanos + link.roundTrip.timeoutNanos();
                link.loneFrameWait = false;
                link.timerDueNanos = due;
                context.cancelTimer(new LinkTimer.Retransmit<>(to));
                context.setTimer(new LinkTimer.Retransmit<>(to), Math.max(0, due - sinceEpoch(context)));
            }
            armIfIdle(to, link, context);
        }
    }

    private void transmit(
            NodeId to, Outgoing<M> link, Pending<M> pending, Context<LinkMessage<M>, LinkTimer<T>> context) {
        long now = sinceEpoch(context);
        pending.lastSentNanos = now;
        if (pending.sequence > link.highestTransmitted) {
            link.highestTransmitted = pending.sequence;
        } else {
            // Sent before: remember when it was first sent again, to tell from the echo which copy is answered.
            if (pending.retransmissions == 0) {
                pending.firstRetransmitNanos = now;
            }
            pending.retransmissions++;
            retransmittedFrames++;
        }
        context.send(
                to, new LinkMessage.Data<>(epoch, link.stream, link.peerEpoch, pending.sequence, now, pending.payload));
    }

    /** The timestamps: nanoseconds since this incarnation started, short varints on the wire. */
    private long sinceEpoch(Context<LinkMessage<M>, LinkTimer<T>> context) {
        return context.clock().nanos() - epoch;
    }

    private void armIfIdle(NodeId to, Outgoing<M> link, Context<LinkMessage<M>, LinkTimer<T>> context) {
        if (!link.timerArmed && !link.pending.isEmpty()) {
            startFromAnotherLink(link);
            link.timerArmed = true;
            long inFlight = link.highestTransmitted - link.pending.peekFirst().sequence + 1;
            // A lone frame, on its first wait since the last progress, waits at most two round trips (see
            // RoundTripEstimator.loneFrameTimeoutNanos); after a timeout the backed-off wait applies as before.
            long wait = link.roundTrip.timeoutNanos();
            link.loneFrameWait = false;
            if (inFlight == 1 && link.roundsWithoutProgress == 0) {
                long lone = link.roundTrip.loneFrameTimeoutNanos();
                link.loneFrameWait = lone < wait;
                wait = lone;
            }
            link.timerArmedNanos = sinceEpoch(context);
            link.timerDueNanos = link.timerArmedNanos + wait;
            context.setTimer(new LinkTimer.Retransmit<>(to), wait);
        }
    }

    /**
     * A link that has measured nothing yet starts from the estimate of the first of the process's other links that
     * has one ({@link RoundTripEstimator#startFrom}); not while it is backing off from a silent peer, whose
     * growing wait (and the give-up bound it paces) must not fall back to the others' round trip.
     */
    private void startFromAnotherLink(Outgoing<M> link) {
        if (link.roundTrip.measured() || link.roundsWithoutProgress > 0) {
            return;
        }
        for (Outgoing<M> other : outgoing.values()) {
            if (other != link && other.roundTrip.measured()) {
                link.roundTrip.startFrom(other.roundTrip);
                return;
            }
        }
    }

    private void disarm(NodeId to, Outgoing<M> link, Context<LinkMessage<M>, LinkTimer<T>> context) {
        if (link.timerArmed) {
            link.timerArmed = false;
            context.cancelTimer(new LinkTimer.Retransmit<>(to));
        }
    }

    private void receiveAck(NodeId from, LinkMessage.Ack<M> ack, Context<LinkMessage<M>, LinkTimer<T>> context) {
        Outgoing<M> link = outgoing.get(from);
        if (link == null || ack.senderEpoch() != epoch || ack.stream() != link.stream) {
            return; // about an earlier incarnation or stream of ours
        }
        if (link.peerEpoch == LinkMessage.UNKNOWN_EPOCH) {
            link.peerEpoch = ack.receiverEpoch();
        } else if (ack.receiverEpoch() > link.peerEpoch) {
            reset(from, link, ack.receiverEpoch(), LinkReset.Reason.PEER_RESTARTED, context);
            return;
        } else if (ack.receiverEpoch() < link.peerEpoch) {
            return; // from an incarnation of the peer that is gone
        }
        boolean progress = false;
        boolean judged = false;
        long inFlight = link.pending.isEmpty() ? 0 : link.highestTransmitted - link.pending.peekFirst().sequence + 1;
        long covered = 0;
        while (!link.pending.isEmpty() && link.pending.peekFirst().sequence <= ack.cumulative()) {
            Pending<M> acknowledged = link.pending.removeFirst();
            progress = true;
            covered++;
            if (acknowledged.retransmissions == 0 || ack.echo() == LinkMessage.NO_TIMESTAMP) {
                continue;
            }
            // The answer is to a copy sent before the first retransmission: every retransmission was spurious.
            boolean spurious = ack.echo() < acknowledged.firstRetransmitNanos;
            if (spurious) {
                spuriousFrames += acknowledged.retransmissions;
                context.record(new SpuriousRetransmission(from, acknowledged.sequence, acknowledged.retransmissions));
            }
            if (!judged) {
                // One verdict per acknowledgement, from its oldest retransmitted frame as Eifel does: the later
                // frames of a retransmitted window are answered by the same copy and say nothing more.
                judged = true;
                if (spurious) {
                    deviationWeight.spurious();
                } else {
                    deviationWeight.needed();
                }
            }
        }
        if (!progress) {
            fastRetransmitIfOvertaken(from, link, ack, context);
            return;
        }
        link.overtakingAcks = 0;
        link.deferred = false;
        link.heardFrom = false; // counted afresh for what is still unacknowledged
        if (ack.echo() != LinkMessage.NO_TIMESTAMP) {
            // The echo names the copy answered, so this is a true round trip even for a frame sent twice (no Karn
            // ambiguity). Only acknowledgements that make progress are sampled (RFC 7323, 4.2): an old duplicate
            // acknowledgement would echo a stale time. Weighed by the share of the window it covers, so that a
            // window counts as one round trip however many acknowledgements answer it.
            startFromAnotherLink(link);
            link.roundTrip.sample(sinceEpoch(context) - ack.echo(), covered, inFlight);
        }
        // Progress: the peer is alive, so count rounds without progress afresh and fill the window again.
        link.roundTrip.progress();
        link.roundsWithoutProgress = 0;
        int index = 0;
        for (Pending<M> pending : link.pending) {
            if (index++ >= config.windowSize()) {
                break;
            }
            if (pending.sequence > link.highestTransmitted) {
                transmit(from, link, pending, context);
            }
        }
        disarm(from, link, context);
        armIfIdle(from, link, context);
    }

    /**
     * Fast retransmit (RFC 5681) with early retransmit's lower threshold when few frames are in flight (RFC 5827),
     * told apart from duplicates by the echo: an acknowledgement that makes no progress but answers a copy sent
     * after the oldest unacknowledged frame's last copy means a later frame overtook that one, which is probably
     * lost. At the threshold the oldest frame alone is sent again, without waiting for the timer. A network
     * duplicate of an old frame answers an older copy and does not count.
     */
    private void fastRetransmitIfOvertaken(
            NodeId peer, Outgoing<M> link, LinkMessage.Ack<M> ack, Context<LinkMessage<M>, LinkTimer<T>> context) {
        Pending<M> oldest = link.pending.peekFirst();
        if (oldest == null
                || oldest.sequence != ack.cumulative() + 1
                || ack.echo() == LinkMessage.NO_TIMESTAMP
                || ack.echo() <= oldest.lastSentNanos) {
            return;
        }
        long inFlight = link.highestTransmitted - ack.cumulative();
        int threshold = (int) Math.max(1, Math.min(FAST_RETRANSMIT_THRESHOLD, inFlight - 1));
        if (++link.overtakingAcks >= threshold) {
            // Counted afresh against the new copy: if it is lost too, frames sent after it will say so again.
            link.overtakingAcks = 0;
            transmit(peer, link, oldest, context);
        }
    }

    private void retransmit(NodeId peer, Context<LinkMessage<M>, LinkTimer<T>> context) {
        Outgoing<M> link = outgoing.get(peer);
        if (link == null || !link.timerArmed) {
            return; // stale timer
        }
        link.timerArmed = false;
        if (link.pending.isEmpty()) {
            return;
        }
        if (!link.deferred && sinceEpoch(context) - link.timerDueNanos > LATE_TIMER_NANOS) {
            // Handled late: this process was held up, and so, if the whole machine or runtime stalled, was the peer
            // that must answer. The frames may well have arrived and their acknowledgement be on its way or waiting
            // to be read, so wait once more, from now, before taking them for lost (measured on loopback under
            // load, most spurious retransmissions were timers handled milliseconds late). Once per round: a
            // process that is always late still retransmits, one wait later.
            link.deferred = true;
            armIfIdle(peer, link, context);
            return;
        }
        link.deferred = false;
        link.roundsWithoutProgress++;
        if (link.roundsWithoutProgress > config.maxRetransmissions()) {
            reset(peer, link, link.peerEpoch, LinkReset.Reason.GAVE_UP, context);
            return;
        }
        link.overtakingAcks = 0;
        int index = 0;
        for (Pending<M> pending : link.pending) {
            if (index++ >= config.windowSize()) {
                break;
            }
            transmit(peer, link, pending, context);
        }
        if (link.heardFrom) {
            // The peer spoke since the last round: it is up, so this was the network losing frames, not a silent
            // peer, and a longer wait would only delay the recovery (the give-up bound still counts the round).
            link.roundTrip.progress();
        } else {
            link.roundTrip.backoff();
        }
        link.heardFrom = false;
        armIfIdle(peer, link, context);
    }

    /** Drops what the link could not deliver and starts a fresh stream to {@code peer}. */
    private void reset(
            NodeId peer,
            Outgoing<M> link,
            long peerEpoch,
            LinkReset.Reason reason,
            Context<LinkMessage<M>, LinkTimer<T>> context) {
        int dropped = link.pending.size();
        disarm(peer, link, context);
        link.pending.clear();
        link.stream++;
        link.nextSequence = 1;
        link.highestTransmitted = 0;
        link.peerEpoch = peerEpoch;
        link.roundTrip.clearBackoff(); // the round trip to the peer's host is still a good guess; the backoff is not
        link.roundsWithoutProgress = 0;
        link.overtakingAcks = 0;
        link.deferred = false;
        context.record(new LinkReset(peer, reason, dropped));
    }

    // ---- receiving side ----

    private void receiveData(NodeId from, LinkMessage.Data<M> data, Context<LinkMessage<M>, LinkTimer<T>> context) {
        if (data.receiverEpoch() != LinkMessage.UNKNOWN_EPOCH && data.receiverEpoch() != epoch) {
            if (data.receiverEpoch() < epoch) {
                // Meant for an earlier incarnation of this process: tell the sender who answers now.
                context.send(
                        from,
                        new LinkMessage.Ack<>(data.senderEpoch(), data.stream(), epoch, 0, LinkMessage.NO_TIMESTAMP));
            }
            return;
        }
        Incoming<M> link = incoming.get(from);
        if (link == null || newer(data, link)) {
            link = new Incoming<>(data.senderEpoch(), data.stream());
            incoming.put(from, link);
        } else if (data.senderEpoch() != link.senderEpoch || data.stream() != link.stream) {
            return; // an older incarnation or stream of the sender: superseded
        }
        long sequence = data.sequence();
        if (sequence >= link.nextExpected && sequence < link.nextExpected + config.windowSize()) {
            link.early.putIfAbsent(sequence, data.payload());
        }
        InnerContext innerContext = null;
        while (!link.early.isEmpty() && link.early.firstKey() == link.nextExpected) {
            M payload = link.early.pollFirstEntry().getValue();
            link.nextExpected++;
            if (innerContext == null) {
                innerContext = new InnerContext(context);
            }
            inner.onMessage(from, payload, innerContext);
        }
        // Acknowledge every frame, duplicates too: the duplicate may mean our acknowledgement was lost.
        context.send(
                from,
                new LinkMessage.Ack<>(link.senderEpoch, link.stream, epoch, link.nextExpected - 1, data.timestamp()));
    }

    private static boolean newer(LinkMessage.Data<?> data, Incoming<?> link) {
        return data.senderEpoch() > link.senderEpoch
                || (data.senderEpoch() == link.senderEpoch && data.stream() > link.stream);
    }

    // ---- value semantics ----

    @Override
    public ReliableFifoLink<M, T, C> copy() {
        return new ReliableFifoLink<>(this);
    }

    /** The wrapped algorithm's state first, then what the link layer holds unacknowledged. */
    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = inner.displayState();
        int unacknowledged = 0;
        for (Outgoing<M> link : outgoing.values()) {
            unacknowledged += link.pending.size();
        }
        state.put("link: unacknowledged", unacknowledged);
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReliableFifoLink<?, ?, ?> that
                && epoch == that.epoch
                && config.equals(that.config)
                && deviationWeight.equals(that.deviationWeight)
                && inner.equals(that.inner)
                && outgoing.equals(that.outgoing)
                && incoming.equals(that.incoming);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inner, config, epoch, deviationWeight, outgoing, incoming);
    }

    @Override
    public String toString() {
        return "ReliableFifoLink[" + inner + "]";
    }

    /**
     * A message kept until acknowledged, with when it was first sent again and how many times (0: sent once), so
     * that the acknowledgement's echo tells whether the retransmissions were needed.
     */
    private static final class Pending<M> {
        final long sequence;
        final M payload;
        long firstRetransmitNanos;
        int retransmissions;
        long lastSentNanos;

        Pending(long sequence, M payload, long firstRetransmitNanos, int retransmissions) {
            this.sequence = sequence;
            this.payload = payload;
            this.firstRetransmitNanos = firstRetransmitNanos;
            this.retransmissions = retransmissions;
        }

        Pending<M> copy() {
            Pending<M> copy = new Pending<>(sequence, payload, firstRetransmitNanos, retransmissions);
            copy.lastSentNanos = lastSentNanos;
            return copy;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Pending<?> that
                    && sequence == that.sequence
                    && firstRetransmitNanos == that.firstRetransmitNanos
                    && retransmissions == that.retransmissions
                    && lastSentNanos == that.lastSentNanos
                    && payload.equals(that.payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sequence, payload, firstRetransmitNanos, retransmissions, lastSentNanos);
        }
    }

    /** The sending half of the link to one peer. */
    private static final class Outgoing<M> {
        final ArrayDeque<Pending<M>> pending = new ArrayDeque<>();
        int stream;
        long nextSequence = 1;
        long highestTransmitted;
        long peerEpoch = LinkMessage.UNKNOWN_EPOCH;
        final RoundTripEstimator roundTrip;
        int roundsWithoutProgress;
        /** Acknowledgements since the last progress that show the oldest frame overtaken (fast retransmit). */
        int overtakingAcks;
        /** Whether any frame came from the peer since the last retransmission round or progress (then no backoff). */
        boolean heardFrom;

        boolean timerArmed;
        /** When the retransmission timer was armed and when it comes due (since the epoch; see retransmit). */
        long timerArmedNanos;

        long timerDueNanos;
        /** Whether the armed timer waits the shorter wait of a lone frame (lengthened when another frame follows). */
        boolean loneFrameWait;
        /** Whether the timer was handled late and put off once since the last round or progress. */
        boolean deferred;

        Outgoing(RoundTripEstimator roundTrip) {
            this.roundTrip = roundTrip;
        }

        Outgoing<M> copy(DeviationWeight weight) {
            Outgoing<M> copy = new Outgoing<>(roundTrip.copy(weight));
            pending.forEach(message -> copy.pending.addLast(message.copy()));
            copy.stream = stream;
            copy.nextSequence = nextSequence;
            copy.highestTransmitted = highestTransmitted;
            copy.peerEpoch = peerEpoch;
            copy.roundsWithoutProgress = roundsWithoutProgress;
            copy.overtakingAcks = overtakingAcks;
            copy.heardFrom = heardFrom;
            copy.timerArmed = timerArmed;
            copy.timerArmedNanos = timerArmedNanos;
            copy.timerDueNanos = timerDueNanos;
            copy.loneFrameWait = loneFrameWait;
            copy.deferred = deferred;
            return copy;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Outgoing<?> that
                    && stream == that.stream
                    && nextSequence == that.nextSequence
                    && highestTransmitted == that.highestTransmitted
                    && peerEpoch == that.peerEpoch
                    && roundTrip.equals(that.roundTrip)
                    && roundsWithoutProgress == that.roundsWithoutProgress
                    && overtakingAcks == that.overtakingAcks
                    && heardFrom == that.heardFrom
                    && timerArmed == that.timerArmed
                    && timerArmedNanos == that.timerArmedNanos
                    && timerDueNanos == that.timerDueNanos
                    && loneFrameWait == that.loneFrameWait
                    && deferred == that.deferred
                    && List.copyOf(pending).equals(List.copyOf(that.pending));
        }

        @Override
        public int hashCode() {
            return Objects.hash(
                    List.copyOf(pending),
                    stream,
                    nextSequence,
                    highestTransmitted,
                    peerEpoch,
                    roundTrip,
                    roundsWithoutProgress,
                    overtakingAcks,
                    heardFrom,
                    timerArmed,
                    timerArmedNanos,
                    timerDueNanos,
                    loneFrameWait,
                    deferred);
        }
    }

    /** The receiving half of the link from one peer. */
    private static final class Incoming<M> {
        final long senderEpoch;
        final int stream;
        long nextExpected = 1;
        final TreeMap<Long, M> early = new TreeMap<>();

        Incoming(long senderEpoch, int stream) {
            this.senderEpoch = senderEpoch;
            this.stream = stream;
        }

        Incoming<M> copy() {
            Incoming<M> copy = new Incoming<>(senderEpoch, stream);
            copy.nextExpected = nextExpected;
            copy.early.putAll(early);
            return copy;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Incoming<?> that
                    && senderEpoch == that.senderEpoch
                    && stream == that.stream
                    && nextExpected == that.nextExpected
                    && early.equals(that.early);
        }

        @Override
        public int hashCode() {
            return Objects.hash(senderEpoch, stream, nextExpected, early);
        }
    }

    /** The context the inner node sees: {@code send} goes through the link, timers are wrapped. */
    private final class InnerContext extends LayeredContext<M, T> {
        private final Context<LinkMessage<M>, LinkTimer<T>> outer;

        InnerContext(Context<LinkMessage<M>, LinkTimer<T>> outer) {
            super(outer);
            this.outer = outer;
        }

        @Override
        public void send(NodeId to, M message) {
            sendReliably(to, Objects.requireNonNull(message, "message"), outer);
        }

        @Override
        public void setTimer(T timer, long delayNanos) {
            outer.setTimer(new LinkTimer.Inner<>(timer), delayNanos);
        }

        @Override
        public void cancelTimer(T timer) {
            outer.cancelTimer(new LinkTimer.Inner<>(timer));
        }
    }
}
