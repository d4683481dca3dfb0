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

    private static ClusterConfig twoMembers() throws IOException {
        return ClusterConfig.parse("""
                security: shared-secret
                secret: a-long-enough-secret-123
                algorithm: lamport
                members:
                  - {id: n1, host: 127.0.0.1, port: %d}
                  - {id: n2, host: 127.0.0.1, port: %d}
                """.formatted(freePort(), freePort()), "c.yaml");
    }

    /**
     * A survivor of a restart stays on past its duration while the launcher's hold file exists, and stops once it
     * is removed: the restarted member, slow to start, still finds it.
     */
    @Test
    void staysOnPastItsDurationWhileTheHoldFileExists(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path hold = java.nio.file.Files.createFile(dir.resolve("restarting.hold"));
        StringWriter err = new StringWriter();
        long removeAfterNanos = 4_000_000_000L;
        long start = System.nanoTime();
        Thread remover = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(removeAfterNanos / 1_000_000);
                java.nio.file.Files.delete(hold);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int code = new MemberProcess(twoMembers(), NodeId.of("n1"), null, 200_000_000L)
                .withLinkWait(Duration.ofMillis(200), Duration.ofMillis(200))
                .withHoldWhile(hold)
                .run(new PrintWriter(err, true));
        long ran = System.nanoTime() - start;
        remover.join();
        assertThat(code).isZero();
        assertThat(err.toString()).contains("n1: " + MemberProcess.HOLDING);
        // Its own duration (with the link wait) is under half a second: it ran until the file went.
        assertThat(ran).as(err.toString()).isBetween(removeAfterNanos, removeAfterNanos + 3_000_000_000L);
    }

    @Test
    void withoutAHoldFileItStopsAtTheEndOfItsDuration(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = new MemberProcess(twoMembers(), NodeId.of("n1"), null, 200_000_000L)
                .withLinkWait(Duration.ofMillis(200), Duration.ofMillis(200))
                .withHoldWhile(dir.resolve("restarting.hold"))
                .run(new PrintWriter(err, true));
        assertThat(code).isZero();
        assertThat(err.toString()).doesNotContain(MemberProcess.HOLDING);
        assertThat(System.nanoTime() - start).as(err.toString()).isLessThan(3_500_000_000L);
    }
}
