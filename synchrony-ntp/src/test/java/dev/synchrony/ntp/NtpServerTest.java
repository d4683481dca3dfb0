package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class NtpServerTest {

    static DatagramSocket client() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(1_000);
        return socket;
    }

    static NtpPacket exchange(DatagramSocket socket, InetSocketAddress server, byte[] request) throws Exception {
        socket.send(new DatagramPacket(request, request.length, server));
        byte[] buffer = new byte[2048];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        socket.receive(reply);
        return NtpPacket.decode(buffer, reply.getLength());
    }

    @Test
    void answersAClientRequestEchoingItsTransmitTimestamp() throws Exception {
        try (NtpServer server = NtpServer.start(new NtpServer.Config(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 3, 0, 1, WallClock.SYSTEM));
                DatagramSocket socket = client()) {
            long random = new Random(7).nextLong();
            long before = WallClock.SYSTEM.ntpNow();
            NtpPacket reply = exchange(
                    socket, server.localAddress(), NtpPacket.request(random).toBytes());
            long after = WallClock.SYSTEM.ntpNow();
            assertThat(reply.mode()).isEqualTo(4);
            assertThat(reply.version()).isEqualTo(4);
            assertThat(reply.stratum()).isEqualTo(3);
            assertThat(reply.originTimestamp()).isEqualTo(random);
            assertThat(Long.compareUnsigned(reply.receiveTimestamp(), before)).isGreaterThanOrEqualTo(0);
            assertThat(Long.compareUnsigned(reply.transmitTimestamp(), reply.receiveTimestamp()))
                    .isGreaterThanOrEqualTo(0);
            assertThat(Long.compareUnsigned(after, reply.transmitTimestamp())).isGreaterThanOrEqualTo(0);
            assertThat(server.stats().answered()).isEqualTo(1);
        }
    }

    @Test
    void dropsMalformedDatagramsWithACounterAndKeepsServing() throws Exception {
        try (NtpServer server = NtpServer.start(NtpServer.Config.loopback(0));
                DatagramSocket socket = client()) {
            InetSocketAddress address = server.localAddress();
            Random random = new Random(42);
            byte[] wrongMode = NtpPacket.request(1).toBytes();
            wrongMode[0] = 0x24; // mode 4: a server reply sent to a server
            byte[] badVersion = NtpPacket.request(1).toBytes();
            badVersion[0] = 0x3B; // version 7
            socket.send(new DatagramPacket(new byte[10], 10, address));
            socket.send(new DatagramPacket(new byte[1500], 1500, address));
            socket.send(new DatagramPacket(wrongMode, 48, address));
            socket.send(new DatagramPacket(badVersion, 48, address));
            // In batches with an exchange after each, so the socket's receive buffer never overflows (the kernel
            // would drop datagrams even on loopback).
            for (int batch = 0; batch < 5; batch++) {
                for (int i = 0; i < 40; i++) {
                    byte[] garbage = new byte[random.nextInt(100)];
                    random.nextBytes(garbage);
                    if (garbage.length > 0) {
                        garbage[0] = (byte) (garbage[0] & ~0x07); // never mode 3: no garbage is a valid request
                    }
                    socket.send(new DatagramPacket(garbage, garbage.length, address));
                }
                NtpPacket reply =
                        exchange(socket, address, NtpPacket.request(99 + batch).toBytes());
                assertThat(reply.originTimestamp()).isEqualTo(99 + batch);
            }
            NtpServer.Stats stats = server.stats();
            assertThat(stats.received()).as(stats.toString()).isEqualTo(209);
            assertThat(stats.malformedLength()).isGreaterThanOrEqualTo(2);
            assertThat(stats.badVersion()).isGreaterThanOrEqualTo(1);
            assertThat(stats.wrongMode()).isGreaterThanOrEqualTo(1);
            assertThat(stats.errors()).isZero();
            assertThat(stats.answered() + stats.malformed()).isEqualTo(stats.received());
        }
    }

    @Test
    void aFloodingClientGetsARateKissOfDeath() throws Exception {
        NtpServer.Config config = new NtpServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1, 1, 5, WallClock.SYSTEM);
        try (NtpServer server = NtpServer.start(config);
                DatagramSocket socket = client()) {
            SntpClient.Result result = new SntpClient(WallClock.SYSTEM, 500).query(server.localAddress(), 20, 0);
            assertThat(result.samples()).hasSizeBetween(5, 6);
            SntpClient.Outcome last = result.outcomes().get(result.outcomes().size() - 1);
            assertThat(last).isInstanceOfSatisfying(SntpClient.Rejected.class, rejected -> {
                assertThat(rejected.kiss()).isTrue();
                assertThat(rejected.reason()).contains("RATE");
            });
            assertThat(server.stats().kissesSent()).isEqualTo(1);
        }
    }

    /**
     * Requests with random MACs and extension fields against a server holding keys: none gets time, each is
     * counted as a bad trailer, an unknown key or a bad MAC, whatever is sent back is no larger than what came in
     * (no amplification), and the server keeps answering a correctly signed request.
     */
    @Test
    void randomMacsAndExtensionFieldsAreRefusedAndCounted() throws Exception {
        SymmetricKey key = AuthenticatedNtpTest.AES;
        try (NtpServer server =
                        NtpServer.start(NtpServer.Config.loopback(0).withKeys(AuthenticatedNtpTest.SERVER_KEYS));
                DatagramSocket socket = client()) {
            InetSocketAddress address = server.localAddress();
            Random random = new Random(18);
            int sent = 0;
            for (int batch = 0; batch < 10; batch++) {
                for (int i = 0; i < 30; i++) {
                    byte[] datagram = new byte[48 + 4 * (1 + random.nextInt(60))];
                    random.nextBytes(datagram);
                    System.arraycopy(NtpPacket.request(random.nextLong()).toBytes(), 0, datagram, 0, 48);
                    datagram[0] = (byte) (random.nextBoolean() ? 0x23 : 0x1B); // version 4 or 3, mode 3
                    if (random.nextBoolean() && datagram.length <= 48 + 68) {
                        // A plausible MAC: a key id we hold (10 or 20), so the digest is what is wrong.
                        ByteBuffer.wrap(datagram).putInt(48, random.nextBoolean() ? 10 : 20);
                    }
                    socket.send(new DatagramPacket(datagram, datagram.length, address));
                    sent++;
                }
                // Drain what came back: crypto-NAKs only, never larger than the smallest request.
                socket.setSoTimeout(50);
                byte[] buffer = new byte[2048];
                while (true) {
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(reply);
                    } catch (java.net.SocketTimeoutException e) {
                        break;
                    }
                    assertThat(reply.getLength()).isEqualTo(52);
                    assertThat(PacketTrailer.parse(buffer, 52).isCryptoNak(buffer))
                            .isTrue();
                }
                socket.setSoTimeout(1_000);
                SntpClient.Result signed = new SntpClient(WallClock.SYSTEM, 1_000, key).query(address, 1, 0);
                assertThat(signed.samples()).as(signed.outcomes().toString()).hasSize(1);
            }
            NtpServer.Stats stats = server.stats();
            assertThat(stats.errors()).as(stats.toString()).isZero();
            assertThat(stats.answered()).isEqualTo(10);
            assertThat(stats.authenticated()).isEqualTo(10);
            assertThat(stats.received()).isEqualTo(sent + 10);
            assertThat(stats.badTrailer() + stats.unknownKey() + stats.badMac()).isEqualTo(sent);
            assertThat(stats.badMac()).isPositive();
            assertThat(stats.unknownKey()).isPositive();
            assertThat(stats.badTrailer()).isPositive();
            assertThat(stats.cryptoNaksSent()).isEqualTo(stats.unknownKey() + stats.badMac());
        }
    }
}
