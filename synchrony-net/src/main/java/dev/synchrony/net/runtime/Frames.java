package dev.synchrony.net.runtime;

import dev.synchrony.net.codec.CodecException;
import dev.synchrony.net.codec.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 */
final class Frames {

    static final int HELLO = 1;
    static final int CHALLENGE = 2;
    static final int PROOF = 3;
    static final int WELCOME = 4;
    static final int DATA = 5;
    static final int NONCE_BYTES = 16;
    static final int LENGTH_PREFIX_BYTES = 4;

    private Frames() {
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
            throw new CodecException("frame of format version " + version + ", this member speaks "
                    + WireCodec.FORMAT_VERSION);
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
