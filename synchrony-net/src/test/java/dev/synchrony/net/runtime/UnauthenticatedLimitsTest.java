package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import io.netty.buffer.ByteBuf;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a stranger can make a member hold before it proves anything: little, and not for long. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnauthenticatedLimitsTest {

    private final List<Member> started = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        started.forEach(Member::close);
    }

    private Member member(ClusterConfig config, String id, Duration timeout, int maxPending) throws Exception {
        Member member = Member.builder(config, NodeId.of(id))
                .service("ping", self -> new PingNode(), PingNode.Ping.class)
                .handshakeLimits(timeout, maxPending)
                .log(logs::add)
                .build()
                .listen();
        started.add(member);
        return member;
    }

    private static int port(ClusterConfig config, String id) {
        return config.member(NodeId.of(id)).orElseThrow().port();
    }

    private static boolean closedWithin(Socket socket, Duration wait) throws Exception {
        socket.setSoTimeout((int) wait.toMillis());
        InputStream in = socket.getInputStream();
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    @Test
    void beforeAuthenticationNoFrameLongerThanAHandshakeIsBufferedAfterItLargerOnesAre() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        Member n2 = member(config, "n2", Duration.ofSeconds(5), 64);
        n2.startNodes();
        try (Socket stranger = new Socket("127.0.0.1", port(config, "n2"))) {
            DataOutputStream out = new DataOutputStream(stranger.getOutputStream());
            out.writeInt(1 << 20); // within maxFrameBytes, far over a handshake
            out.write(new byte[256]);
            out.flush();
            assertThat(closedWithin(stranger, Duration.ofSeconds(5))).isTrue();
        }
        assertThat(n2.badFrames()).isEqualTo(1);
        assertThat(logs)
                .filteredOn(line -> line.contains("a frame of 1048580 bytes before authentication (limit "
                        + Frames.HANDSHAKE_MAX_FRAME_BYTES + " bytes)"))
                .hasSize(1);

        // A peer that proves itself (n1 is down, so the secret suffices) may send a frame larger than a handshake.
        try (RawPeer peer = new RawPeer(port(config, "n2"))) {
            assertThat(peer.handshake(config.cluster(), TestClusters.SECRET, "n1", "n2", n2.fingerprint()))
                    .isEqualTo(RawPeer.Outcome.WELCOMED);
            String text = "x".repeat(3 * Frames.HANDSHAKE_MAX_FRAME_BYTES);
            ByteBuf frame = Frames.data(
                    0, 1, 1, new PingNode.Ping(7, text), n2.host("ping").codec(), config.maxFrameBytes(), "n2");
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            frame.release();
            peer.sendRaw(bytes);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!n2.host("ping")
                    .inspect(n -> ((PingNode) n)
                            .received
                            .getOrDefault(NodeId.of("n1"), List.of())
                            .contains(7L))
                    .get()) {
                assertThat(System.nanoTime()).as("the large frame arrives").isLessThan(deadline);
                Thread.sleep(10);
            }
        }
        assertThat(n2.badFrames()).isEqualTo(1);
    }

    @Test
    void stalledConnectionsTimeOutAndThoseBeyondTheCapAreRefusedAtOnceWhileTheMemberKeepsServing() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        Member n1 = member(config, "n1", Duration.ofMillis(1_500), 3);
        Member n2 = member(config, "n2", Duration.ofMillis(1_500), 3);
        assertThat(n1.awaitLinks(Duration.ofSeconds(10))).isTrue();
        assertThat(n2.awaitLinks(Duration.ofSeconds(10))).isTrue();
        n1.startNodes();
        n2.startNodes();
        Thread.sleep(200); // n2's own connection to n1 has authenticated: it no longer counts as pending
        long refusedBefore = n1.refusedConnections();
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = new Socket("127.0.0.1", port(config, "n1"));
            socket.getOutputStream().write(new byte[] {0, 0}); // half a length prefix, then nothing
            stalled.add(socket);
            sockets.add(socket);
        }
        Thread.sleep(200);
        List<Socket> beyond = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Socket socket = new Socket("127.0.0.1", port(config, "n1"));
            beyond.add(socket);
            sockets.add(socket);
        }
        for (Socket socket : beyond) {
            assertThat(closedWithin(socket, Duration.ofMillis(1_000)))
                    .as("over the cap: closed at once")
                    .isTrue();
        }
        assertThat(n1.refusedConnections() - refusedBefore).isEqualTo(2);
        // Meanwhile the member keeps serving its peer.
        n2.host("ping").command(new PingNode.Burst(5));
        for (Socket socket : stalled) {
            assertThat(closedWithin(socket, Duration.ofSeconds(5)))
                    .as("stalled: closed after the timeout")
                    .isTrue();
        }
        assertThat(n1.refusedConnections() - refusedBefore).isEqualTo(5);
        assertThat(logs)
                .filteredOn(line -> line.contains("connections are already waiting to authenticate"))
                .hasSize(2)
                .allMatch(line -> line.startsWith("n1: refused connection from /127.0.0.1:")
                        && line.endsWith(": 3 connections are already waiting to authenticate"));
        assertThat(logs)
                .filteredOn(line -> line.endsWith(": no handshake within 1500 ms"))
                .hasSize(3);
        assertThat(n1.host("ping")
                        .inspect(n -> ((PingNode) n)
                                .received
                                .getOrDefault(NodeId.of("n2"), List.of())
                                .size())
                        .get())
                .isEqualTo(5);
        // Once they are gone, a new connection is accepted again (and judged on its handshake).
        try (RawPeer late = new RawPeer(port(config, "n1"))) {
            assertThat(late.handshake(config.cluster(), "a-wrong-secret-0123456789", "n2", "n1", n1.fingerprint()))
                    .isEqualTo(RawPeer.Outcome.BAD_SERVER_PROOF);
        }
    }
}
