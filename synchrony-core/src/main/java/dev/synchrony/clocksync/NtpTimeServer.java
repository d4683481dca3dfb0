package dev.synchrony.clocksync;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;

/**
 * The time server of the lecture's NTP figure (B): it answers each request with its clock's readings when the
 * request arrived (T2) and when the reply left (T3), and echoes the client's T1. With a processing time, the
 * reply leaves that long after the request arrived (on the server's clock), as in the figure, where T3 > T2; the
 * client subtracts T3 - T2 from the delay. The pending reply travels in the timer, so the server's only state
 * is its processing time.
 */
public final class NtpTimeServer implements Node<NtpMessage, NtpTimer, ClockSyncCommand> {

    private final long processingNanos;

    /** A server that replies at once (no processing time). */
    public NtpTimeServer() {
        this(0);
    }

    /**
     * A server that takes {@code processingNanos} to reply, so that T3 differs from T2.
     *
     * @param processingNanos time between a request's arrival and its reply's departure, on the server's clock
     * @throws IllegalArgumentException when it is negative
     */
    public NtpTimeServer(long processingNanos) {
        if (processingNanos < 0) {
            throw new IllegalArgumentException("processing time must be >= 0, got " + processingNanos + " ns");
        }
        this.processingNanos = processingNanos;
    }

    @Override
    public void onStart(Context<NtpMessage, NtpTimer> context) {}

    @Override
    public void onMessage(NodeId from, NtpMessage message, Context<NtpMessage, NtpTimer> context) {
        switch (message) {
            case NtpMessage.Request request -> {
                long receive = context.localTimeNanos();
                if (processingNanos == 0) {
                    context.send(
                            from,
                            new NtpMessage.Reply(
                                    request.sequence(), request.originNanos(), receive, context.localTimeNanos()));
                } else {
                    context.setTimer(
                            new NtpTimer.ReplyDue(from, request.sequence(), request.originNanos(), receive),
                            processingNanos);
                }
            }
            case NtpMessage.Reply reply -> context.record("ignored a reply sent to a server: " + reply);
        }
    }

    @Override
    public void onTimer(NtpTimer timer, Context<NtpMessage, NtpTimer> context) {
        switch (timer) {
            case NtpTimer.ReplyDue due ->
                context.send(
                        due.client(),
                        new NtpMessage.Reply(
                                due.sequence(), due.originNanos(), due.receiveNanos(), context.localTimeNanos()));
            case NtpTimer.Poll poll -> context.record("a time server does not poll");
        }
    }

    @Override
    public void onCommand(ClockSyncCommand command, Context<NtpMessage, NtpTimer> context) {
        switch (command) {
            case ClockSyncCommand.ReadClock read -> {}
            case ClockSyncCommand.Poll poll -> context.record("a time server does not poll");
        }
    }

    @Override
    public NtpTimeServer copy() {
        return new NtpTimeServer(processingNanos);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NtpTimeServer that && processingNanos == that.processingNanos;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(processingNanos);
    }
}
