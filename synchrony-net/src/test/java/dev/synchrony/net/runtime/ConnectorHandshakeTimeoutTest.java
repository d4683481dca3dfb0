package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A "peer" that accepts a member's connection and never answers its HELLO: the member gives up on that connection
 * within its handshake timeout (logging one line with the address) and tries again later, while its link to a real
 * member comes up as usual. Before the timeout, the link waited on the silent socket for good.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectorHandshakeTimeoutTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(500);
    /** How late a loaded machine may run the member's timer and deliver the close (two cores, many builds). */
    private static final Duration SLACK = Duration.ofMillis(2_000);

    private final List<Member> started = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closeAll() {
        started.forEach(Member::close);
    }

    private Member member(ClusterConfig config, String id) throws Exception {
        Member member = Member.builder(config, NodeId.of(id))
                .service("ping", self -> new PingNode(), PingNode.Ping.class)
                .handshakeLimits(HANDSHAKE_TIMEOUT, 64)
                .log(logs::add)
                .build()
                .listen();
        started.add(member);
        return member;
    }

    @Test
    void aPeerThatAcceptsAndStaysSilentIsClosedWithinTheTimeoutWhileARealMemberLinks() throws Exception {
        ClusterConfig config = TestClusters.loopback(3);
        int silentPort = config.member(NodeId.of("n3")).orElseThrow().port();
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), silentPort));
            silent.setSoTimeout((int) SLACK.multipliedBy(5).toMillis());
            Member n1 = member(config, "n1");
            Member n2 = member(config, "n2");

            try (Socket first = silent.accept()) { // n1's or n2's: both connect to n3
                long accepted = System.nanoTime();
                assertThat(closedByPeer(first, HANDSHAKE_TIMEOUT.plus(SLACK)))
                        .as("a member closes the connection it opened to the silent n3")
                        .isTrue();
                long openMillis = (System.nanoTime() - accepted) / 1_000_000;
                // Not at once (it sent its HELLO and waited), and within the timeout and a loaded loop's delay.
                assertThat(openMillis)
                        .isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.toMillis() * 8 / 10)
                        .isLessThanOrEqualTo(HANDSHAKE_TIMEOUT.plus(SLACK).toMillis());
            }
            // The link does not give up on n3: it connects again after its backoff.
            try (Socket again = silent.accept()) {
                assertThat(again.isConnected()).isTrue();
            }

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!n1.connectedPeers().contains(NodeId.of("n2")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(n1.connectedPeers()).as("n1's link to the real n2").contains(NodeId.of("n2"));
            // Both members open a connection to n3, and the sockets above may have been either's: each refuses its
            // own in one line naming the address.
            for (String id : List.of("n1", "n2")) {
                java.util.function.Predicate<String> refusal = line -> line.startsWith(id + ": refused n3 at ")
                        && line.contains("127.0.0.1:" + silentPort)
                        && line.endsWith("no handshake within " + HANDSHAKE_TIMEOUT.toMillis() + " ms");
                while (logs.stream().noneMatch(refusal) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(logs).as("the log of %s", id).anyMatch(refusal);
            }
            assertThat(n1.refusedConnections()).isPositive();
            assertThat(n2.refusedConnections()).isPositive();
        }
    }

    /** Whether the other end closed {@code socket} within {@code wait} (what it sent before is read and ignored). */
    private static boolean closedByPeer(Socket socket, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1024];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) left);
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (java.net.SocketException e) {
                return true; // reset
            }
        }
    }
}
