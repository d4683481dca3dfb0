package dev.synchrony.net.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What both halves of the handshake share: a deadline. A peer that opens or accepts a connection and then stays
 * silent would otherwise hold the connection, and the slot it takes, for as long as the socket lives; when the
 * deadline passes before the half says it is done, the connection is refused like any other failed handshake.
 */
abstract class TimedHandshake extends SimpleChannelInboundHandler<ByteBuf> {

    private ScheduledFuture<?> deadline;

    /** Starts the clock, once, when the connection becomes active. */
    final void startDeadline(ChannelHandlerContext context, long millis) {
        deadline = context.executor()
                .schedule(
                        () -> {
                            if (!completed()) {
                                refuse(context, "no handshake within " + millis + " ms");
                            }
                        },
                        millis,
                        TimeUnit.MILLISECONDS);
    }

    /** Whether this half has finished its handshake, so that the deadline no longer matters. */
    abstract boolean completed();

    /** Refuses the connection: logs and counts why once, and closes it. */
    abstract void refuse(ChannelHandlerContext context, String why);

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        cancelDeadline();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancelDeadline();
        context.fireChannelInactive();
    }

    /** Stops the clock: the handshake is over, or the connection is. */
    final void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
