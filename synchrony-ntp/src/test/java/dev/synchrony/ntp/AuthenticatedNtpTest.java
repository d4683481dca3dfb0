package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our server and client with symmetric keys: signed both ways, and every way of getting it wrong refused. */
@Timeout(30)
class AuthenticatedNtpTest {

    static final SymmetricKey AES =
            new SymmetricKey(10, MacAlgorithm.AES128, HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"));
    static final SymmetricKey SHA1 = new SymmetricKey(20, MacAlgorithm.SHA1, "sha1-secret".getBytes());
    static final SymmetricKeys SERVER_KEYS = SymmetricKeys.of(List.of(AES, SHA1));

    static NtpServer server() throws Exception {
        return NtpServer.start(NtpServer.Config.loopback(0).withKeys(SERVER_KEYS));
    }

    @Test
    void aSignedRequestGetsAReplySignedWithTheSameKey() throws Exception {
        try (NtpServer server = server()) {
            for (SymmetricKey key : List.of(AES, SHA1)) {
                SntpClient.Result result =
                        new SntpClient(WallClock.SYSTEM, 1_000, key).query(server.localAddress(), 3, 0);
                assertThat(result.samples()).as(key + ": " + result.outcomes()).hasSize(3);
            }
            assertThat(server.stats().authenticated()).isEqualTo(6);
            assertThat(server.stats().answered()).isEqualTo(6);
        }
    }

    @Test
    void theReplyCarriesAMacThatVerifiesOverItsHeader() throws Exception {
        try (NtpServer server = server();
                DatagramSocket socket = NtpServerTest.client()) {
            byte[] request = new byte[48 + 20];
            System.arraycopy(NtpPacket.request(12345).toBytes(), 0, request, 0, 48);
            int length = AES.sign(request, 48);
            socket.send(new DatagramPacket(request, length, server.localAddress()));
            byte[] buffer = new byte[256];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            assertThat(reply.getLength()).isEqualTo(68);
            PacketTrailer trailer = PacketTrailer.parse(buffer, reply.getLength());
            assertThat(trailer.keyId(buffer)).isEqualTo(10);
            assertThat(AES.verifies(buffer, 48, trailer.digest(buffer))).isTrue();
            buffer[45] ^= 1; // one bit of the transmit timestamp: the MAC must cover it
            assertThat(AES.verifies(buffer, 48, trailer.digest(buffer))).isFalse();
        }
    }

    @Test
    void aWrongKeyGetsACryptoNakAndTheClientSaysWhy() throws Exception {
        SymmetricKey wrongSecret = new SymmetricKey(10, MacAlgorithm.AES128, new byte[16]);
        SymmetricKey unknownId = new SymmetricKey(99, MacAlgorithm.AES128, new byte[16]);
        try (NtpServer server = server()) {
            SntpClient.Result bad =
                    new SntpClient(WallClock.SYSTEM, 300, wrongSecret).query(server.localAddress(), 1, 0);
            assertThat(bad.samples()).isEmpty();
            assertThat(((SntpClient.Rejected) bad.outcomes().get(0)).reason())
                    .startsWith("crypto-NAK: the server could not verify");
            SntpClient.Result unknown =
                    new SntpClient(WallClock.SYSTEM, 300, unknownId).query(server.localAddress(), 1, 0);
            assertThat(((SntpClient.Rejected) unknown.outcomes().get(0)).reason())
                    .contains("crypto-NAK");
            NtpServer.Stats stats = server.stats();
            assertThat(stats.badMac()).isEqualTo(1);
            assertThat(stats.unknownKey()).isEqualTo(1);
            assertThat(stats.cryptoNaksSent()).isEqualTo(2);
            assertThat(stats.answered()).isZero();
        }
    }

    @Test
    void anUnsignedServerIsRejectedByASigningClient() throws Exception {
        try (NtpServer plain = NtpServer.start(NtpServer.Config.loopback(0))) {
            // The plain server holds no keys: it sends a crypto-NAK for our unknown key id.
            SntpClient.Result result = new SntpClient(WallClock.SYSTEM, 300, AES).query(plain.localAddress(), 1, 0);
            assertThat(result.samples()).isEmpty();
            assertThat(((SntpClient.Rejected) result.outcomes().get(0)).reason())
                    .contains("crypto-NAK");
        }
        // A fake server that answers correctly but without a MAC, or with a MAC that does not verify.
        assertThat(SntpClientTest.rejection(fake(reply -> 48))).startsWith("unsigned reply: the server sent no MAC");
        assertThat(SntpClientTest.rejection(fake(reply -> {
                    int length = AES.sign(reply, 48);
                    reply[length - 1] ^= 1;
                    return length;
                })))
                .startsWith("bad MAC: the reply does not verify under key 10");
        assertThat(SntpClientTest.rejection(fake(reply -> SHA1.sign(reply, 48))))
                .isEqualTo("reply signed with key id 20, not our key id 10 (rejected)");
        assertThat(fake(reply -> AES.sign(reply, 48)).samples()).hasSize(1);
    }

    /** Finishes a 48-byte reply header (in a buffer with room for a MAC) and returns the length to send. */
    interface Signer {
        int finish(byte[] replyWithRoom);
    }

    /** A server that answers one request with a correct header finished by {@code signer}. */
    static SntpClient.Result fake(Signer signer) throws Exception {
        try (DatagramSocket fake =
                new DatagramSocket(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
            Thread server = Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    byte[] buffer = new byte[512];
                    DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                    fake.receive(request);
                    NtpPacket asked = NtpPacket.decode(buffer, request.getLength());
                    long now = WallClock.SYSTEM.ntpNow();
                    byte[] header = new NtpPacket(
                                    0, 4, 4, 2, 0, -20, 0, 0, 0x0A000001, now, asked.transmitTimestamp(), now, now)
                            .toBytes();
                    byte[] reply = new byte[48 + 24];
                    ByteBuffer.wrap(reply).put(header);
                    int length = signer.finish(reply);
                    fake.send(new DatagramPacket(reply, length, request.getSocketAddress()));
                } catch (Exception e) {
                    // The test sees a timeout.
                }
            });
            SntpClient.Result result = new SntpClient(WallClock.SYSTEM, 300, AES)
                    .query((InetSocketAddress) fake.getLocalSocketAddress(), 1, 0);
            server.join(1_000);
            return result;
        }
    }
}
