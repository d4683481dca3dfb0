package dev.synchrony.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.metrics.MicrometerMetrics;
import dev.synchrony.net.runtime.CapturedLog;
import dev.synchrony.net.runtime.TestClusters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Micrometer metrics of a member and its API objects, and the API's SLF4J lines. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsTest {

    private final List<SynchronyMember> cluster = new ArrayList<>();
    private final Map<NodeId, SimpleMeterRegistry> registries = new LinkedHashMap<>();

    @AfterEach
    void leave() {
        cluster.forEach(SynchronyMember::close);
    }

    private void join(ClusterConfig config) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                registries.put(id, registry);
                joining.add(pool.submit(() -> SynchronyMember.builder(config, id)
                        .metrics(new MicrometerMetrics(registry, id))
                        .join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                cluster.add(future.get());
            }
        }
    }

    private double counter(String member, String name, String... tags) {
        var search = registries.get(NodeId.of(member)).find(name).tags(tags);
        return search.counter() == null ? 0 : search.counter().count();
    }

    @Test
    void locksMessagesAndFramesAreCountedPerMemberAndLink() throws Exception {
        join(TestClusters.loopback(3)
                .withServices(List.of(new ClusterConfig.ServiceConfig("orders", "lock", "central-mutex", Map.of()))));
        for (int i = 0; i < 4; i++) {
            try (Grant grant = cluster.get(1).lock("orders").lock()) {
                assertThat(grant.isHeld()).isTrue();
            }
        }
        Grant held = cluster.get(0).lock("orders").lock();
        assertThat(cluster.get(2).lock("orders").tryLock(Duration.ofMillis(100)))
                .isEmpty();
        held.close();

        assertThat(counter("n2", "synchrony.lock.grants", "lock", "orders")).isEqualTo(4);
        assertThat(counter("n1", "synchrony.lock.grants", "lock", "orders")).isEqualTo(1);
        assertThat(counter("n3", "synchrony.lock.grants", "lock", "orders")).isZero();
        assertThat(counter("n3", "synchrony.lock.withdrawn", "lock", "orders")).isEqualTo(1);
        var wait = registries
                .get(NodeId.of("n2"))
                .find("synchrony.lock.wait")
                .tags("lock", "orders")
                .timer();
        assertThat(wait.count()).isEqualTo(4);
        assertThat(wait.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        // n2 talks to the coordinator n1 (request and release per grant, over the reliable link): counted per peer.
        assertThat(counter("n2", "synchrony.messages.sent", "service", "orders", "peer", "n1"))
                .isGreaterThanOrEqualTo(8);
        assertThat(counter("n1", "synchrony.messages.received", "service", "orders", "peer", "n2"))
                .isGreaterThanOrEqualTo(8);
        var framesOut = registries
                .get(NodeId.of("n2"))
                .find("synchrony.frame.size")
                .tags("direction", "out")
                .summary();
        assertThat(framesOut.count()).isGreaterThanOrEqualTo(8);
        assertThat(framesOut.max()).isPositive();
    }

    @Test
    void aLinkToAMemberThatLeftRetransmits() throws Exception {
        join(TestClusters.loopback(2)
                .withServices(
                        List.of(new ClusterConfig.ServiceConfig("updates", "total-order", "total-order", Map.of()))));
        cluster.get(1).close();
        cluster.get(0).totalOrder("updates").publish("unanswered".getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter("n1", "synchrony.link.retransmissions", "service", "updates", "peer", "n2") == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(counter("n1", "synchrony.link.retransmissions", "service", "updates", "peer", "n2"))
                .isPositive();
    }

    @Test
    void leaderChangesAreCountedAndTheTermIsAGaugeAndLogged() throws Exception {
        try (CapturedLog log = CapturedLog.of(LeaderElection.class)) {
            join(TestClusters.loopback(3)
                    .withServices(List.of(new ClusterConfig.ServiceConfig("leader", "election", "bully", Map.of()))));
            long term = cluster.get(2).election("leader").awaitLeadership();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (cluster.get(0).election("leader").term() != term && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(counter("n1", "synchrony.election.leader.changes", "election", "leader"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(registries
                            .get(NodeId.of("n1"))
                            .find("synchrony.election.term")
                            .tags("election", "leader")
                            .gauge()
                            .value())
                    .isEqualTo(term);
            assertThat(log.lines()).contains("INFO n1: election leader follows n3 (term " + term + ")");
        }
    }
}
