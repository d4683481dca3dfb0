package dev.synchrony.ntp;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The NTS half of {@link NtpServer} (RFC 8915, section 5.7): opens a request's cookie, checks its authenticator
 * under the client-to-server key inside, and builds the answer (unique identifier echoed, an authenticator under
 * the server-to-client key sealing one fresh cookie per cookie and placeholder, at most eight) or, for an expired or
 * forged cookie or a bad authenticator, an NTSN kiss-o'-death with the identifier echoed. Counts each refusal.
 * Single-threaded, like the server's receive loop; the reply buffer is reused.
 */
final class NtsResponder {

    /** The datagram to send, and whether it is an answer with time (else an NTSN kiss). */
    record Response(ByteBuffer datagram, boolean answer) {}

    private final NtsCookieJar jar;
    private final WallClock clock;
    private final SecureRandom random = new SecureRandom();
    /** Up to eight cookies inside the authenticator fit. */
    private final byte[] replyBytes = new byte[2_048];

    final AtomicLong expiredCookie = new AtomicLong();
    final AtomicLong forgedCookie = new AtomicLong();
    final AtomicLong badAuthenticator = new AtomicLong();

    NtsResponder(NtsCookieJar jar, WallClock clock) {
        this.jar = jar;
        this.clock = clock;
    }

    /**
     * @param replyHeader the server's reply to {@code request}, transmit timestamp still zero (written here, as late
     *     as possible: after the cookies are made, before the authenticator that covers it)
     */
    Response respond(
            byte[] requestBytes,
            NtpPacket request,
            NtsExtensionFields.Request nts,
            NtpPacket replyHeader,
            long receiveTimestamp) {
        NtsCookieJar.SessionKeys keys = switch (jar.open(nts.cookie())) {
            case NtsCookieJar.Keys opened -> opened.keys();
            case NtsCookieJar.Refusal refusal -> {
                (refusal == NtsCookieJar.Refusal.EXPIRED ? expiredCookie : forgedCookie).incrementAndGet();
                yield null;
            }
        };
        if (keys != null
                && NtsExtensionFields.openAuthenticator(requestBytes, nts.authenticator(), keys.clientToServer())
                        == null) {
            badAuthenticator.incrementAndGet();
            keys = null;
        }
        ByteBuffer header = ByteBuffer.wrap(replyBytes);
        if (keys == null) {
            new NtpPacket(
                            3,
                            request.version(),
                            NtpPacket.MODE_SERVER,
                            0,
                            request.poll(),
                            NtpServer.PRECISION,
                            0,
                            0,
                            NtpPacket.code("NTSN"),
                            0,
                            request.transmitTimestamp(),
                            receiveTimestamp,
                            clock.ntpNow())
                    .encode(header);
            int length = NtsExtensionFields.put(
                    replyBytes, NtpPacket.HEADER_BYTES, NtsExtensionFields.UNIQUE_IDENTIFIER, nts.uniqueIdentifier());
            return new Response(ByteBuffer.wrap(replyBytes, 0, length), false);
        }
        int cookies = Math.min(NtsKeServer.COOKIES, 1 + nts.placeholders());
        byte[] plaintext = new byte[cookies * (4 + NtsCookieJar.COOKIE_BYTES)];
        for (int i = 0; i < cookies; i++) {
            NtsExtensionFields.put(
                    plaintext, i * (4 + NtsCookieJar.COOKIE_BYTES), NtsExtensionFields.COOKIE, jar.make(keys));
        }
        byte[] nonce = new byte[NtsAead.NONCE_BYTES];
        random.nextBytes(nonce);
        replyHeader.encode(header);
        header.putLong(NtpPacket.TRANSMIT_OFFSET, clock.ntpNow());
        int position = NtsExtensionFields.put(
                replyBytes, NtpPacket.HEADER_BYTES, NtsExtensionFields.UNIQUE_IDENTIFIER, nts.uniqueIdentifier());
        int length = NtsExtensionFields.putAuthenticator(replyBytes, position, keys.serverToClient(), nonce, plaintext);
        return new Response(ByteBuffer.wrap(replyBytes, 0, length), true);
    }
}
