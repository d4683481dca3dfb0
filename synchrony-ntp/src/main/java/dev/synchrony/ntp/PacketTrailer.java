package dev.synchrony.ntp;

import java.util.ArrayList;
import java.util.List;

/**
 * What follows the 48-byte header of an NTPv4 packet: extension fields (RFC 7822), then an optional MAC.
 * RFC 7822's rule tells them apart: an extension field is at least 16 bytes, and at most 24 bytes (a key id and
 * a 20-byte digest) are a MAC. So fields are read while more than 24 bytes remain; what is left, if anything, is
 * the MAC: 4 bytes (a key id alone: a crypto-NAK when it is 0) or a key id and a 4..20-byte digest. NTPv3 and
 * older have no extension fields: all after the header is the MAC (up to a 64-byte digest, SHA512's).
 *
 * @param fields the extension fields in order
 * @param macOffset where the MAC starts, or the packet's length when there is none (the signed part ends here)
 * @param macLength 0 (no MAC), 4 (key id only) or 8..24
 */
public record PacketTrailer(List<ExtensionField> fields, int macOffset, int macLength) {

    /** The largest MAC NTPv4 carries: a 32-bit key id and a 20-byte digest. */
    public static final int MAX_MAC_BYTES = 24;
    /** The largest MAC of NTPv3: a key id and SHA512's 64-byte digest. */
    public static final int MAX_V3_MAC_BYTES = 68;
    /** RFC 7822: the smallest extension field, header included. */
    public static final int MIN_FIELD_BYTES = 16;

    public PacketTrailer {
        fields = List.copyOf(fields);
    }

    /** One extension field: its type and where its value sits in the packet (value length excludes padding). */
    public record ExtensionField(int type, int valueOffset, int valueLength) {}

    public boolean hasMac() {
        return macLength > 0;
    }

    /** The key id of the MAC (0 for a crypto-NAK), or -1 when there is no MAC. */
    public long keyId(byte[] packet) {
        if (macLength == 0) {
            return -1;
        }
        return ((packet[macOffset] & 0xFFL) << 24)
                | ((packet[macOffset + 1] & 0xFFL) << 16)
                | ((packet[macOffset + 2] & 0xFFL) << 8)
                | (packet[macOffset + 3] & 0xFFL);
    }

    public boolean isCryptoNak(byte[] packet) {
        return macLength == 4 && keyId(packet) == 0;
    }

    /** The digest after the key id. */
    public byte[] digest(byte[] packet) {
        return macLength <= 4
                ? new byte[0]
                : java.util.Arrays.copyOfRange(packet, macOffset + 4, macOffset + macLength);
    }

    /**
     * Splits {@code packet[48, length)}.
     *
     * @throws MalformedPacketException ("extension field" or "mac") for a field whose length is under 16, not a
     *     multiple of 4 or past the end, or a MAC of 1..3 bytes or a ragged length
     */
    public static PacketTrailer parse(byte[] packet, int length) throws MalformedPacketException {
        if (length < NtpPacket.HEADER_BYTES || length > packet.length) {
            throw new MalformedPacketException("length", length + " bytes cannot hold an NTP header");
        }
        List<ExtensionField> fields = new ArrayList<>();
        int position = NtpPacket.HEADER_BYTES;
        boolean version4 = ((packet[0] >> 3) & 7) >= 4;
        while (version4 && length - position > MAX_MAC_BYTES) {
            int type = ((packet[position] & 0xFF) << 8) | (packet[position + 1] & 0xFF);
            int fieldLength = ((packet[position + 2] & 0xFF) << 8) | (packet[position + 3] & 0xFF);
            if (fieldLength < MIN_FIELD_BYTES || fieldLength % 4 != 0) {
                throw new MalformedPacketException(
                        "extension field",
                        "field of type 0x" + Integer.toHexString(type) + " at byte " + position + " has length "
                                + fieldLength + " (needs a multiple of 4, at least 16)");
            }
            if (fieldLength > length - position) {
                throw new MalformedPacketException(
                        "extension field",
                        "field of type 0x" + Integer.toHexString(type)
                                + " at byte " + position + " has length " + fieldLength + " but only "
                                + (length - position)
                                + " bytes remain");
            }
            fields.add(new ExtensionField(type, position + 4, fieldLength - 4));
            position += fieldLength;
        }
        int macLength = length - position;
        if (macLength != 0 && (macLength < 4 || macLength % 4 != 0 || macLength > MAX_V3_MAC_BYTES)) {
            throw new MalformedPacketException("mac", macLength + " bytes after the header and fields are not a MAC");
        }
        return new PacketTrailer(fields, position, macLength);
    }
}
