package dev.synchrony.ntp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NTS's NTPv4 extension fields (RFC 8915, section 5): building them and reading them back. The Authenticator
 * and Encrypted Extension Fields field seals, with the session key, everything before it as associated data,
 * and carries encrypted extension fields (the server's new cookies) as its plaintext.
 */
public final class NtsExtensionFields {

    public static final int UNIQUE_IDENTIFIER = 0x0104;
    public static final int COOKIE = 0x0204;
    public static final int COOKIE_PLACEHOLDER = 0x0304;
    public static final int AUTHENTICATOR = 0x0404;
    /** RFC 8915, section 5.3: at least 32 random bytes. */
    public static final int UNIQUE_IDENTIFIER_BYTES = 32;

    private NtsExtensionFields() {}

    /** Appends one extension field (type, length, value zero-padded to 32 bits) and returns the new position. */
    public static int put(byte[] packet, int position, int type, byte[] value) {
        int length = 4 + pad(value.length);
        if (length < PacketTrailer.MIN_FIELD_BYTES) {
            length = PacketTrailer.MIN_FIELD_BYTES;
        }
        ByteBuffer out = ByteBuffer.wrap(packet, position, length);
        out.putShort((short) type).putShort((short) length).put(value);
        Arrays.fill(packet, position + 4 + value.length, position + length, (byte) 0);
        return position + length;
    }

    static int pad(int length) {
        return (length + 3) & ~3;
    }

    /** The authenticator over {@code packet[0, position)}: nonce and ciphertext of {@code plaintext}. */
    public static int putAuthenticator(byte[] packet, int position, byte[] key, byte[] nonce, byte[] plaintext) {
        byte[] sealed = NtsAead.seal(key, nonce, plaintext, Arrays.copyOf(packet, position));
        int length = 4 + 4 + pad(nonce.length) + pad(sealed.length);
        ByteBuffer out = ByteBuffer.wrap(packet, position, length);
        out.putShort((short) AUTHENTICATOR)
                .putShort((short) length)
                .putShort((short) nonce.length)
                .putShort((short) sealed.length)
                .put(nonce);
        out.position(position + 8 + pad(nonce.length));
        out.put(sealed);
        Arrays.fill(packet, position + 8 + pad(nonce.length) + sealed.length, position + length, (byte) 0);
        return position + length;
    }

    public static byte[] value(byte[] packet, PacketTrailer.ExtensionField field) {
        return Arrays.copyOfRange(packet, field.valueOffset(), field.valueOffset() + field.valueLength());
    }

    /**
     * Opens an Authenticator field: the plaintext, or null when the field is malformed or does not verify under
     * {@code key} with everything before the field as associated data.
     */
    public static byte[] openAuthenticator(byte[] packet, PacketTrailer.ExtensionField field, byte[] key) {
        if (field.valueLength() < 4) {
            return null;
        }
        int at = field.valueOffset();
        int nonceLength = ((packet[at] & 0xFF) << 8) | (packet[at + 1] & 0xFF);
        int cipherLength = ((packet[at + 2] & 0xFF) << 8) | (packet[at + 3] & 0xFF);
        if (nonceLength < 1
                || cipherLength < NtsAead.TAG_BYTES
                || 4 + pad(nonceLength) + pad(cipherLength) > field.valueLength()) {
            return null;
        }
        byte[] nonce = Arrays.copyOfRange(packet, at + 4, at + 4 + nonceLength);
        int cipherAt = at + 4 + pad(nonceLength);
        byte[] ciphertext = Arrays.copyOfRange(packet, cipherAt, cipherAt + cipherLength);
        return NtsAead.open(key, nonce, ciphertext, Arrays.copyOf(packet, field.valueOffset() - 4));
    }

    /** The NTS fields of a request, as RFC 8915, section 5.7, requires a server to find them. */
    public record Request(
            byte[] uniqueIdentifier,
            byte[] cookie,
            int placeholders,
            PacketTrailer.ExtensionField authenticator,
            List<Integer> otherTypes) {}

    /**
     * Picks a request's NTS fields; null when it has none (plain NTP).
     *
     * @throws MalformedPacketException when NTS fields are present but not as RFC 8915 requires: exactly one
     *     unique identifier of at least 32 bytes, one cookie, and the authenticator last
     */
    public static Request request(byte[] packet, PacketTrailer trailer) throws MalformedPacketException {
        byte[] uid = null;
        byte[] cookie = null;
        List<Integer> placeholderLengths = new ArrayList<>();
        PacketTrailer.ExtensionField authenticator = null;
        List<Integer> others = new ArrayList<>();
        boolean any = false;
        for (PacketTrailer.ExtensionField field : trailer.fields()) {
            if (authenticator != null) {
                throw new MalformedPacketException(
                        "nts",
                        "an extension field follows the authenticator (it must be last"
                                + " or be encrypted inside it)");
            }
            switch (field.type()) {
                case UNIQUE_IDENTIFIER -> {
                    any = true;
                    if (uid != null) {
                        throw new MalformedPacketException("nts", "two unique identifiers");
                    }
                    if (field.valueLength() < UNIQUE_IDENTIFIER_BYTES) {
                        throw new MalformedPacketException(
                                "nts", "unique identifier of " + field.valueLength() + " bytes (at least 32)");
                    }
                    uid = value(packet, field);
                }
                case COOKIE -> {
                    any = true;
                    if (cookie != null) {
                        throw new MalformedPacketException("nts", "two cookies");
                    }
                    cookie = value(packet, field);
                }
                case COOKIE_PLACEHOLDER -> {
                    any = true;
                    placeholderLengths.add(field.valueLength());
                }
                case AUTHENTICATOR -> {
                    any = true;
                    authenticator = field;
                }
                default -> others.add(field.type());
            }
        }
        if (!any) {
            return null;
        }
        if (uid == null || cookie == null || authenticator == null) {
            throw new MalformedPacketException(
                    "nts",
                    "an NTS request needs a unique identifier, a cookie and an "
                            + "authenticator; missing "
                            + (uid == null
                                    ? "the unique identifier"
                                    : cookie == null ? "the cookie" : "the authenticator"));
        }
        if (trailer.hasMac()) {
            throw new MalformedPacketException("nts", "an NTS request carries no MAC");
        }
        // RFC 8915, section 5.7: only placeholders as long as the cookie count, so that the reply (one fresh cookie
        // for each) is never larger than the request: no amplification.
        int placeholders = 0;
        for (int length : placeholderLengths) {
            if (length >= cookie.length) {
                placeholders++;
            }
        }
        return new Request(uid, cookie, placeholders, authenticator, others);
    }

    /** The cookies inside an opened authenticator's plaintext (encrypted extension fields). */
    public static List<byte[]> cookies(byte[] plaintext) throws MalformedPacketException {
        List<byte[]> cookies = new ArrayList<>();
        int position = 0;
        while (position < plaintext.length) {
            if (plaintext.length - position < 4) {
                throw new MalformedPacketException("nts", "encrypted extension fields end in a partial header");
            }
            int type = ((plaintext[position] & 0xFF) << 8) | (plaintext[position + 1] & 0xFF);
            int length = ((plaintext[position + 2] & 0xFF) << 8) | (plaintext[position + 3] & 0xFF);
            if (length < 4 || length % 4 != 0 || length > plaintext.length - position) {
                throw new MalformedPacketException(
                        "nts", "encrypted extension field of length " + length + " at " + position);
            }
            if (type == COOKIE) {
                cookies.add(Arrays.copyOfRange(plaintext, position + 4, position + length));
            }
            position += length;
        }
        return cookies;
    }
}
