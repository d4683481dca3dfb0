package dev.synchrony.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 17, point 9: a member says whom it waits for while peers are missing, and sums up when it stops. */
class MemberProcessTest {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void namesTheMissingPeersWhileWaitingAndPrintsASummaryAtTheEnd() throws Exception {
        // n2 never starts: n1 must say so every reminder period, start without it at the limit, then sum up.
        // Shared-secret, said explicitly: this test is about waiting for peers, which TLS does not change.
        ClusterConfig config = ClusterConfig.parse("""
                security: shared-secret
                secret: a-long-enough-secret-123
                algorithm: lamport
                members:
                  - {id: n1, host: 127.0.0.1, port: %d}
                  - {id: n2, host: 127.0.0.1, port: %d}
                """.formatted(freePort(), freePort()), "c.yaml");
        StringWriter err = new StringWriter();
        int code = new MemberProcess(config, NodeId.of("n1"), null, 300_000_000L)
                .withLinkWait(Duration.ofMillis(2000), Duration.ofMillis(400))
                .run(new PrintWriter(err, true));
        assertThat(code).isZero();
        String log = err.toString();
        assertThat(log.lines().filter(l -> l.startsWith("n1: waiting for n2 (")).count())
                .as(log)
                .isBetween(2L, 5L);
        assertThat(log).contains("n1: starting without links to n2 (up: none)");
        assertThat(log.strip().lines().toList().getLast())
                .as(log)
                .matches("n1: stopped after \\d+\\.\\ds: \\d+ frames sent, \\d+ received, \\d+ outputs delivered, "
                        + "0 handler failures");
    }
}
