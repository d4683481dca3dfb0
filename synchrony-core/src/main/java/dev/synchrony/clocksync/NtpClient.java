package dev.synchrony.clocksync;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.Objects;

/**
 * An NTP client (the lecture's A): every poll interval it asks its time server for the time, turns the four
 * timestamps into a sample (offset theta, delay delta; see {@link NtpSample}), keeps the last eight in
 * {@link NtpClockFilter} and corrects its clock by the offset of the best one, by slewing (or, beyond the step
 * threshold, stepping).
 *
 * <p>Contract: a reply is used only if it answers the client's latest request (same sequence number and origin
 * timestamp, RFC 4330's check); late, duplicated or forged replies are ignored. Invariant: after each
 * correction of c, every stored sample's offset is reduced by c, so the filter's offsets are always relative to
 * the clock as corrected.
 *
 * <p>Source: the lecture (NTP, getting the current time from a server); D. Mills, RFC 5905, sections 8 and 10.
 */
public final class NtpClient implements Node<NtpMessage, NtpTimer, ClockSyncCommand> {

    /**
     * The client's settings.
     *
     * @param server the time server it polls
     * @param pollIntervalNanos time between polls on the local clock; 0 polls only when commanded
     * @param correction how it applies the offset to its clock
     * @param filterDriftRate drift rate charged to a sample's age when ranking samples (NTP's dispersion)
     */
    public record Config(NodeId server, long pollIntervalNanos, ClockCorrection correction, double filterDriftRate) {
        /**
         * Checks the settings.
         *
         * @throws IllegalArgumentException when the poll interval is negative
         */
        public Config {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(correction, "correction");
            if (pollIntervalNanos < 0) {
                throw new IllegalArgumentException("poll interval must be >= 0, got " + pollIntervalNanos + " ns");
            }
        }
    }

    private final Config config;
    private NtpClockFilter filter;
    private long sequence;
    private long outstandingOrigin;
    private boolean waiting;

    /**
     * A client before its first poll, its clock filter empty.
     *
     * @param config its settings
     */
    public NtpClient(Config config) {
        this.config = config;
        this.filter = new NtpClockFilter(config.filterDriftRate());
    }

    private NtpClient(NtpClient other) {
        this.config = other.config;
        this.filter = other.filter.copy();
        this.sequence = other.sequence;
        this.outstandingOrigin = other.outstandingOrigin;
        this.waiting = other.waiting;
    }

    @Override
    public void onStart(Context<NtpMessage, NtpTimer> context) {
        if (config.pollIntervalNanos() > 0) {
            // A random phase, so that clients do not all poll at once (and their skews are not in lockstep).
            context.setTimer(new NtpTimer.Poll(), context.random().nextLong(config.pollIntervalNanos()));
        }
    }

    @Override
    public void onTimer(NtpTimer timer, Context<NtpMessage, NtpTimer> context) {
        switch (timer) {
            case NtpTimer.Poll poll -> {
                poll(context);
                context.setTimer(poll, config.pollIntervalNanos());
            }
            case NtpTimer.ReplyDue due -> context.record("a client sends no replies: " + due);
        }
    }

    @Override
    public void onCommand(ClockSyncCommand command, Context<NtpMessage, NtpTimer> context) {
        switch (command) {
            case ClockSyncCommand.ReadClock read -> {}
            case ClockSyncCommand.Poll poll -> poll(context);
        }
    }

    private void poll(Context<NtpMessage, NtpTimer> context) {
        sequence++;
        outstandingOrigin = context.localTimeNanos();
        waiting = true;
        context.send(config.server(), new NtpMessage.Request(sequence, outstandingOrigin));
    }

    @Override
    public void onMessage(NodeId from, NtpMessage message, Context<NtpMessage, NtpTimer> context) {
        switch (message) {
            case NtpMessage.Reply reply -> onReply(from, reply, context);
            case NtpMessage.Request request -> context.record("ignored a request sent to a client: " + request);
        }
    }

    private void onReply(NodeId from, NtpMessage.Reply reply, Context<NtpMessage, NtpTimer> context) {
        long t4 = context.localTimeNanos();
        if (!waiting
                || !from.equals(config.server())
                || reply.sequence() != sequence
                || reply.originNanos() != outstandingOrigin) {
            context.record("ignored a stale or unexpected reply: " + reply);
            return;
        }
        waiting = false;
        NtpSample sample = NtpSample.of(reply.originNanos(), reply.receiveNanos(), reply.transmitNanos(), t4);
        filter.add(sample);
        NtpSample best = filter.best(t4).orElseThrow();
        context.record(new NtpSampleTaken(sample, best));
        long correction = best.offsetNanos();
        if (correction != 0) {
            context.record(config.correction().apply(context.clock(), correction));
            filter.corrected(correction);
        }
    }

    @Override
    public NtpClient copy() {
        return new NtpClient(this);
    }

    /**
     * The client's clock filter (a copy), for checks and the viewer.
     *
     * @return a copy of its samples and drift rate
     */
    public NtpClockFilter filter() {
        return filter.copy();
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("requests sent", sequence);
        state.put("awaiting a reply", waiting ? "yes" : "no");
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NtpClient that
                && config.equals(that.config)
                && filter.equals(that.filter)
                && sequence == that.sequence
                && outstandingOrigin == that.outstandingOrigin
                && waiting == that.waiting;
    }

    @Override
    public int hashCode() {
        return Objects.hash(config, filter, sequence, outstandingOrigin, waiting);
    }
}
