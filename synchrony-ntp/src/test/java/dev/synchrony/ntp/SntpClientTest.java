package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 4330's checks, against a fake server that answers with a reply we shape. */
@Timeout(30)
class SntpClientTest {

    /** Answers one request with {@code shape} applied to a correct reply. */
    static SntpClient.Result queryFake(UnaryOperator<NtpPacket> shape) throws Exception {
        try (DatagramSocket fake = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread server = Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    byte[] buffer = new byte[512];
                    DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                    fake.receive(request);
                    NtpPacket asked = NtpPacket.decode(buffer, request.getLength());
                    long now = WallClock.SYSTEM.ntpNow();
                    NtpPacket good = new NtpPacket(
                            0, 4, 4, 2, 0, -20, 0, 0, 0x0A000001, now, asked.transmitTimestamp(), now, now);
                    byte[] reply = shape.apply(good).toBytes();
                    fake.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
                } catch (Exception e) {
                    // The test sees a timeout.
                }
            });
            SntpClient.Result result =
                    new SntpClient(WallClock.SYSTEM, 300).query((InetSocketAddress) fake.getLocalSocketAddress(), 1, 0);
            server.join(1_000);
            return result;
        }
    }

    static String rejection(SntpClient.Result result) {
        return ((SntpClient.Rejected) result.outcomes().get(0)).reason();
    }

    static NtpPacket with(NtpPacket p, int leap, int mode, int stratum, int refId, long origin, long transmit) {
        return new NtpPacket(
                leap,
                p.version(),
                mode,
                stratum,
                p.poll(),
                p.precision(),
                p.rootDelay(),
                p.rootDispersion(),
                refId,
                p.referenceTimestamp(),
                origin,
                p.receiveTimestamp(),
                transmit);
    }

    @Test
    void acceptsAGoodReply() throws Exception {
        SntpClient.Result result = queryFake(p -> p);
        assertThat(result.samples()).hasSize(1);
        assertThat(result.samples().get(0).referenceId()).isEqualTo("10.0.0.1");
        assertThat(result.estimate()).isPresent();
    }

    @Test
    void rejectsAnOriginMismatch() throws Exception {
        assertThat(rejection(queryFake(
                        p -> with(p, 0, 4, 2, p.referenceId(), p.originTimestamp() + 1, p.transmitTimestamp()))))
                .startsWith("origin timestamp mismatch");
    }

    @Test
    void rejectsAZeroTransmitTimestamp() throws Exception {
        assertThat(rejection(queryFake(p -> with(p, 0, 4, 2, p.referenceId(), p.originTimestamp(), 0))))
                .isEqualTo("zero transmit timestamp");
    }

    @Test
    void rejectsStratumZeroWithoutAKissCode() throws Exception {
        assertThat(rejection(queryFake(p -> with(p, 0, 4, 0, 0, p.originTimestamp(), p.transmitTimestamp()))))
                .startsWith("stratum 0 without a kiss code");
    }

    @Test
    void reportsAKissOfDeath() throws Exception {
        SntpClient.Result result =
                queryFake(p -> with(p, 3, 4, 0, NtpPacket.code("DENY"), p.originTimestamp(), p.transmitTimestamp()));
        assertThat(rejection(result)).contains("kiss-o'-death DENY");
        assertThat(((SntpClient.Rejected) result.outcomes().get(0)).kiss()).isTrue();
    }

    @Test
    void rejectsTheWrongMode() throws Exception {
        assertThat(rejection(
                        queryFake(p -> with(p, 0, 5, 2, p.referenceId(), p.originTimestamp(), p.transmitTimestamp()))))
                .startsWith("wrong mode 5");
    }

    @Test
    void rejectsAnUnsynchronizedServer() throws Exception {
        assertThat(rejection(
                        queryFake(p -> with(p, 3, 4, 2, p.referenceId(), p.originTimestamp(), p.transmitTimestamp()))))
                .contains("not synchronized");
    }

    @Test
    void measuresAKnownOffsetAgainstAShiftedServerClock() throws Exception {
        long shift = 250_000_000L;
        NtpServer.Config config = new NtpServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2, 0, 1, WallClock.SYSTEM.shifted(shift));
        try (NtpServer server = NtpServer.start(config)) {
            SntpClient.Result result = new SntpClient(WallClock.SYSTEM, 1_000).query(server.localAddress(), 16, 0);
            SntpClient.Sample best = result.estimate().orElseThrow();
            assertThat(Math.abs(best.offsetNanos() - shift)).isLessThanOrEqualTo(best.delayNanos() + 2_000_000);
            assertThat(best.referenceId()).isEqualTo("127.127.1.0");
        }
        ByteBuffer.allocate(0);
    }
}
