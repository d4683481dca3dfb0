package dev.synchrony.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiTest {

    private final List<SynchronyMember> members = new ArrayList<>();

    @AfterEach
    void leave() {
        members.forEach(SynchronyMember::close);
    }

    /** Joins every member of {@code config} in parallel (each waits for its links to the others). */
    private List<SynchronyMember> joinAll(
            ClusterConfig config,
            java.util.function.Function<SynchronyMember.Builder, SynchronyMember.Builder> services)
            throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<SynchronyMember>> joining = new ArrayList<>();
        for (NodeId id : config.memberIds()) {
            joining.add(pool.submit(
                    () -> services.apply(SynchronyMember.builder(config, id)).join(Duration.ofSeconds(15))));
        }
        for (Future<SynchronyMember> future : joining) {
            members.add(future.get());
        }
        pool.shutdown();
        return members;
    }

    @Test
    void lockGivesMutualExclusionAndIncreasingTokensToVirtualThreadsOfEveryMember() throws Exception {
        List<SynchronyMember> cluster =
                joinAll(TestClusters.loopback(3), b -> b.lock("orders", id -> new TestCentralLock()));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        FencedResource<List<Long>> store = new FencedResource<>(new ArrayList<>());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (SynchronyMember member : cluster) {
                DistributedLock lock = member.lock("orders");
                for (int t = 0; t < 3; t++) {
                    work.add(threads.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            Grant grant = lock.lock();
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            tokens.add(grant.fencingToken());
                            store.accept(grant.fencingToken(), list -> list.add(grant.fencingToken()));
                            inside.decrementAndGet();
                            lock.unlock(grant);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> future : work) {
                future.get();
            }
        }
        assertThat(overlaps).hasValue(0);
        assertThat(tokens).hasSize(90).isSorted().doesNotHaveDuplicates();
        assertThat(store.refused()).isZero();
    }

    @Test
    void theHolderIsAHandleUnlockedFromAnotherThread() throws Exception {
        List<SynchronyMember> cluster =
                joinAll(TestClusters.loopback(2), b -> b.lock("l", id -> new TestCentralLock()));
        DistributedLock lock = cluster.get(1).lock("l");
        Grant grant = lock.lock();
        Thread other = Thread.ofVirtual().start(() -> lock.unlock(grant));
        other.join();
        assertThat(grant.isHeld()).isFalse();
        assertThatThrownBy(() -> lock.unlock(grant))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not the holder");
        Grant next = cluster.get(0).lock("l").lock();
        assertThat(next.fencingToken()).isGreaterThan(grant.fencingToken());
    }

    @Test
    void tryLockTimesOutAndTheLateGrantIsHandedBack() throws Exception {
        List<SynchronyMember> cluster =
                joinAll(TestClusters.loopback(2), b -> b.lock("l", id -> new TestCentralLock()));
        Grant held = cluster.get(0).lock("l").lock();
        Optional<Grant> none = cluster.get(1).lock("l").tryLock(Duration.ofMillis(200));
        assertThat(none).isEmpty();
        cluster.get(0).lock("l").unlock(held);
        // The withdrawn request was granted and released at once: the lock is free again for n1.
        Optional<Grant> again = cluster.get(0).lock("l").tryLock(Duration.ofSeconds(5));
        assertThat(again).isPresent();
        assertThat(again.get().fencingToken()).isGreaterThan(held.fencingToken() + 1);
    }

    @Test
    void lostListenerFiresAndFencingRejectsTheStaleHolder() throws Exception {
        List<SynchronyMember> cluster =
                joinAll(TestClusters.loopback(2), b -> b.lock("l", id -> new TestCentralLock()));
        DistributedLock lock = cluster.get(1).lock("l");
        CountDownLatch lost = new CountDownLatch(1);
        List<String> reasons = new CopyOnWriteArrayList<>();
        lock.addListener(new LockListener() {
            @Override
            public void lost(Grant grant, String reason) {
                reasons.add(grant.requestId() + ":" + reason);
                lost.countDown();
            }
        });
        FencedResource<StringBuilder> file = new FencedResource<>(new StringBuilder());
        Grant stale = lock.lock();
        file.accept(stale.fencingToken(), text -> text.append("first "));
        cluster.get(0).member().host("l").command(new TestCentralLock.Revoke());
        assertThat(lost.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(reasons).containsExactly(stale.requestId() + ":revoked");
        assertThat(stale.isHeld()).isFalse();
        assertThat(stale.lostReason()).contains("revoked");
        Grant fresh = cluster.get(0).lock("l").lock();
        file.accept(fresh.fencingToken(), text -> text.append("second "));
        assertThatThrownBy(() -> file.accept(stale.fencingToken(), text -> text.append("stale")))
                .isInstanceOf(StaleTokenException.class);
        assertThat(file.apply(fresh.fencingToken(), StringBuilder::toString)).isEqualTo("first second ");
    }

    @Test
    void leaderElectionFollowsTermsUpward() throws Exception {
        List<SynchronyMember> cluster =
                joinAll(TestClusters.loopback(3), b -> b.election("e", id -> new TestElection()));
        LeaderElection n3 = cluster.get(2).election("e");
        assertThat(n3.leadershipAsync().get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(n3.isLeader()).isTrue();
        LeaderElection n1 = cluster.get(0).election("e");
        List<LeaderElected> seen = new CopyOnWriteArrayList<>();
        n1.addListener(seen::add);
        cluster.get(0).member().host("e").command(5L);
        assertThat(n1.awaitLeadership()).isEqualTo(5);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (n3.term() != 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(n3.currentLeader()).contains(NodeId.of("n1"));
        assertThat(n3.isLeader()).isFalse();
        // A late, older term changes nothing.
        cluster.get(1).member().host("e").command(3L);
        Thread.sleep(300);
        assertThat(n3.currentLeader()).contains(NodeId.of("n1"));
        assertThat(n3.term()).isEqualTo(5);
        assertThat(seen).extracting(LeaderElected::term).isSorted();
    }

    @Test
    void totalOrderMulticastDeliversTheSameSequenceEverywhere() throws Exception {
        ClusterConfig config = TestClusters.loopback(3)
                .withServices(
                        List.of(new ClusterConfig.ServiceConfig("updates", "total-order", "total-order", Map.of())));
        List<SynchronyMember> cluster = joinAll(config, b -> b);
        Map<NodeId, List<String>> delivered = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(3 * 60);
        for (SynchronyMember member : cluster) {
            List<String> log = new CopyOnWriteArrayList<>();
            delivered.put(member.self(), log);
            member.totalOrder("updates").addListener((origin, sequence, payload) -> {
                log.add(origin + "#" + sequence + "=" + new String(payload, StandardCharsets.UTF_8));
                all.countDown();
            });
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SynchronyMember member : cluster) {
                threads.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        member.totalOrder("updates")
                                .publish((member.self() + "-" + i).getBytes(StandardCharsets.UTF_8));
                    }
                    return null;
                });
            }
        }
        assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
        List<String> first = delivered.get(NodeId.of("n1"));
        assertThat(first).hasSize(60).doesNotHaveDuplicates();
        assertThat(delivered.get(NodeId.of("n2"))).isEqualTo(first);
        assertThat(delivered.get(NodeId.of("n3"))).isEqualTo(first);
    }

    @Test
    void causalMulticastDeliversEveryMessageOnce() throws Exception {
        ClusterConfig config = TestClusters.loopback(3)
                .withServices(List.of(new ClusterConfig.ServiceConfig("chat", "causal", "causal-order", Map.of())));
        List<SynchronyMember> cluster = joinAll(config, b -> b);
        Map<NodeId, List<String>> delivered = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(3 * 30);
        for (SynchronyMember member : cluster) {
            List<String> log = new CopyOnWriteArrayList<>();
            delivered.put(member.self(), log);
            member.causal("chat").addListener((origin, sequence, payload) -> {
                log.add(new String(payload, StandardCharsets.UTF_8));
                all.countDown();
            });
        }
        for (int i = 0; i < 10; i++) {
            for (SynchronyMember member : cluster) {
                member.causal("chat").publish((member.self() + "-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
        for (List<String> log : delivered.values()) {
            assertThat(log).hasSize(30).doesNotHaveDuplicates();
            for (SynchronyMember member : cluster) {
                // Each origin's messages are causally ordered among themselves: delivered in publication order.
                List<String> own = log.stream()
                        .filter(s -> s.startsWith(member.self() + "-"))
                        .toList();
                assertThat(own)
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 10)
                                .mapToObj(i -> member.self() + "-" + i)
                                .toList());
            }
        }
    }

    @Test
    void causalMulticastBatchesABurstAndKeepsRepliesAfterWhatTheyAnswer() throws Exception {
        ClusterConfig config = TestClusters.loopback(3)
                .withServices(List.of(new ClusterConfig.ServiceConfig("chat", "causal", "causal-order", Map.of())));
        List<SynchronyMember> cluster = joinAll(config, b -> b);
        Map<NodeId, List<String>> delivered = new ConcurrentHashMap<>();
        int burst = 50;
        CountDownLatch all = new CountDownLatch(3 * 2 * burst);
        for (SynchronyMember member : cluster) {
            List<String> log = new CopyOnWriteArrayList<>();
            delivered.put(member.self(), log);
            CausalMulticast chat = member.causal("chat");
            chat.addListener((origin, sequence, payload) -> {
                String text = new String(payload, StandardCharsets.UTF_8);
                log.add(text);
                if (member.self().equals(NodeId.of("n2")) && text.startsWith("q")) {
                    // On the event loop, right after delivering the question: the answer follows it causally.
                    chat.publish(("a" + text.substring(1)).getBytes(StandardCharsets.UTF_8));
                }
                all.countDown();
            });
        }
        CausalMulticast asker = cluster.get(0).causal("chat");
        for (int i = 0; i < burst; i++) {
            asker.publish(("q" + i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
        for (Map.Entry<NodeId, List<String>> entry : delivered.entrySet()) {
            List<String> log = entry.getValue();
            assertThat(log).hasSize(2 * burst).doesNotHaveDuplicates();
            for (int i = 0; i < burst; i++) {
                assertThat(log.indexOf("q" + i))
                        .as("%s delivers q%d before its answer", entry.getKey(), i)
                        .isLessThan(log.indexOf("a" + i));
            }
        }
    }

    @Test
    void unknownServiceAndAlgorithmAreNamed() throws Exception {
        ClusterConfig config = TestClusters.loopback(1)
                .withServices(List.of(new ClusterConfig.ServiceConfig("x", "lock", "no-such-mutex", Map.of())));
        assertThatThrownBy(() -> SynchronyMember.builder(config, NodeId.of("n1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("services[0].algorithm: unknown 'no-such-mutex'");
        List<SynchronyMember> cluster =
                joinAll(TestClusters.loopback(1), b -> b.lock("l", id -> new TestCentralLock()));
        assertThatThrownBy(() -> cluster.get(0).election("l")).hasMessageContaining("not a LeaderElection");
        assertThatThrownBy(() -> cluster.get(0).totalOrder("m")).hasMessageContaining("no service named 'm'");
        // An election (like a lock) of a name no service has is made on demand.
        assertThat(cluster.get(0).election("m").name()).isEqualTo("m");
    }
}
