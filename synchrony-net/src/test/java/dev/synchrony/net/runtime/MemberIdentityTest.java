package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.link.LinkConfig;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.net.config.ClusterConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who a peer claims to be, and what the member's log says about peers it refuses or gives up on. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemberIdentityTest {

    private final List<Member> started = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closeAll() {
        started.forEach(Member::close);
    }

    private Member member(ClusterConfig config, String id) throws InterruptedException {
        Member member = Member.builder(config, NodeId.of(id))
                .service("ping", self -> new PingNode(), PingNode.Ping.class)
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

    @Test
    void aSecretHolderClaimingALiveMembersIdIsRefusedInOneLineAndTrafficStaysWithTheRealMember() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        Member n2 = member(config, "n2");
        // Control: while n1 is down, the secret is all a claim of n1 needs (the limit of a shared secret; TLS
        // certificates lift it). This also shows the test's own handshake is a correct one.
        try (RawPeer early = new RawPeer(port(config, "n2"))) {
            assertThat(early.handshake(config.cluster(), TestClusters.SECRET, "n1", "n2", n2.fingerprint()))
                    .isEqualTo(RawPeer.Outcome.WELCOMED);
        }
        Member n1 = member(config, "n1");
        assertThat(n1.awaitLinks(Duration.ofSeconds(10))).isTrue();
        assertThat(n2.awaitLinks(Duration.ofSeconds(10))).isTrue();
        n1.startNodes();
        n2.startNodes();
        awaitInbound(n2, "n1");
        long refusedBefore = n2.refusedConnections();
        long linesBefore = lines(line -> line.contains("second claim"));

        try (RawPeer impostor = new RawPeer(port(config, "n2"))) {
            assertThat(impostor.handshake(config.cluster(), TestClusters.SECRET, "n1", "n2", n2.fingerprint()))
                    .as("the secret proves membership; n1 is alive, so this claim of its id is refused")
                    .isEqualTo(RawPeer.Outcome.CLOSED_AFTER_PROOF);
        }
        assertThat(n2.refusedConnections() - refusedBefore).isEqualTo(1);
        assertThat(lines(line -> line.startsWith("n2: refused connection from /127.0.0.1:")
                        && line.contains("(claims n1)")
                        && line.contains("n1 is alive on another authenticated connection")
                        && line.contains("second claim")))
                .isEqualTo(linesBefore + 1);

        // n2 writes to n1 on the connection n1 opened: it must still be the real n1's.
        n2.host("ping").command(new PingNode.Burst(5));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (n1.host("ping")
                        .inspect(n -> ((PingNode) n)
                                .received
                                .getOrDefault(NodeId.of("n2"), List.of())
                                .size())
                        .get()
                < 5) {
            assertThat(System.nanoTime()).as("n1 receives n2's pings").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void awaitInbound(Member member, String peer) throws InterruptedException {
        // The peer's outgoing link is open once it got WELCOME; the acceptor registered it just before.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!member.connectedPeers().contains(NodeId.of(peer)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
    }

    @Test
    void theProofIsBoundToTheClaimedIdAndTheClusterName() throws Exception {
        ClusterConfig config = TestClusters.loopback(3);
        Member n2 = member(config, "n2");
        // n1 and n3 are down, so only the proof decides. A proof made for n1 does not admit a HELLO claiming n3,
        try (RawPeer peer = new RawPeer(port(config, "n2"))) {
            assertThat(peer.handshake(
                            config.cluster(),
                            TestClusters.SECRET,
                            "n3",
                            "n2",
                            n2.fingerprint(),
                            config.cluster(),
                            "n1"))
                    .isEqualTo(RawPeer.Outcome.CLOSED_AFTER_PROOF);
        }
        // nor does a proof made for another cluster name (with the same secret) admit this cluster's HELLO,
        try (RawPeer peer = new RawPeer(port(config, "n2"))) {
            assertThat(peer.handshake(
                            config.cluster(), TestClusters.SECRET, "n3", "n2", n2.fingerprint(), "other-cluster", "n3"))
                    .isEqualTo(RawPeer.Outcome.CLOSED_AFTER_PROOF);
        }
        // while the proof made for what the HELLO claims does.
        try (RawPeer peer = new RawPeer(port(config, "n2"))) {
            assertThat(peer.handshake(config.cluster(), TestClusters.SECRET, "n3", "n2", n2.fingerprint()))
                    .isEqualTo(RawPeer.Outcome.WELCOMED);
        }
        assertThat(n2.refusedConnections()).isEqualTo(2);
        assertThat(lines(line -> line.contains("(claims n3): its proof does not match the cluster secret")))
                .isEqualTo(2);
    }

    private static ByteBuf hello(String cluster, String from, String to) {
        ByteBuf hello = Unpooled.buffer();
        hello.writeByte(dev.synchrony.net.codec.WireCodec.FORMAT_VERSION).writeByte(Frames.HELLO);
        Frames.writeString(hello, cluster);
        Frames.writeString(hello, from);
        Frames.writeString(hello, to);
        hello.writeBytes(new byte[Frames.NONCE_BYTES]);
        hello.writeLong(0);
        ByteBuf framed = Unpooled.buffer();
        framed.writeInt(hello.readableBytes()).writeBytes(hello);
        return framed;
    }

    private Member unstarted(ClusterConfig config, String id) {
        Member member = Member.builder(config, NodeId.of(id))
                .service("ping", self -> new PingNode(), PingNode.Ping.class)
                .log(logs::add)
                .build();
        started.add(member);
        return member;
    }

    @Test
    void peerSuppliedTextCannotForgeLogLines() {
        ClusterConfig config = TestClusters.loopback(2);
        Member n1 = unstarted(config, "n1");
        EmbeddedChannel forger = new EmbeddedChannel();
        n1.initInbound(forger);
        forger.writeInbound(hello("test\nn1: link to n2 re-established", "n2", "n1"));
        EmbeddedChannel wanted = new EmbeddedChannel();
        n1.initInbound(wanted);
        wanted.writeInbound(hello("test", "n2", "n1\r\nn1: all is well " + "x".repeat(100)));
        assertThat(forger.isActive()).isFalse();
        assertThat(wanted.isActive()).isFalse();
        assertThat(n1.refusedConnections()).isEqualTo(2);
        assertThat(logs).hasSize(2).allMatch(line -> line.chars().noneMatch(c -> c == '\n' || c == '\r'));
        assertThat(logs)
                .anyMatch(line -> line.contains("cluster 'test\\u000an1: link to n2 re-established', not 'test'"));
        assertThat(logs)
                .anyMatch(line -> line.contains("it wanted member 'n1\\u000d\\u000an1: all is well x")
                        && line.endsWith("... (120 chars)"));
    }

    @Test
    void repeatedRefusalsAreRateLimitedButAllCounted() {
        ClusterConfig config = TestClusters.loopback(2);
        Member n1 = unstarted(config, "n1");
        for (int i = 0; i < 30; i++) {
            EmbeddedChannel stranger = new EmbeddedChannel();
            n1.initInbound(stranger);
            stranger.writeInbound(hello("other", "n2", "n1"));
            assertThat(stranger.isActive()).isFalse();
        }
        assertThat(n1.refusedConnections()).isEqualTo(30);
        assertThat(lines(line -> line.contains("refused"))).isEqualTo(MemberLog.REFUSALS_PER_WINDOW);
    }

    @Test
    void aLinkLayerThatGivesUpSaysSoInOneLineNamingThePeer() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        LinkConfig quick = LinkConfig.DEFAULT
                .withInitialRetransmitNanos(5_000_000L)
                .withMaxRetransmitNanos(10_000_000L)
                .withMaxRetransmissions(3);
        Member n1 = Member.builder(config, NodeId.of("n1"))
                .service(new Member.Service(
                        "ping",
                        self -> ReliableFifoLink.over(new PingNode(), quick),
                        Protocols.codecFor(ReliableFifoLink.over(new PingNode(), quick))))
                .log(logs::add)
                .build()
                .listen();
        started.add(n1);
        n1.startNodes();
        n1.host("ping").command(new PingNode.Burst(3)).get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines(line -> line.contains("gave up")) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(logs)
                .filteredOn(line -> line.contains("gave up"))
                .singleElement()
                .isEqualTo(
                        "n1: link layer of ping gave up on n2: 3 unacknowledged messages dropped after its retransmission bound");
    }

    @Test
    void aFullQueueWhileALinkIsDownIsLoggedOncePerOutage() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        Member n1 = member(config, "n1");
        n1.startNodes();
        n1.host("ping").command(new PingNode.Burst(PeerLink.QUEUE_LIMIT + 100)).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (n1.droppedFrames() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(n1.droppedFrames()).isEqualTo(100);
        assertThat(logs)
                .filteredOn(line -> line.contains("dropping frames"))
                .singleElement()
                .isEqualTo("n1: link to n2 is down and " + PeerLink.QUEUE_LIMIT
                        + " frames wait for it: dropping frames to n2" + " until it is back");
    }
}
