package dev.synchrony.net.runtime;

import dev.synchrony.net.codec.CodecException;
import dev.synchrony.net.codec.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldPrepender;
import java.nio.charset.StandardCharsets;

/**
 * The frames members exchange, inside a 4-byte length prefix. Each starts with the format version and a kind:
 *
 * <pre>
 * HELLO     client to server: cluster, from, to, client nonce (16 bytes), protocol fingerprint
 * CHALLENGE server to client: server nonce (16 bytes), server proof = HMAC(secret, "server", ..., nonces)
 * PROOF     client to server: client proof = HMAC(secret, "client", ..., nonces)
 * WELCOME   server to client: the link is authenticated
 * DATA      either way, after WELCOME: service index (varint), Lamport time, message id, message (see {@link WireCodec})
 * </pre>
 *
 * A frame longer than the cluster's {@code maxFrameBytes} (prefix included) is refused on both ends: by the
 * sender when it encodes it ({@link #data}), by the receiver's {@link FrameDecoder} before it buffers it
 * ({@link #install}); before authentication the receiver's limit is {@value #HANDSHAKE_MAX_FRAME_BYTES} bytes.
 */
final class Frames {

    static final int HELLO = 1;
    static final int CHALLENGE = 2;
    static final int PROOF = 3;
    static final int WELCOME = 4;
    static final int DATA = 5;
    static final int NONCE_BYTES = 16;
    static final int LENGTH_PREFIX_BYTES = 4;
    /**
     * The longest frame accepted before authentication: a HELLO is at most 2 + 3 x (2 + 256) + 16 + 8 = 800
     * bytes with its strings at their limit, plus the prefix.
     */
    static final int HANDSHAKE_MAX_FRAME_BYTES = 1_024;

    private Frames() {}

    /**
     * Adds the length prefix on the way out and cuts frames on the way in: at most
     * {@value #HANDSHAKE_MAX_FRAME_BYTES} bytes until {@link #authenticated}, then {@code maxFrameBytes}.
     */
    static ChannelPipeline install(ChannelPipeline pipeline, int maxFrameBytes) {
        return pipeline.addLast("frames", new FrameDecoder(maxFrameBytes))
                .addLast("prefix", new LengthFieldPrepender(LENGTH_PREFIX_BYTES));
    }

    /** The connection's peer is proved: raise its frame limit to {@code maxFrameBytes}. */
    static void authenticated(ChannelPipeline pipeline) {
        pipeline.get(FrameDecoder.class).authenticated();
    }

    /** The frame limit in force on the connection now. */
    static int limit(ChannelPipeline pipeline) {
        FrameDecoder decoder = pipeline.get(FrameDecoder.class);
        return decoder == null ? 0 : decoder.limit();
    }

    /**
     * A DATA frame (without its length prefix) in a pooled buffer: service index, Lamport time, message id and
     * the encoded message. Throws {@link CodecException} when the message cannot be encoded or the frame would be
     * over {@code maxFrameBytes}; the caller owns the returned buffer.
     */
    static ByteBuf data(
            int serviceIndex,
            long lamport,
            long messageId,
            Object message,
            WireCodec codec,
            int maxFrameBytes,
            Object to) {
        ByteBuf frame = start(PooledByteBufAllocator.DEFAULT, DATA);
        try {
            WireCodec.writeVarint(frame, serviceIndex);
            frame.writeLong(lamport);
            frame.writeLong(messageId);
            codec.write(frame, message);
        } catch (RuntimeException e) {
            frame.release();
            throw new CodecException("cannot encode " + message + " for " + to + ": " + e.getMessage(), e);
        }
        if (frame.readableBytes() + LENGTH_PREFIX_BYTES > maxFrameBytes) {
            frame.release();
            throw new CodecException("message " + message.getClass().getSimpleName() + " is " + frame.readableBytes()
                    + " bytes, over the frame limit of " + maxFrameBytes);
        }
        return frame;
    }

    static ByteBuf start(ByteBufAllocator allocator, int kind) {
        ByteBuf out = allocator.buffer();
        out.writeByte(WireCodec.FORMAT_VERSION);
        out.writeByte(kind);
        return out;
    }

    /** Reads the version and kind; rejects another version or an unknown kind. */
    static int readKind(ByteBuf in) {
        if (in.readableBytes() < 2) {
            throw new CodecException("truncated frame: " + in.readableBytes() + " bytes, need at least 2");
        }
        int version = in.readUnsignedByte();
        if (version != WireCodec.FORMAT_VERSION) {
            throw new CodecException(
                    "frame of format version " + version + ", this member speaks " + WireCodec.FORMAT_VERSION);
        }
        int kind = in.readUnsignedByte();
        if (kind < HELLO || kind > DATA) {
            throw new CodecException("unknown frame kind " + kind);
        }
        return kind;
    }

    static void writeString(ByteBuf out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        WireCodec.writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    static String readString(ByteBuf in, String what) {
        int length = WireCodec.readVarint(in, what + " length");
        if (length > 256 || length > in.readableBytes()) {
            throw new CodecException("truncated or oversized " + what + " (" + length + " bytes)");
        }
        String text = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return text;
    }

    static byte[] readBytes(ByteBuf in, int count, String what) {
        if (in.readableBytes() < count) {
            throw new CodecException("truncated frame: " + what + " needs " + count + " bytes");
        }
        byte[] bytes = new byte[count];
        in.readBytes(bytes);
        return bytes;
    }

    static long readLong(ByteBuf in, String what) {
        if (in.readableBytes() < 8) {
            throw new CodecException("truncated frame: " + what + " needs 8 bytes");
        }
        return in.readLong();
    }

    static void requireEnd(ByteBuf in, String what) {
        if (in.isReadable()) {
            throw new CodecException(in.readableBytes() + " unexpected bytes after " + what);
        }
    }
}
