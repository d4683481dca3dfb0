package dev.synchrony.net.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Cuts the byte stream into frames at their 4-byte length prefix. Until the connection is authenticated
 * ({@link #authenticated()}), no frame may be longer than a handshake frame
 * ({@value Frames#HANDSHAKE_MAX_FRAME_BYTES} bytes): anyone can connect, and a stranger that announces a 1 MiB
 * frame must not make the member buffer it (1,500 such connections exhausted Netty's direct memory). After, the
 * cluster's {@code maxFrameBytes} applies. A longer length closes the connection before its bytes are buffered.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private final int authenticatedLimit;
    private int limit = Frames.HANDSHAKE_MAX_FRAME_BYTES;
    private boolean authenticated;

    FrameDecoder(int authenticatedLimit) {
        this.authenticatedLimit = authenticatedLimit;
    }

    /** The peer is proved: from the next frame on, frames up to {@code maxFrameBytes} are accepted. */
    void authenticated() {
        authenticated = true;
        limit = authenticatedLimit;
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Frames.LENGTH_PREFIX_BYTES) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length + Frames.LENGTH_PREFIX_BYTES > limit) {
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("a frame of " + (length + Frames.LENGTH_PREFIX_BYTES) + " bytes"
                    + (authenticated ? "" : " before authentication"));
        }
        if (in.readableBytes() < Frames.LENGTH_PREFIX_BYTES + length) {
            return;
        }
        in.skipBytes(Frames.LENGTH_PREFIX_BYTES);
        out.add(in.readRetainedSlice((int) length));
    }

    /** The limit in force now (for the log line of a refused frame). */
    int limit() {
        return limit;
    }
}
