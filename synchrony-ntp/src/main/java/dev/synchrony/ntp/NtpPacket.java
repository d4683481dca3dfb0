package dev.synchrony.ntp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The NTP packet header (RFC 5905, figure 8): 48 bytes, big-endian. Extension fields and a MAC may follow;
 * {@link PacketTrailer} reads them (symmetric-key MACs, NTS fields).
 *
 * @param leap leap indicator, 0..3 (3: clock not synchronized)
 * @param version 1..4
 * @param mode 3 client, 4 server (1, 2, 5, 6, 7: other modes we do not serve)
 * @param stratum 0 unspecified or kiss-o'-death, 1 primary, 2..15 secondary, 16 unsynchronized
 * @param rootDelay 16.16 fixed point seconds
 * @param rootDispersion 16.16 fixed point seconds
 * @param referenceId a kiss code or reference name (stratum 0, 1) or an IPv4 address (stratum >= 2)
 */
public record NtpPacket(
        int leap,
        int version,
        int mode,
        int stratum,
        int poll,
        int precision,
        int rootDelay,
        int rootDispersion,
        int referenceId,
        long referenceTimestamp,
        long originTimestamp,
        long receiveTimestamp,
        long transmitTimestamp) {

    public static final int HEADER_BYTES = 48;
    /** Longer datagrams than this are not NTP we understand (extension fields are short). */
    public static final int MAX_BYTES = 1_024;

    public static final int MODE_CLIENT = 3;
    public static final int MODE_SERVER = 4;
    /** Where the transmit timestamp sits, so a server can write it as late as possible. */
    public static final int TRANSMIT_OFFSET = 40;

    public NtpPacket {
        check(leap, 0, 3, "leap indicator");
        check(version, 0, 7, "version");
        check(mode, 0, 7, "mode");
        check(stratum, 0, 255, "stratum");
        check(poll, -128, 127, "poll");
        check(precision, -128, 127, "precision");
    }

    private static void check(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is not in " + min + ".." + max);
        }
    }

    /** A client request (mode 3, version 4) whose transmit timestamp is {@code transmit}. */
    public static NtpPacket request(long transmit) {
        return new NtpPacket(0, 4, MODE_CLIENT, 0, 0, 0, 0, 0, 0, 0, 0, 0, transmit);
    }

    /** Writes the 48-byte header at the buffer's position. */
    public void encode(ByteBuffer out) {
        out.put((byte) ((leap << 6) | (version << 3) | mode));
        out.put((byte) stratum);
        out.put((byte) poll);
        out.put((byte) precision);
        out.putInt(rootDelay);
        out.putInt(rootDispersion);
        out.putInt(referenceId);
        out.putLong(referenceTimestamp);
        out.putLong(originTimestamp);
        out.putLong(receiveTimestamp);
        out.putLong(transmitTimestamp);
    }

    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES);
        encode(buffer);
        return buffer.array();
    }

    /**
     * Reads a packet from the buffer's remaining bytes.
     *
     * @throws MalformedPacketException naming what is wrong: the length, or a version outside 1..4
     */
    public static NtpPacket decode(ByteBuffer in) throws MalformedPacketException {
        int length = in.remaining();
        if (length < HEADER_BYTES) {
            throw new MalformedPacketException("length", "too short: " + length + " bytes, an NTP header has 48");
        }
        if (length > MAX_BYTES || length % 4 != 0) {
            throw new MalformedPacketException("length", length + " bytes is not 48 plus whole 32-bit extension words");
        }
        int first = in.get() & 0xFF;
        int version = (first >> 3) & 7;
        if (version < 1 || version > 4) {
            throw new MalformedPacketException("version", "version " + version + " (NTP has 1..4)");
        }
        NtpPacket packet = new NtpPacket(
                first >> 6,
                version,
                first & 7,
                in.get() & 0xFF,
                in.get(),
                in.get(),
                in.getInt(),
                in.getInt(),
                in.getInt(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong());
        in.position(in.limit());
        return packet;
    }

    public static NtpPacket decode(byte[] bytes, int length) throws MalformedPacketException {
        return decode(ByteBuffer.wrap(bytes, 0, length));
    }

    /** The reference id as 4 ASCII characters (a kiss code such as RATE, or a name such as GPS, LOCL). */
    public String referenceIdText() {
        byte[] bytes = ByteBuffer.allocate(4).putInt(referenceId).array();
        int end = 4;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    /** Whether the reference id reads as printable ASCII (as a kiss code must). */
    public boolean referenceIdIsText() {
        String text = referenceIdText();
        return !text.isEmpty() && text.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }

    /** The reference id as the client should show it: text for stratum 0 and 1, a dotted IPv4 address above. */
    public String referenceIdDisplay() {
        if (stratum <= 1) {
            return referenceIdIsText() ? referenceIdText() : String.format("0x%08X", referenceId);
        }
        return ((referenceId >>> 24) & 0xFF) + "." + ((referenceId >>> 16) & 0xFF) + "." + ((referenceId >>> 8) & 0xFF)
                + "." + (referenceId & 0xFF);
    }

    /** Four ASCII characters packed big-endian, for kiss codes and reference names. */
    public static int code(String text) {
        if (text.length() > 4 || !text.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("a reference id is up to 4 ASCII characters, got '" + text + "'");
        }
        byte[] bytes = new byte[4];
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 0, ascii.length);
        return ByteBuffer.wrap(bytes).getInt();
    }
}
