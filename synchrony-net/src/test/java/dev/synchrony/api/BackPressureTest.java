package dev.synchrony.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.multicast.SequencerTotalOrderMulticast;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.NodeHost;
import dev.synchrony.net.runtime.TestClusters;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The publish window of the ordered multicasts: a fast publisher is held to it, a stuck group times it out. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackPressureTest {

    private final List<SynchronyMember> members = new ArrayList<>();

    @AfterEach
    void leave() {
        members.forEach(SynchronyMember::close);
    }

    private List<SynchronyMember> join(int size, String algorithm, Map<String, String> params) throws Exception {
        ClusterConfig config = TestClusters.loopback(size)
                .withServices(List.of(new ClusterConfig.ServiceConfig("updates", "total-order", algorithm, params)));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(
                        pool.submit(() -> SynchronyMember.builder(config, id).join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                members.add(future.get());
            }
        }
        return members;
    }

    /** Messages the node of {@code member} keeps undelivered (under the link layer). */
    private static int queued(SynchronyMember member) {
        NodeHost host = member.member().host("updates");
        return host.inspect(node -> {
                    Node<?, ?, ?> inner = node instanceof ReliableFifoLink<?, ?, ?> link ? link.inner() : node;
                    return switch (inner) {
                        case SequencerTotalOrderMulticast sequencer -> sequencer.queued();
                        case dev.synchrony.multicast.TotalOrderMulticast lamport -> lamport.queued();
                        default -> throw new IllegalStateException("unexpected node " + inner);
                    };
                })
                .join();
    }

    @ParameterizedTest
    @ValueSource(strings = {"total-order", "sequencer-total-order"})
    void aFastPublisherNeverHasMoreThanTheWindowOnItsWay(String algorithm) throws Exception {
        int window = 8;
        int count = 1_000;
        List<SynchronyMember> cluster = join(3, algorithm, Map.of("publish-window", Integer.toString(window)));
        SynchronyMember publisher = cluster.get(2); // not the sequencer
        TotalOrderMulticast updates = publisher.totalOrder("updates");
        assertThat(updates.window().size()).isEqualTo(window);
        List<List<Integer>> delivered = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(3 * count);
        for (SynchronyMember member : cluster) {
            List<Integer> log = new CopyOnWriteArrayList<>();
            delivered.add(log);
            member.totalOrder("updates").addListener((origin, sequence, payload) -> {
                log.add(ByteBuffer.wrap(payload).getInt());
                all.countDown();
            });
        }
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger maxQueued = new AtomicInteger();
        AtomicInteger samples = new AtomicInteger();
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (publishing.get()) {
                maxInFlight.accumulateAndGet(updates.inFlight(), Math::max);
                maxQueued.accumulateAndGet(queued(publisher), Math::max);
                maxQueued.accumulateAndGet(queued(cluster.get(0)), Math::max);
                samples.incrementAndGet();
            }
        });
        for (int i = 0; i < count; i++) {
            updates.publish(ByteBuffer.allocate(4).putInt(i).array());
            maxInFlight.accumulateAndGet(updates.inFlight(), Math::max);
        }
        assertThat(all.await(30, TimeUnit.SECONDS))
                .as("every message delivered everywhere")
                .isTrue();
        publishing.set(false);
        sampler.join();

        assertThat(maxInFlight.get()).as("own messages on their way").isEqualTo(window);
        assertThat(samples.get()).isPositive();
        if (algorithm.equals("sequencer-total-order")) {
            // the publisher's outbox and the sequencer's batch hold only the publisher's undelivered messages
            assertThat(maxQueued.get()).isLessThanOrEqualTo(window);
        } else {
            // the publisher's queue holds its own undelivered messages; the first member's may lag by a window more
            assertThat(maxQueued.get()).isLessThanOrEqualTo(2 * window);
        }
        assertThat(updates.inFlight()).isZero();
        assertThat(delivered.get(0)).hasSize(count).isSorted();
        assertThat(delivered.get(1)).isEqualTo(delivered.get(0));
        assertThat(delivered.get(2)).isEqualTo(delivered.get(0));
    }

    @Test
    void aStuckGroupTimesThePublisherOutAndTheEventLoopIsNeverBlocked() throws Exception {
        List<SynchronyMember> cluster =
                join(2, "sequencer-total-order", Map.of("publish-window", "4", "publish-timeout", "200ms"));
        cluster.get(0).close(); // the sequencer: nothing is ordered any more
        TotalOrderMulticast updates = cluster.get(1).totalOrder("updates");
        for (int i = 0; i < 4; i++) {
            updates.publish(new byte[] {(byte) i});
        }
        assertThat(updates.inFlight()).isEqualTo(4);
        long start = System.nanoTime();
        assertThatThrownBy(() -> updates.publish(new byte[] {9}))
                .isInstanceOf(OrderedMulticast.WindowFullException.class)
                .hasMessageContaining("publish-window of 4")
                .hasMessageContaining("200 ms");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));

        CompletableFuture<Throwable> onLoop = new CompletableFuture<>();
        cluster.get(1).member().host("updates").runOnLoop(() -> {
            try {
                updates.publish(new byte[] {10});
                onLoop.complete(null);
            } catch (RuntimeException e) {
                onLoop.complete(e);
            }
        });
        assertThat(onLoop.get(1, TimeUnit.SECONDS))
                .isInstanceOf(OrderedMulticast.WindowFullException.class)
                .hasMessageContaining("event loop");
    }

    @Test
    void aBadWindowIsNamedInOneLine() {
        ClusterConfig zero = TestClusters.loopback(1)
                .withServices(List.of(new ClusterConfig.ServiceConfig(
                        "updates", "total-order", "sequencer-total-order", Map.of("publish-window", "0"))));
        assertThatThrownBy(() -> SynchronyMember.builder(zero, NodeId.of("n1")))
                .hasMessage("services[0].params.publish-window: 0 is below 1");
        ClusterConfig words = TestClusters.loopback(1)
                .withServices(List.of(new ClusterConfig.ServiceConfig(
                        "updates", "causal", "causal-order", Map.of("publish-timeout", "soon"))));
        assertThatThrownBy(() -> SynchronyMember.builder(words, NodeId.of("n1")))
                .hasMessageContaining("services[0].params.publish-timeout: 'soon' is not a duration");
    }
}
