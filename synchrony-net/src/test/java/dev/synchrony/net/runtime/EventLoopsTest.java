package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How many event loops a member's services share, and that frames reach every service either way. */
class EventLoopsTest {

    private final List<Member> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(Member::close);
    }

    private List<Member> cluster(int loops) throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        for (NodeId id : config.memberIds()) {
            started.add(Member.builder(config, id)
                    .service("ping", self -> new PingNode(), PingNode.Ping.class)
                    .service("pong", self -> new PingNode(), PingNode.Ping.class)
                    .eventLoops(loops)
                    .build()
                    .listen());
        }
        for (Member member : started) {
            assertThat(member.awaitLinks(Duration.ofSeconds(10))).isTrue();
            member.startNodes();
        }
        return started;
    }

    private static int received(Member member, String service) throws Exception {
        return member.host(service)
                .inspect(n -> ((PingNode) n)
                        .received.values().stream().mapToInt(List::size).sum())
                .get();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everyServiceGetsItsFramesOnOneLoopOrOnSeveral(int loops) throws Exception {
        List<Member> members = cluster(loops);
        for (Member member : members) {
            assertThat(member.host("ping").loop() == member.host("pong").loop())
                    .as("services share a loop")
                    .isEqualTo(loops == 1);
            member.host("ping").command(new PingNode.Burst(100));
            member.host("pong").command(new PingNode.Burst(100));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (Member member : members) {
            for (String service : List.of("ping", "pong")) {
                while (received(member, service) < 100) {
                    assertThat(System.nanoTime()).as("frames arrive in time").isLessThan(deadline);
                    Thread.sleep(10);
                }
            }
        }
    }

    @Test
    void aCountBelowOneIsRefused() {
        assertThatThrownBy(() -> Member.builder(TestClusters.loopback(1), NodeId.of("n1"))
                        .eventLoops(0))
                .hasMessage("eventLoops: 0 is below 1");
    }
}
