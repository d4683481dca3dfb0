package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.catalog.LinkPolicy;
import dev.synchrony.core.NodeId;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.net.codec.WireCodec;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.Security;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemberTest {

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

    private static List<Long> upTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void membersExchangeMessagesInOrderOverAuthenticatedLinks() throws Exception {
        ClusterConfig config = TestClusters.loopback(3);
        List<Member> members = List.of(member(config, "n1"), member(config, "n2"), member(config, "n3"));
        for (Member member : members) {
            assertThat(member.awaitLinks(Duration.ofSeconds(10))).isTrue();
            member.startNodes();
        }
        for (Member member : members) {
            member.host("ping").command(new PingNode.Burst(200));
        }
        awaitReceived(members, 400);
        for (Member member : members) {
            PingNode node = (PingNode) member.host("ping").inspect(n -> n).get();
            var received = member.host("ping")
                    .inspect(n -> new java.util.TreeMap<>(((PingNode) n).received))
                    .get();
            assertThat(received).hasSize(2);
            received.values().forEach(list -> assertThat(list).isEqualTo(upTo(200)));
            assertThat(node).isNotNull();
            assertThat(member.refusedConnections()).isZero();
            assertThat(member.badFrames()).isZero();
        }
    }

    @Test
    void commandsFromManyThreadsAndFromTheLoopRunOnceEachInTheOrderGiven() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        List<Member> members = List.of(member(config, "n1"), member(config, "n2"));
        for (Member member : members) {
            assertThat(member.awaitLinks(Duration.ofSeconds(10))).isTrue();
            member.startNodes();
        }
        NodeHost host = members.get(0).host("ping");
        int threads = 4;
        int each = 500;
        List<Thread> givers = new ArrayList<>();
        for (int t = 1; t <= threads; t++) {
            long base = t * 1_000_000L;
            givers.add(Thread.ofPlatform().start(() -> {
                for (int i = 1; i <= each; i++) {
                    host.command(new PingNode.Burst(0, base + i));
                    if (i % 50 == 0) {
                        // From the loop: runs after every command queued before it, never overtakes one.
                        long label = base + i;
                        host.runOnLoop(() -> host.command(new PingNode.Burst(0, -label)));
                    }
                }
            }));
        }
        for (Thread giver : givers) {
            giver.join();
        }
        host.command(new PingNode.Burst(0, -1)).get(10, TimeUnit.SECONDS);
        List<Long> handled =
                host.inspect(n -> List.copyOf(((PingNode) n).commands)).get();
        assertThat(handled).hasSize(threads * each + threads * each / 50 + 1);
        for (int t = 1; t <= threads; t++) {
            long base = t * 1_000_000L;
            List<Long> mine = handled.stream()
                    .filter(label -> label > base && label <= base + each)
                    .toList();
            assertThat(mine)
                    .as("thread %d's commands, once each, in its order", t)
                    .isEqualTo(LongStream.rangeClosed(base + 1, base + each)
                            .boxed()
                            .toList());
            for (int i = 50; i <= each; i += 50) {
                assertThat(handled.indexOf(-(base + i)))
                        .as("the loop's command after the queued one it followed")
                        .isGreaterThan(handled.indexOf(base + i));
            }
        }
    }

    private static void awaitReceived(List<Member> members, int each) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (Member member : members) {
            while (member.host("ping")
                            .inspect(n -> ((PingNode) n)
                                    .received.values().stream()
                                            .mapToInt(List::size)
                                            .sum())
                            .get()
                    < each) {
                assertThat(System.nanoTime()).as("messages arrive in time").isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    @Test
    void overTheLinkLayerNothingIsLostOrDoubledAcrossReconnects() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        List<Member> members = new ArrayList<>();
        for (String id : List.of("n1", "n2")) {
            Member member = Member.builder(config, NodeId.of(id))
                    .service(new Member.Service(
                            "ping",
                            self -> ReliableFifoLink.over(new PingNode(), LinkPolicy.CAPPED),
                            Protocols.codecFor(ReliableFifoLink.over(new PingNode(), LinkPolicy.CAPPED))))
                    .log(logs::add)
                    .build()
                    .listen();
            started.add(member);
            members.add(member);
        }
        for (Member member : members) {
            assertThat(member.awaitLinks(Duration.ofSeconds(10))).isTrue();
            member.startNodes();
        }
        java.util.function.Function<Member, Integer> receivedCount = member -> {
            try {
                return member.host("ping")
                        .inspect(n -> ((PingNode) ((dev.synchrony.link.ReliableFifoLink<?, ?, ?>) n).inner())
                                .received.values().stream().mapToInt(List::size).sum())
                        .get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        Member n1 = members.get(0);
        Member n2 = members.get(1);
        for (int burst = 0; burst < 5; burst++) {
            n1.host("ping").command(new PingNode.Burst(400));
            n2.host("ping").command(new PingNode.Burst(400));
            Thread.sleep(5);
            n1.dropConnections();
            n2.dropConnections();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((receivedCount.apply(n1) < 2000 || receivedCount.apply(n2) < 2000) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // Each burst numbers its pings 1..400 again: the receiver sees five runs of 1..400, in order, none twice.
        List<Long> expected = new ArrayList<>();
        for (int burst = 0; burst < 5; burst++) {
            expected.addAll(upTo(400));
        }
        for (Member member : members) {
            var received = member.host("ping")
                    .inspect(n -> new java.util.TreeMap<>(
                            ((PingNode) ((dev.synchrony.link.ReliableFifoLink<?, ?, ?>) n).inner()).received))
                    .get();
            assertThat(received.values()).singleElement().isEqualTo(expected);
        }
        assertThat(logs).anyMatch(line -> line.contains("re-established"));
    }

    @Test
    void aRestartedMemberIsReconnected() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        Member n1 = member(config, "n1");
        Member n2 = member(config, "n2");
        assertThat(n1.awaitLinks(Duration.ofSeconds(10))).isTrue();
        n1.startNodes();
        n2.close();
        Thread.sleep(300);
        assertThat(n1.allLinksUp()).isFalse();
        Member again = member(config, "n2");
        assertThat(n1.awaitLinks(Duration.ofSeconds(10)))
                .as("n1 reconnects with backoff")
                .isTrue();
        assertThat(again.awaitLinks(Duration.ofSeconds(10))).isTrue();
        again.startNodes();
        n1.host("ping").command(new PingNode.Burst(10));
        awaitReceived(List.of(again), 10);
    }

    @Test
    void aProcessWithoutTheSecretIsRefusedAndLogged() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        Member n1 = member(config, "n1");
        ClusterConfig forged = ClusterConfig.of(
                        config.cluster(), config.members(), Security.SHARED_SECRET, "wrong-secret-0123456789")
                .withMaxFrameBytes(config.maxFrameBytes());
        Member impostor = member(forged, "n2");
        Thread.sleep(1_000);
        assertThat(impostor.allLinksUp()).isFalse();
        assertThat(n1.refusedConnections() + impostor.refusedConnections()).isPositive();
        assertThat(logs)
                .anyMatch(line -> line.contains("refused") && line.contains("does not match the cluster secret"));
    }

    @Test
    void oversizedAndMalformedFramesCloseOnlyThatConnection() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        Member n1 = member(config, "n1");
        Member n2 = member(config, "n2");
        assertThat(n1.awaitLinks(Duration.ofSeconds(10))).isTrue();
        assertThat(n2.awaitLinks(Duration.ofSeconds(10))).isTrue();
        n1.startNodes();
        n2.startNodes();
        int port = config.member(NodeId.of("n1")).orElseThrow().port();
        try (Socket attacker = new Socket("127.0.0.1", port)) {
            DataOutputStream out = new DataOutputStream(attacker.getOutputStream());
            out.writeInt(config.maxFrameBytes() + 1);
            out.write(new byte[64]);
            out.flush();
            assertThat(readsEndOfStream(attacker.getInputStream())).isTrue();
        }
        try (Socket attacker = new Socket("127.0.0.1", port)) {
            DataOutputStream out = new DataOutputStream(attacker.getOutputStream());
            out.writeInt(3);
            out.write(new byte[] {42, 1, 0});
            out.flush();
            assertThat(readsEndOfStream(attacker.getInputStream())).isTrue();
        }
        assertThat(n1.badFrames()).isEqualTo(2);
        assertThat(logs).anyMatch(line -> line.contains("format version 42"));
        n2.host("ping").command(new PingNode.Burst(5));
        awaitReceived(List.of(n1), 5);
    }

    private static boolean readsEndOfStream(InputStream in) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (in.read() < 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void embeddedChannelRejectsDataBeforeTheHandshakeAndTooLongFrames() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        Member n1 = Member.builder(config, NodeId.of("n1"))
                .service("ping", self -> new PingNode(), PingNode.Ping.class)
                .log(logs::add)
                .build();
        started.add(n1);
        EmbeddedChannel early = new EmbeddedChannel();
        n1.initInbound(early);
        ByteBuf data = Unpooled.buffer();
        data.writeInt(2).writeByte(WireCodec.FORMAT_VERSION).writeByte(5);
        early.writeInbound(data);
        assertThat(early.isActive()).isFalse();
        assertThat(n1.refusedConnections()).isEqualTo(1);

        EmbeddedChannel big = new EmbeddedChannel();
        n1.initInbound(big);
        ByteBuf huge = Unpooled.buffer();
        huge.writeInt(Integer.MAX_VALUE).writeBytes(new byte[16]);
        big.writeInbound(huge);
        assertThat(big.isActive()).isFalse();
        assertThat(n1.badFrames()).isEqualTo(1);
        assertThat(logs)
                .anyMatch(line ->
                        line.contains("before authentication (limit " + Frames.HANDSHAKE_MAX_FRAME_BYTES + " bytes)"));

        EmbeddedChannel truncatedHello = new EmbeddedChannel();
        n1.initInbound(truncatedHello);
        ByteBuf hello = Unpooled.buffer();
        hello.writeInt(4)
                .writeByte(WireCodec.FORMAT_VERSION)
                .writeByte(1)
                .writeByte(9)
                .writeByte('x');
        truncatedHello.writeInbound(hello);
        assertThat(truncatedHello.isActive()).isFalse();
        assertThat(n1.badFrames()).isEqualTo(2);
    }
}
