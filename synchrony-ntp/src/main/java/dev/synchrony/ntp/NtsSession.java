package dev.synchrony.ntp;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A client's NTS association with one NTP server, from key establishment: the two session keys, the cookies
 * still unused and the server's address. Each request spends a cookie and asks, with placeholders, for enough new
 * ones to hold eight again; a reply counts only if it echoes the request's unique identifier and its authenticator
 * verifies under the server-to-client key (RFC 8915, section 5.7 and 5.8). Not thread-safe: one query at a time.
 */
public final class NtsSession implements SntpClient.Protection {

    private final NtsCookieJar.SessionKeys keys;
    private final Deque<byte[]> cookies = new ArrayDeque<>();
    private final int cookieLength;
    private final InetSocketAddress ntpServer;
    private final SecureRandom random = new SecureRandom();
    private byte[] pendingIdentifier;

    public NtsSession(NtsCookieJar.SessionKeys keys, List<byte[]> cookies, InetSocketAddress ntpServer) {
        if (cookies.isEmpty()) {
            throw new IllegalArgumentException("NTS-KE gave no cookies");
        }
        this.keys = keys;
        this.cookies.addAll(cookies);
        this.cookieLength = cookies.get(0).length;
        this.ntpServer = ntpServer;
    }

    /** Where the key establishment server said to send NTP. */
    public InetSocketAddress ntpServer() {
        return ntpServer;
    }

    public int cookiesLeft() {
        return cookies.size();
    }

    @Override
    public int protect(byte[] request) {
        byte[] cookie = cookies.pollFirst();
        if (cookie == null) {
            throw new IllegalStateException("no NTS cookies left: key establishment must be run again");
        }
        pendingIdentifier = new byte[NtsExtensionFields.UNIQUE_IDENTIFIER_BYTES];
        random.nextBytes(pendingIdentifier);
        int position = NtsExtensionFields.put(
                request, NtpPacket.HEADER_BYTES, NtsExtensionFields.UNIQUE_IDENTIFIER, pendingIdentifier);
        position = NtsExtensionFields.put(request, position, NtsExtensionFields.COOKIE, cookie);
        int placeholders = Math.max(0, NtsKeServer.COOKIES - 1 - cookies.size());
        for (int i = 0; i < placeholders; i++) {
            position = NtsExtensionFields.put(
                    request, position, NtsExtensionFields.COOKIE_PLACEHOLDER, new byte[cookie.length]);
        }
        byte[] nonce = new byte[NtsAead.NONCE_BYTES];
        random.nextBytes(nonce);
        return NtsExtensionFields.putAuthenticator(request, position, keys.clientToServer(), nonce, new byte[0]);
    }

    @Override
    public String problem(byte[] reply, int length) {
        PacketTrailer trailer;
        try {
            trailer = PacketTrailer.parse(reply, length);
        } catch (MalformedPacketException e) {
            return "malformed NTS reply: " + e.getMessage();
        }
        PacketTrailer.ExtensionField uid = null;
        PacketTrailer.ExtensionField authenticator = null;
        for (PacketTrailer.ExtensionField field : trailer.fields()) {
            if (field.type() == NtsExtensionFields.UNIQUE_IDENTIFIER && uid == null) {
                uid = field;
            } else if (field.type() == NtsExtensionFields.AUTHENTICATOR) {
                authenticator = field;
            }
        }
        if (uid == null
                || pendingIdentifier == null
                || !Arrays.equals(
                        NtsExtensionFields.value(reply, uid),
                        0,
                        pendingIdentifier.length,
                        pendingIdentifier,
                        0,
                        pendingIdentifier.length)) {
            return "NTS reply without our unique identifier (replayed, forged or an answer to another request)";
        }
        boolean kiss =
                (reply[1] & 0xFF) == 0 && reply[12] == 'N' && reply[13] == 'T' && reply[14] == 'S' && reply[15] == 'N';
        if (kiss && authenticator == null) {
            return "NTS NAK (NTSN kiss-o'-death): the server could not open our cookie or verify our request (expired"
                    + " cookie or a server restarted with new keys: run key establishment again)";
        }
        if (authenticator == null) {
            return "unauthenticated reply to an NTS request (no authenticator field): rejected";
        }
        byte[] plaintext = NtsExtensionFields.openAuthenticator(reply, authenticator, keys.serverToClient());
        if (plaintext == null) {
            return "bad NTS authenticator: the reply is forged or corrupted";
        }
        try {
            for (byte[] cookie : NtsExtensionFields.cookies(plaintext)) {
                if (cookie.length >= cookieLength && cookies.size() < NtsKeServer.COOKIES) {
                    cookies.addLast(Arrays.copyOf(cookie, cookieLength));
                }
            }
        } catch (MalformedPacketException e) {
            return "NTS reply with malformed encrypted fields: " + e.getMessage();
        }
        pendingIdentifier = null;
        return null;
    }

    /**
     * Load-generator protection for benchmarks: every request spends the same cookie (servers keep no record of
     * cookies, so this costs them what fresh ones would; a real client never reuses one, RFC 8915 section 5.7, as
     * it would link its requests) with the sequence number in its unique identifier, and a reply counts when its
     * authenticator verifies.
     */
    public NtpLoad.Protection forLoad() {
        byte[] cookie = cookies.peekFirst();
        return new NtpLoad.Protection() {
            private final byte[] identifier = new byte[NtsExtensionFields.UNIQUE_IDENTIFIER_BYTES];
            private final byte[] nonce = new byte[NtsAead.NONCE_BYTES];

            @Override
            public int protect(byte[] request, long sequence) {
                java.nio.ByteBuffer.wrap(identifier).putLong(sequence);
                int position = NtsExtensionFields.put(
                        request, NtpPacket.HEADER_BYTES, NtsExtensionFields.UNIQUE_IDENTIFIER, identifier);
                position = NtsExtensionFields.put(request, position, NtsExtensionFields.COOKIE, cookie);
                java.nio.ByteBuffer.wrap(nonce).putLong(sequence);
                return NtsExtensionFields.putAuthenticator(
                        request, position, keys.clientToServer(), nonce, new byte[0]);
            }

            @Override
            public boolean authentic(byte[] reply, int length) throws MalformedPacketException {
                PacketTrailer trailer = PacketTrailer.parse(reply, length);
                for (PacketTrailer.ExtensionField field : trailer.fields()) {
                    if (field.type() == NtsExtensionFields.AUTHENTICATOR) {
                        return NtsExtensionFields.openAuthenticator(reply, field, keys.serverToClient()) != null;
                    }
                }
                return false;
            }
        };
    }

    @Override
    public String silenceHint() {
        return "NTS: a server that cannot open our cookie answers with an NTSN kiss or not at all";
    }
}
