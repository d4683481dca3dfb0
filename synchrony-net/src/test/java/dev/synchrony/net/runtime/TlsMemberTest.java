package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.Security;
import dev.synchrony.net.tls.TrialCertificates;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS between members: who may connect, and that each refusal is one line while the member serves on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsMemberTest {

    @TempDir
    Path directory;

    private final List<Member> started = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
    private final TrialCertificates authority = TrialCertificates.newAuthority("test CA", Duration.ofDays(1));

    @AfterEach
    void closeAll() {
        started.forEach(Member::close);
    }

    /** How long a peer has to authenticate; the first TLS handshakes of a JVM on a loaded machine take seconds. */
    private Duration handshakeTimeout = Duration.ofSeconds(5);

    private Member member(ClusterConfig config, String id) throws InterruptedException {
        Member member = Member.builder(config, NodeId.of(id))
                .service("ping", self -> new PingNode(), PingNode.Ping.class)
                .handshakeLimits(handshakeTimeout, 64)
                .log(logs::add)
                .build()
                .listen();
        started.add(member);
        return member;
    }

    private static int port(ClusterConfig config, String id) {
        return config.member(NodeId.of(id)).orElseThrow().port();
    }

    private long lines(Predicate<String> which) {
        return logs.stream().filter(which).count();
    }

    /** n1 and n2 up and linked over TLS; n3 is configured but never started (its id is free to claim). */
    private List<Member> pair(ClusterConfig config) throws Exception {
        Member n1 = member(config, "n1");
        Member n2 = member(config, "n2");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!n1.connectedPeers().contains(NodeId.of("n2"))
                || !n2.connectedPeers().contains(NodeId.of("n1"))) {
            assertThat(System.nanoTime()).as("n1 and n2 link over TLS").isLessThan(deadline);
            Thread.sleep(10);
        }
        n1.startNodes();
        n2.startNodes();
        return List.of(n1, n2);
    }

    private static void awaitPings(Member receiver, String from, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (receiver.host("ping")
                        .inspect(n -> ((PingNode) n)
                                .received
                                .getOrDefault(NodeId.of(from), List.of())
                                .size())
                        .get()
                < count) {
            assertThat(System.nanoTime())
                    .as("%s's pings reach %s", from, receiver.self())
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void membersWithCertificatesFromTheClusterCaExchangeMessages() throws Exception {
        ClusterConfig config = TestTls.cluster(TestClusters.loopback(2), authority, directory);
        List<Member> members = pair(config);
        members.get(0).host("ping").command(new PingNode.Burst(100));
        members.get(1).host("ping").command(new PingNode.Burst(100));
        awaitPings(members.get(0), "n2", 100);
        awaitPings(members.get(1), "n1", 100);
        assertThat(members.get(0).refusedConnections() + members.get(1).refusedConnections())
                .isZero();
        assertThat(logs).noneMatch(line -> line.contains("shared-secret"));
    }

    @Test
    void badPeersAreRefusedInOneLineEachWhileTheMemberKeepsServing() throws Exception {
        ClusterConfig config = TestTls.cluster(TestClusters.loopback(3), authority, directory);
        handshakeTimeout = Duration.ofSeconds(3);
        List<Member> members = pair(config);
        Member n1 = members.get(0);
        int port = port(config, "n1");
        var ca = authority.authority().certificate();

        // Control: a certificate of the cluster CA for n3 (not running), claiming n3, is welcomed.
        try (RawPeer n3 = new RawPeer(TestTls.client(port, authority.issue(NodeId.of("n3"), Duration.ofDays(1)), ca))) {
            assertThat(n3.helloOverTls(config.cluster(), "n3", "n1", n1.fingerprint()))
                    .isEqualTo(RawPeer.Outcome.WELCOMED);
        }
        // Another member's certificate: n3's, claiming n2.
        try (RawPeer liar =
                new RawPeer(TestTls.client(port, authority.issue(NodeId.of("n3"), Duration.ofDays(1)), ca))) {
            assertThat(liar.helloOverTls(config.cluster(), "n2", "n1", n1.fingerprint()))
                    .isEqualTo(RawPeer.Outcome.CLOSED_AFTER_HELLO);
        }
        // A certificate for n3 from another CA (sent although n1 asks for certificates of its CA only).
        TrialCertificates stranger = TrialCertificates.newAuthority("other CA", Duration.ofDays(1));
        try (RawPeer foreign =
                new RawPeer(TestTls.client(port, stranger.issue(NodeId.of("n3"), Duration.ofDays(1)), ca))) {
            assertThat(foreign.helloOverTls(config.cluster(), "n3", "n1", n1.fingerprint()))
                    .isEqualTo(RawPeer.Outcome.CLOSED_AFTER_HELLO);
        }
        // An expired certificate of the cluster CA.
        Instant now = Instant.now();
        try (RawPeer expired = new RawPeer(TestTls.client(
                port,
                authority.issue(NodeId.of("n3"), now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))),
                ca))) {
            assertThat(expired.helloOverTls(config.cluster(), "n3", "n1", n1.fingerprint()))
                    .isEqualTo(RawPeer.Outcome.CLOSED_AFTER_HELLO);
        }
        // A plaintext client speaking the shared-secret handshake.
        try (RawPeer plain = new RawPeer(port)) {
            assertThat(plain.handshake(config.cluster(), TestClusters.SECRET, "n3", "n1", n1.fingerprint()))
                    .isEqualTo(RawPeer.Outcome.CLOSED_AFTER_HELLO);
        }
        // A client that opens TCP and stalls before its TLS handshake.
        try (Socket stalled = new Socket("127.0.0.1", port)) {
            stalled.setSoTimeout(10_000);
            InputStream in = stalled.getInputStream();
            long before = System.nanoTime();
            assertThat(in.read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThan(Duration.ofMillis(2_500));
        }

        Predicate<String> refusedByN1 = line -> line.startsWith("n1: refused connection from /127.0.0.1:");
        assertThat(lines(refusedByN1.and(line -> line.endsWith("(claims n2): its certificate names 'n3', not n2"))))
                .isEqualTo(1);
        assertThat(lines(refusedByN1.and(line -> line.endsWith("a certificate is not signed by the cluster CA"))))
                .isEqualTo(1);
        assertThat(lines(refusedByN1.and(line -> line.endsWith("a certificate is expired or not yet valid"))))
                .isEqualTo(1);
        assertThat(lines(refusedByN1.and(line -> line.contains("not a TLS connection"))))
                .isEqualTo(1);
        assertThat(lines(refusedByN1.and(line -> line.endsWith("TLS handshake not finished within 3000 ms"))))
                .as("the stalled client (and, on a slow machine, perhaps a first handshake between n1 and n2)")
                .isPositive();
        assertThat(n1.refusedConnections())
                .as("every refusal is one line")
                .isEqualTo(lines(line -> line.startsWith("n1: refused")));

        // n1 went on serving n2 throughout.
        members.get(1).host("ping").command(new PingNode.Burst(20));
        awaitPings(n1, "n2", 20);
    }

    @Test
    void aMemberWhoseCertificateNamesAnotherIdIsRefusedByThePeerItConnectsTo() throws Exception {
        ClusterConfig config = TestTls.cluster(TestClusters.loopback(2), authority, directory);
        // n2's files hold a certificate for n3: n2 cannot pass for n2 at n1, nor n1 accept it as n2.
        TrialCertificates.Issued wrong = authority.issue(NodeId.of("n3"), Duration.ofDays(1));
        Files.writeString(directory.resolve("n2.pem"), wrong.certificatePem());
        Files.writeString(directory.resolve("n2.key"), wrong.keyPem());
        Member n1 = member(config, "n1");
        Member n2 = member(config, "n2");
        Thread.sleep(1_500);
        assertThat(n1.allLinksUp()).isFalse();
        assertThat(n2.allLinksUp()).isFalse();
        assertThat(logs)
                .anyMatch(line ->
                        line.startsWith("n1: refused n2 at ") && line.endsWith(": its certificate names 'n3', not n2"));
        assertThat(logs)
                .anyMatch(line -> line.startsWith("n1: refused connection from ")
                        && line.endsWith("(claims n2): its certificate names 'n3', not n2"));
    }

    @Test
    void missingCertificateFilesAreNamedInOneLine() throws Exception {
        ClusterConfig config = TestClusters.loopback(2)
                .withSecurity(
                        Security.tls(directory.resolve("ca.pem"), directory + "/{id}.pem", directory + "/{id}.key"));
        assertThatThrownBy(() -> Member.builder(config, NodeId.of("n1"))
                        .service("ping", self -> new PingNode(), PingNode.Ping.class)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls.ca: " + directory.resolve("ca.pem") + " is missing or unreadable");
    }

    @Test
    void trialCertificatesOnDiskServeAWholeCluster() throws Exception {
        ClusterConfig plain = TestClusters.loopback(2);
        List<Path> written = TrialCertificates.write(directory.resolve("certs"), plain.memberIds(), Duration.ofDays(1));
        assertThat(written)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("ca.pem", "n1.pem", "n1.key", "n2.pem", "n2.key");
        ClusterConfig config = ClusterConfig.parse(
                plain.withSecurity(Security.SHARED_SECRET)
                        .toYaml()
                        .replace(
                                "security: \"shared-secret\"",
                                "security: tls\ntls: {ca: certs/ca.pem, cert: 'certs/{id}.pem',"
                                        + " key: 'certs/{id}.key'}"),
                "c.yaml",
                directory);
        assertThat(config.security().mode()).isEqualTo(Security.Mode.TLS);
        List<Member> members = pair(config);
        members.get(0).host("ping").command(new PingNode.Burst(10));
        awaitPings(members.get(1), "n1", 10);
    }

    @Test
    void aGenerateFolderGivesTheMembersOneThrowawayCaOnFirstStart() throws Exception {
        ClusterConfig config = TestClusters.loopback(2).withSecurity(Security.trial(directory.resolve("trial")));
        List<Member> members = pair(config);
        members.get(1).host("ping").command(new PingNode.Burst(10));
        awaitPings(members.get(0), "n2", 10);
        assertThat(Files.exists(directory.resolve("trial/ca.pem"))).isTrue();
        assertThat(logs.stream().filter(line -> line.contains("created throwaway certificates")))
                .as("only the first member creates them; the second uses them")
                .containsExactly("n1: tls: created throwaway certificates for [n1, n2] in " + directory.resolve("trial")
                        + " (for trials only)");
        assertThat(logs).noneMatch(line -> line.contains("shared-secret"));
    }

    @Test
    void sharedSecretWarnsThatFramesAreUnprotected() throws Exception {
        member(TestClusters.loopback(1), "n1");
        assertThat(logs)
                .anyMatch(line -> line.startsWith("n1: warning: security: shared-secret: ")
                        && line.contains("frames travel unencrypted and unauthenticated"));
    }
}
