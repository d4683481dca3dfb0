package dev.synchrony.clocksync;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;

/**
 * The time server of the lecture's NTP figure (B): it answers each request with its clock's readings when the
 * request arrived (T2) and when the reply left (T3), and echoes the client's T1. Stateless, so any two servers
 * are equal.
 */
public final class NtpTimeServer implements Node<NtpMessage, NtpTimer, ClockSyncCommand> {

    @Override
    public void onStart(Context<NtpMessage, NtpTimer> context) {
    }

    @Override
    public void onMessage(NodeId from, NtpMessage message, Context<NtpMessage, NtpTimer> context) {
        switch (message) {
            case NtpMessage.Request request -> {
                long receive = context.localTimeNanos();
                long transmit = context.localTimeNanos();
                context.send(from, new NtpMessage.Reply(request.sequence(), request.originNanos(), receive, transmit));
            }
            case NtpMessage.Reply reply -> context.record("ignored a reply sent to a server: " + reply);
        }
    }

    @Override
    public void onTimer(NtpTimer timer, Context<NtpMessage, NtpTimer> context) {
    }

    @Override
    public void onCommand(ClockSyncCommand command, Context<NtpMessage, NtpTimer> context) {
        switch (command) {
            case ClockSyncCommand.ReadClock read -> { }
            case ClockSyncCommand.Poll poll -> context.record("a time server does not poll");
        }
    }

    @Override
    public NtpTimeServer copy() {
        return new NtpTimeServer();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NtpTimeServer;
    }

    @Override
    public int hashCode() {
        return NtpTimeServer.class.getName().hashCode();
    }
}
