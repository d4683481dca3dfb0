package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our NTS client against our NTS server on loopback, and everything that must be refused. */
@Timeout(60)
class NtsTest {

    static ThrowawayCertificate certificates;

    @BeforeAll
    static void certificates() throws Exception {
        assumeTrue(TlsExporter.available(), "NTS needs the TLS exporter of Java 25+: NTS tests skipped");
        certificates = ThrowawayCertificate.generate();
    }

    /** An NTP server with NTS and its key establishment server, on loopback. */
    record Fixture(NtpServer ntp, NtsKeServer ke, NtsCookieJar jar) implements AutoCloseable {
        static Fixture start(WallClock clock, int keTimeoutMillis) throws Exception {
            return start(clock, keTimeoutMillis, certificates);
        }

        static Fixture start(WallClock clock, int keTimeoutMillis, ThrowawayCertificate certificates) throws Exception {
            NtsCookieJar jar = new NtsCookieJar(clock, 3_600, 2);
            NtpServer ntp = NtpServer.start(NtpServer.Config.loopback(0).withNts(jar));
            NtsKeServer ke = NtsKeServer.start(new NtsKeServer.Config(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    NtsTls.server(certificates.certificate(), certificates.privateKey()),
                    jar,
                    null,
                    ntp.localAddress().getPort(),
                    keTimeoutMillis,
                    2));
            return new Fixture(ntp, ke, jar);
        }

        NtsSession establish() throws Exception {
            return NtsKeClient.establish(
                    "127.0.0.1", ke.localAddress().getPort(), NtsTls.client(certificates.certificate()), 5_000);
        }

        @Override
        public void close() throws Exception {
            ke.close();
            ntp.close();
        }
    }

    /** RFC 5297, appendix A.1: the deterministic example, which pins down how the 32-byte key is split. */
    @Test
    void aesSivMatchesRfc5297() {
        HexFormat hex = HexFormat.of();
        byte[] key = hex.parseHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        byte[] sealed = NtsAead.sealComponents(
                key,
                hex.parseHex("112233445566778899aabbccddee"),
                hex.parseHex("101112131415161718191a1b1c1d1e1f2021222324252627"));
        assertThat(hex.formatHex(sealed)).isEqualTo("85632d07c6e8f37f950acd320a2ecc9340c02b9690c4dc04daef7f6afe5c");
        byte[] nonce = new byte[16];
        byte[] box = NtsAead.seal(key, nonce, "time".getBytes(), "header".getBytes());
        assertThat(NtsAead.open(key, nonce, box, "header".getBytes())).isEqualTo("time".getBytes());
        assertThat(NtsAead.open(key, nonce, box, "headex".getBytes())).isNull();
        nonce[0] = 1;
        assertThat(NtsAead.open(key, nonce, box, "header".getBytes())).isNull();
    }

    @Test
    void keyEstablishmentThenProtectedQueriesReplenishCookies() throws Exception {
        try (Fixture server = Fixture.start(WallClock.SYSTEM, 2_000)) {
            NtsSession session = server.establish();
            assertThat(session.cookiesLeft()).isEqualTo(8);
            assertThat(session.ntpServer().getPort())
                    .isEqualTo(server.ntp().localAddress().getPort());
            SntpClient.Result result =
                    new SntpClient(WallClock.SYSTEM, 1_000, session).query(session.ntpServer(), 20, 0);
            assertThat(result.samples()).as(result.outcomes().toString()).hasSize(20);
            assertThat(session.cookiesLeft()).isEqualTo(8);
            SntpClient.Sample best = result.estimate().orElseThrow();
            assertThat(Math.abs(best.offsetNanos()))
                    .isLessThanOrEqualTo(best.delayNanos() + ChronydInteropTest.JITTER_NANOS);
            assertThat(server.ntp().stats().ntsAnswered()).isEqualTo(20);
            assertThat(server.ke().stats().established()).isEqualTo(1);
        }
    }

    /** One protected request, as bytes, for tampering with. */
    static byte[] request(NtsSession session, int[] length) {
        byte[] packet = new byte[NtpPacket.MAX_BYTES];
        System.arraycopy(NtpPacket.request(77).toBytes(), 0, packet, 0, 48);
        length[0] = session.protect(packet);
        return packet;
    }

    static byte[] exchange(DatagramSocket socket, InetSocketAddress server, byte[] packet, int length)
            throws Exception {
        socket.send(new DatagramPacket(packet, length, server));
        return receive(socket);
    }

    /** The next datagram, or null after the socket's timeout. */
    static byte[] receive(DatagramSocket socket) throws Exception {
        byte[] buffer = new byte[2048];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(reply);
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
        return java.util.Arrays.copyOf(buffer, reply.getLength());
    }

    @Test
    void forgedReplayedAndTruncatedPacketsAreRefusedAndCounted() throws Exception {
        try (Fixture server = Fixture.start(WallClock.SYSTEM, 2_000);
                DatagramSocket socket = NtpServerTest.client()) {
            socket.setSoTimeout(300);
            NtsSession session = server.establish();
            InetSocketAddress address = session.ntpServer();
            int[] length = new int[1];

            // Forged: one bit of the header changed after the authenticator was computed: an NTSN kiss.
            byte[] forged = request(session, length);
            forged[47] ^= 1;
            byte[] nak = exchange(socket, address, forged, length[0]);
            assertThat(nak).isNotNull();
            assertThat(new String(nak, 12, 4, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("NTSN");
            assertThat(session.problem(nak, nak.length)).startsWith("NTS NAK (NTSN kiss-o'-death)");
            assertThat(server.ntp().stats().ntsBadAuthenticator()).isEqualTo(1);

            // A forged cookie (one bit of its ciphertext): an NTSN kiss, counted as a forged cookie.
            byte[] badCookie = request(session, length);
            badCookie[48 + 36 + 4 + 30] ^= 1;
            assertThat(exchange(socket, address, badCookie, length[0])).isNotNull();
            assertThat(server.ntp().stats().ntsForgedCookie()).isEqualTo(1);

            // Truncated: the authenticator cut off (every length from the header to one word short): dropped.
            byte[] good = request(session, length);
            int truncated = 0;
            for (int cut = 52; cut < length[0]; cut += 4) { // 48 would be a plain request, rightly answered
                socket.send(new DatagramPacket(good, cut, address));
                truncated++;
            }
            // Some truncations leave 4..24 bytes that read as a MAC under an unknown key: a crypto-NAK, which the
            // NTS client must not take for an answer. Nothing else may come back.
            int cryptoNaks = 0;
            byte[] stray;
            while ((stray = receive(socket)) != null) {
                assertThat(stray.length).isEqualTo(52);
                assertThat(session.problem(stray, stray.length)).startsWith("NTS reply without our unique identifier");
                cryptoNaks++;
            }
            assertThat(cryptoNaks).isLessThan(truncated);
            byte[] reply = exchange(socket, address, good, length[0]);
            assertThat(reply).isNotNull();
            assertThat(session.problem(reply, reply.length)).isNull();
            NtpServer.Stats stats = server.ntp().stats();
            assertThat(stats.ntsMalformed() + stats.badTrailer())
                    .as(stats.toString())
                    .isPositive();
            assertThat(stats.ntsAnswered()).as(stats.toString()).isEqualTo(1);
            assertThat(stats.ntsMalformed() + stats.badTrailer() + stats.unknownKey())
                    .as(stats.toString())
                    .isEqualTo(truncated);
            assertThat(stats.unknownKey()).isEqualTo(cryptoNaks);

            // Replayed: the same reply again is not an answer to the next request (unique identifier).
            request(session, length);
            assertThat(session.problem(reply, reply.length)).startsWith("NTS reply without our unique identifier");
            // A reply whose authenticator does not verify is rejected.
            byte[] next = request(session, length);
            byte[] fresh = exchange(socket, address, next, length[0]);
            fresh[fresh.length - 1] ^= 1;
            assertThat(session.problem(fresh, fresh.length)).startsWith("bad NTS authenticator");
            assertThat(server.ntp().stats().errors()).isZero();
        }
    }

    /** Placeholders shorter than the cookie do not count: the reply is never larger than the request. */
    @Test
    void shortPlaceholdersDoNotAmplify() throws Exception {
        try (Fixture server = Fixture.start(WallClock.SYSTEM, 2_000);
                DatagramSocket socket = NtpServerTest.client()) {
            NtsSession session = server.establish();
            for (boolean full : new boolean[] {false, true}) {
                byte[] packet = new byte[NtpPacket.MAX_BYTES];
                System.arraycopy(NtpPacket.request(5).toBytes(), 0, packet, 0, 48);
                int length = session.protect(packet);
                // Rebuild with 7 placeholders (16-byte ones, or as long as the cookie) before the authenticator.
                PacketTrailer trailer = PacketTrailer.parse(packet, length);
                int authenticatorAt =
                        trailer.fields().get(trailer.fields().size() - 1).valueOffset() - 4;
                int position = authenticatorAt;
                for (int i = 0; i < 7; i++) {
                    position = NtsExtensionFields.put(
                            packet,
                            position,
                            NtsExtensionFields.COOKIE_PLACEHOLDER,
                            new byte[full ? NtsCookieJar.COOKIE_BYTES : 16]);
                }
                NtsCookieJar.SessionKeys keys = ((NtsCookieJar.Keys) server.jar()
                                .open(NtsExtensionFields.value(
                                        packet, trailer.fields().get(1))))
                        .keys();
                length = NtsExtensionFields.putAuthenticator(
                        packet, position, keys.clientToServer(), new byte[16], new byte[0]);
                byte[] reply = exchange(socket, session.ntpServer(), packet, length);
                assertThat(reply).isNotNull();
                assertThat(reply.length).isLessThanOrEqualTo(length);
                assertThat(session.problem(reply, reply.length)).isNull();
            }
            assertThat(server.ntp().stats().ntsAnswered()).isEqualTo(2);
        }
    }

    @Test
    void expiredCookiesGetAnNtsNak() throws Exception {
        AtomicLong shift = new AtomicLong();
        WallClock clock = () -> WallClock.SYSTEM.unixNanos() + shift.get();
        try (Fixture server = Fixture.start(clock, 2_000)) {
            NtsSession session = server.establish();
            // Two rotations later the master key that sealed these cookies is forgotten (two are kept).
            shift.set(2 * 3_600 * 1_000_000_000L + 1);
            SntpClient.Result result = new SntpClient(WallClock.SYSTEM, 300, session).query(session.ntpServer(), 1, 0);
            assertThat(result.samples()).isEmpty();
            assertThat(((SntpClient.Rejected) result.outcomes().get(0)).reason())
                    .startsWith("NTS NAK (NTSN kiss-o'-death)");
            assertThat(server.ntp().stats().ntsExpiredCookie()).isEqualTo(1);
            // A new key establishment gives cookies that work.
            NtsSession again = server.establish();
            assertThat(new SntpClient(WallClock.SYSTEM, 1_000, again)
                            .query(again.ntpServer(), 2, 0)
                            .samples())
                    .hasSize(2);
        }
    }

    @Test
    void badKeyEstablishmentClientsAreRefusedAndCounted() throws Exception {
        try (Fixture server = Fixture.start(WallClock.SYSTEM, 500)) {
            InetSocketAddress ke = server.ke().localAddress();
            // A stalled client: connects, says nothing.
            try (Socket stalled = new Socket(ke.getAddress(), ke.getPort())) {
                stalled.setSoTimeout(3_000);
                // The server cuts it off (at most a TLS alert comes first); a read timeout here would fail the test.
                assertThat(stalled.getInputStream().readAllBytes().length).isLessThanOrEqualTo(64);
            }
            // Not TLS at all.
            try (Socket garbage = new Socket(ke.getAddress(), ke.getPort())) {
                garbage.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
                garbage.setSoTimeout(3_000);
                garbage.getInputStream().readAllBytes();
            }
            // TLS without ALPN ntske/1: the handshake fails.
            SSLContext tls = NtsTls.client(certificates.certificate());
            try (SSLSocket noAlpn = (SSLSocket) tls.getSocketFactory().createSocket(ke.getAddress(), ke.getPort())) {
                SSLParameters parameters = noAlpn.getSSLParameters();
                parameters.setApplicationProtocols(new String[] {"http/1.1"});
                noAlpn.setSSLParameters(parameters);
                assertThatThrownBy(noAlpn::startHandshake).isInstanceOf(javax.net.ssl.SSLException.class);
            }
            // An unknown critical record: Error 0.
            assertThat(keExchange(
                            tls,
                            ke,
                            List.of(
                                    NtsKeRecord.shorts(true, NtsKeRecord.NEXT_PROTOCOL, 0),
                                    new NtsKeRecord(true, 0x4321, new byte[4]),
                                    new NtsKeRecord(true, NtsKeRecord.END_OF_MESSAGE, new byte[0]))))
                    .anySatisfy(r -> {
                        assertThat(r.type()).isEqualTo(NtsKeRecord.ERROR);
                        assertThat(r.body()).containsExactly(0, 0);
                    });
            // No Next Protocol record: Error 1 (bad request).
            assertThat(keExchange(tls, ke, List.of(new NtsKeRecord(true, NtsKeRecord.END_OF_MESSAGE, new byte[0]))))
                    .anySatisfy(r -> assertThat(r.body()).containsExactly(0, 1));
            // A dribbling client: half a record, then silence past the timeout.
            try (SSLSocket slow = alpnSocket(tls, ke)) {
                slow.getOutputStream().write(new byte[] {(byte) 0x80, 1});
                slow.getOutputStream().flush();
                slow.setSoTimeout(3_000);
                assertThat(slow.getInputStream().read()).isEqualTo(-1); // closed without a response
            }
            // Handler threads count a refusal after the client has seen the connection close: wait, bounded.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((server.ke().stats().timeouts() < 2 || server.ke().stats().handshakeFailures() < 2)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            NtsKeServer.Stats stats = server.ke().stats();
            assertThat(stats.timeouts()).as(stats.toString()).isEqualTo(2);
            assertThat(stats.handshakeFailures()).as(stats.toString()).isEqualTo(2);
            assertThat(stats.unrecognizedCritical()).isEqualTo(1);
            assertThat(stats.badRequests()).isEqualTo(1);
            assertThat(stats.established()).isZero();
            // And it still serves a good client.
            assertThat(server.establish().cookiesLeft()).isEqualTo(8);
        }
    }

    static SSLSocket alpnSocket(SSLContext tls, InetSocketAddress ke) throws Exception {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(ke.getAddress(), ke.getPort());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {NtsTls.ALPN});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    static List<NtsKeRecord> keExchange(SSLContext tls, InetSocketAddress ke, List<NtsKeRecord> request)
            throws Exception {
        try (SSLSocket socket = alpnSocket(tls, ke)) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(NtsKeRecord.encode(request));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return NtsKeRecord.readMessage(in);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateRefusesToEstablish() throws Exception {
        try (Fixture server = Fixture.start(WallClock.SYSTEM, 2_000)) {
            assertThatThrownBy(() -> NtsKeClient.establish(
                            "127.0.0.1", server.ke().localAddress().getPort(), NtsTls.client(null), 5_000))
                    .hasMessageContaining("TLS handshake failed");
        }
    }
}
