package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.codec.CodecException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.function.Supplier;

/**
 * The last handler of an authenticated connection, on either side of the pair: it takes the handshake's place
 * once the peer is proved, accepts DATA frames only and hands them to {@link HostedNodes#dispatch}.
 *
 * <p>While it reads a burst of frames, the hosts on its loop hold their flushes from the first data frame until
 * {@code channelReadComplete}, so the answers to the whole burst leave in one write; but for at most
 * {@link #HOLD_LIMIT_NANOS}: a burst that takes longer to handle (thousands of frames, or a loop that the
 * scheduler takes off its core) flushes what it has answered so far and holds afresh. Held to the end, the link
 * layer's acknowledgement of the burst's first frame waited for the last one (measured under load: held for a
 * median 5 ms and 56 ms at the 90th percentile, beyond the link's 5 ms retransmission floor), and its sender,
 * hearing nothing, sent again what had arrived.
 */
final class DataHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private final NodeId peer;
    private final HostedNodes hosting;
    private final ConnectionErrors errors;
    private final Supplier<String> where;
    /** How long answers to a burst may be held before what was written so far is flushed. */
    static final long HOLD_LIMIT_NANOS = 1_000_000L;

    /** Flushes held since the first data frame of the current read burst (released when it completes). */
    private boolean holding;
    /** When the current hold began ({@link System#nanoTime()}). */
    private long heldSince;

    /** {@code where} names the connection in log lines ("connection from ...", "link to ..."). */
    DataHandler(NodeId peer, HostedNodes hosting, ConnectionErrors errors, Supplier<String> where) {
        this.peer = peer;
        this.hosting = hosting;
        this.errors = errors;
        this.where = where;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
        try {
            int kind = Frames.readKind(frame);
            if (kind != Frames.DATA) {
                throw new CodecException("unexpected frame kind " + kind + " after the handshake");
            }
            if (holding && System.nanoTime() - heldSince > HOLD_LIMIT_NANOS) {
                release();
            }
            if (!holding) {
                holding = hosting.holdFlushes();
                heldSince = System.nanoTime();
            }
            hosting.dispatch(peer, frame);
        } catch (CodecException e) {
            errors.malformed(context, where.get(), e, true);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        release();
        context.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        release();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        errors.caught(context, where.get(), cause, true);
    }

    private void release() {
        if (holding) {
            holding = false;
            hosting.releaseFlushes();
        }
    }
}
