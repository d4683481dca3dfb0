package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A member closed and started again on the same id, port and storage while the others keep running (what
 * {@code synchrony cluster --nemesis restart} does across JVMs, issue 16) re-links with every peer in both
 * directions and exchanges messages again. The restarted member here is n1, the lowest id: it opens the one
 * connection each pair shares, so the survivors must let go of its old connection and take the new one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemberRestartTest {

    /** Generous for a machine shared with other builds; a healthy re-link takes well under a second. */
    private static final Duration RELINK_BOUND = Duration.ofSeconds(10);

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

    @Test
    void aMemberRestartedOnItsPortAndStorageReLinksWithPeersThatKeptRunning() throws Exception {
        ClusterConfig config = TestClusters.loopback(3);
        Member n1 = member(config, "n1");
        Member n2 = member(config, "n2");
        Member n3 = member(config, "n3");
        for (Member member : List.of(n1, n2, n3)) {
            assertThat(member.awaitLinks(RELINK_BOUND)).isTrue();
            member.startNodes();
        }
        n2.host("ping").command(new PingNode.Burst(5));
        awaitFrom(n1, "n2", 5);
        java.nio.file.Path storage = n1.storageDirectory();

        n1.close();
        awaitDown(n2, "n1");
        awaitDown(n3, "n1");

        Member again = member(config, "n1");
        assertThat(again.storageDirectory()).isEqualTo(storage);
        assertThat(again.awaitLinks(RELINK_BOUND))
                .as(
                        "the restarted n1 links to both peers within %s (up: %s; log: %s)",
                        RELINK_BOUND, again.connectedPeers(), logs)
                .isTrue();
        for (Member survivor : List.of(n2, n3)) {
            assertThat(survivor.awaitLinks(RELINK_BOUND))
                    .as("%s links to the restarted n1 again (log: %s)", survivor.self(), logs)
                    .isTrue();
        }
        again.startNodes();

        // Traffic flows both ways on the new connections: survivors to the new life, and back.
        n2.host("ping").command(new PingNode.Burst(10));
        n3.host("ping").command(new PingNode.Burst(10));
        awaitFrom(again, "n2", 10);
        awaitFrom(again, "n3", 10);
        again.host("ping").command(new PingNode.Burst(10));
        awaitFrom(n2, "n1", 10);
        awaitFrom(n3, "n1", 10);
        assertThat(lastFrom(n2, "n1", 10)).as("the new life's pings, in order").isEqualTo(upTo(10));
        assertThat(lastFrom(n3, "n1", 10)).isEqualTo(upTo(10));
    }

    private static List<Long> upTo(long n) {
        return java.util.stream.LongStream.rangeClosed(1, n).boxed().toList();
    }

    private static List<Long> received(Member member, String from) throws Exception {
        return member.host("ping")
                .inspect(n -> List.copyOf(((PingNode) n).received.getOrDefault(NodeId.of(from), List.of())))
                .get();
    }

    private static List<Long> lastFrom(Member member, String from, int count) throws Exception {
        List<Long> all = received(member, from);
        return all.subList(all.size() - count, all.size());
    }

    private static void awaitFrom(Member member, String from, int count) throws Exception {
        long deadline = System.nanoTime() + RELINK_BOUND.toNanos();
        while (received(member, from).size() < count) {
            assertThat(System.nanoTime())
                    .as(
                            "%s receives %d pings from %s in time (has %s)",
                            member.self(), count, from, received(member, from))
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void awaitDown(Member member, String peer) throws InterruptedException {
        long deadline = System.nanoTime() + RELINK_BOUND.toNanos();
        while (member.connectedPeers().contains(NodeId.of(peer))) {
            assertThat(System.nanoTime())
                    .as("%s sees its link to %s go down", member.self(), peer)
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
