package dev.synchrony.ntp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One NTS Key Establishment record (RFC 8915, section 4): a critical bit, a 15-bit type, a 16-bit body length and
 * the body. A message is records up to and including End of Message.
 */
public record NtsKeRecord(boolean critical, int type, byte[] body) {

    public static final int END_OF_MESSAGE = 0;
    public static final int NEXT_PROTOCOL = 1;
    public static final int ERROR = 2;
    public static final int WARNING = 3;
    public static final int AEAD_ALGORITHM = 4;
    public static final int NEW_COOKIE = 5;
    public static final int SERVER = 6;
    public static final int PORT = 7;

    /** The Next Protocol id of NTPv4. */
    public static final int PROTOCOL_NTPV4 = 0;

    public static final int ERROR_UNRECOGNIZED_CRITICAL = 0;
    public static final int ERROR_BAD_REQUEST = 1;
    public static final int ERROR_INTERNAL = 2;

    /** A request or response longer than this is refused (ours are under 1 KiB; 8 cookies of chrony's about 1.2 KiB). */
    public static final int MAX_MESSAGE_BYTES = 16_384;

    public NtsKeRecord {
        if (type < 0 || type > 0x7FFF || body.length > 0xFFFF) {
            throw new IllegalArgumentException(
                    "record type " + type + " or body length " + body.length + " out of range");
        }
    }

    public static NtsKeRecord shorts(boolean critical, int type, int... values) {
        ByteBuffer body = ByteBuffer.allocate(2 * values.length);
        for (int value : values) {
            body.putShort((short) value);
        }
        return new NtsKeRecord(critical, type, body.array());
    }

    /** The body read as a list of 16-bit numbers (protocol ids, AEAD ids, a port, an error code). */
    public List<Integer> shorts() throws MalformedPacketException {
        if (body.length % 2 != 0) {
            throw new MalformedPacketException(
                    "nts-ke record", "record type " + type + " has an odd body length " + body.length);
        }
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < body.length; i += 2) {
            values.add(((body[i] & 0xFF) << 8) | (body[i + 1] & 0xFF));
        }
        return values;
    }

    public static byte[] encode(List<NtsKeRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (NtsKeRecord record : records) {
            int typeField = (record.critical ? 0x8000 : 0) | record.type;
            out.write(typeField >>> 8);
            out.write(typeField);
            out.write(record.body.length >>> 8);
            out.write(record.body.length);
            out.writeBytes(record.body);
        }
        return out.toByteArray();
    }

    /**
     * Reads records up to End of Message.
     *
     * @throws MalformedPacketException when the stream ends early, the message exceeds {@link #MAX_MESSAGE_BYTES} or
     *     End of Message has a body
     */
    public static List<NtsKeRecord> readMessage(InputStream stream) throws IOException, MalformedPacketException {
        DataInputStream in = new DataInputStream(stream);
        List<NtsKeRecord> records = new ArrayList<>();
        int total = 0;
        while (true) {
            int typeField;
            int length;
            try {
                typeField = in.readUnsignedShort();
                length = in.readUnsignedShort();
            } catch (EOFException e) {
                throw new MalformedPacketException("nts-ke record", "the message ended before End of Message");
            }
            total += 4 + length;
            if (total > MAX_MESSAGE_BYTES) {
                throw new MalformedPacketException(
                        "nts-ke record", "message longer than " + MAX_MESSAGE_BYTES + " bytes");
            }
            byte[] body = new byte[length];
            try {
                in.readFully(body);
            } catch (EOFException e) {
                throw new MalformedPacketException(
                        "nts-ke record", "record type " + (typeField & 0x7FFF) + " is cut short");
            }
            NtsKeRecord record = new NtsKeRecord((typeField & 0x8000) != 0, typeField & 0x7FFF, body);
            records.add(record);
            if (record.type == END_OF_MESSAGE) {
                if (length != 0) {
                    throw new MalformedPacketException(
                            "nts-ke record", "End of Message has a " + length + "-byte body");
                }
                return records;
            }
        }
    }
}
