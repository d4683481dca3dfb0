package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads shared by the codecs: nothing is allocated for a length or a count before the bytes it
 * claims are known to be in the frame, so a small frame cannot make the decoder allocate much more than its size.
 */
final class WireReads {

    private WireReads() {}

    static void need(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw new CodecException(
                    "truncated frame: " + what + " needs " + bytes + " bytes, " + in.readableBytes() + " left");
        }
    }

    /** Unsigned LEB128, at most 5 bytes, never negative. */
    static int readVarint(ByteBuf in, String what) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            need(in, 1, what);
            int b = in.readByte();
            result |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (result < 0) {
                    throw new CodecException(
                            "bad " + what + ": " + Integer.toUnsignedString(result) + " is out of range");
                }
                return result;
            }
        }
        throw new CodecException("bad " + what + ": varint longer than 5 bytes");
    }

    static void writeVarint(ByteBuf out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    /** A signed long as a zigzag varint: small magnitudes of either sign take few bytes (1 to 10). */
    static void writeVarLong(ByteBuf out, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7fL) != 0) {
            out.writeByte((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(ByteBuf in, String what) {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            need(in, 1, what);
            int b = in.readByte();
            if (shift == 63 && (b & 0x7e) != 0) {
                throw new CodecException("bad " + what + ": varint overflows 64 bits");
            }
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (result >>> 1) ^ -(result & 1);
            }
        }
        throw new CodecException("bad " + what + ": varint longer than 10 bytes");
    }

    /** A count of values that each take at least {@code minBytes}: refused unless that many bytes are left. */
    static int readCount(ByteBuf in, int minBytes, String what) {
        int count = readVarint(in, what + " length");
        if ((long) count * minBytes > in.readableBytes()) {
            throw new CodecException("truncated frame: " + what + " claims " + count + " elements of at least "
                    + minBytes + " bytes, " + in.readableBytes() + " bytes left");
        }
        return count;
    }

    static void writeString(ByteBuf out, String text) {
        int lengthAt = out.writerIndex();
        out.writeByte(0);
        int length = out.writeCharSequence(text, StandardCharsets.UTF_8);
        if (length < 0x80) {
            out.setByte(lengthAt, length);
        } else {
            // Rare: a string of 128 bytes or more needs a longer length prefix; write it again behind one.
            out.writerIndex(lengthAt);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            writeVarint(out, bytes.length);
            out.writeBytes(bytes);
        }
    }

    static String readString(ByteBuf in, String what, Decoding decoding) {
        int length = readCount(in, 1, what);
        decoding.charge(2L * Decoding.OBJECT + 8 + length, what);
        String text;
        if (in.hasArray()) {
            text = new String(in.array(), in.arrayOffset() + in.readerIndex(), length, StandardCharsets.UTF_8);
        } else {
            byte[] bytes = new byte[length];
            in.getBytes(in.readerIndex(), bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        in.skipBytes(length);
        return text;
    }
}
