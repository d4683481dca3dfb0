package dev.synchrony.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handles application code expects: closeable grants, a {@link Lock} adapter, removable late listeners. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlesTest {

    private final List<SynchronyMember> cluster = new ArrayList<>();

    @AfterEach
    void leave() {
        cluster.forEach(SynchronyMember::close);
    }

    private List<SynchronyMember> joinAll(int size, Function<SynchronyMember.Builder, SynchronyMember.Builder> services)
            throws Exception {
        ClusterConfig config = TestClusters.loopback(size);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(pool.submit(() ->
                        services.apply(SynchronyMember.builder(config, id)).join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                cluster.add(future.get());
            }
        }
        return cluster;
    }

    private static void eventually(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void tryWithResourcesReleasesTheGrantAndCloseIsIdempotent() throws Exception {
        joinAll(2, b -> b.lock("l", id -> new TestCentralLock()));
        DistributedLock n2 = cluster.get(1).lock("l");
        Grant kept;
        try (Grant grant = n2.lock()) {
            kept = grant;
            assertThat(n2.holder()).contains(grant);
        }
        assertThat(kept.isHeld()).isFalse();
        assertThat(n2.holder()).isEmpty();
        kept.close(); // again: nothing happens, nothing thrown
        try (Grant next =
                cluster.get(0).lock("l").tryLock(Duration.ofSeconds(5)).orElseThrow()) {
            assertThat(next.fencingToken()).isGreaterThan(kept.fencingToken());
        }
    }

    @Test
    void closingALostGrantDoesNothing() throws Exception {
        joinAll(2, b -> b.lock("l", id -> new TestCentralLock()));
        DistributedLock n2 = cluster.get(1).lock("l");
        Grant grant = n2.lock();
        cluster.get(0).member().host("l").command(new TestCentralLock.Revoke());
        eventually("n2 hears its grant was revoked", () -> !grant.isHeld());
        grant.close();
        assertThat(grant.lostReason()).contains("revoked");
        assertThat(cluster.get(0).lock("l").tryLock(Duration.ofSeconds(5))).isPresent();
    }

    @Test
    void theLockAdapterGivesMutualExclusionToThreadBoundCode() throws Exception {
        joinAll(3, b -> b.lock("l", id -> new TestCentralLock()));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Long> tokens = new CopyOnWriteArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (SynchronyMember member : cluster) {
                ThreadBoundLock lock = member.lock("l").asLock();
                for (int t = 0; t < 2; t++) {
                    work.add(threads.submit(() -> {
                        for (int i = 0; i < 5; i++) {
                            lock.lock();
                            try {
                                lock.lock(); // reentrant for its owner
                                try {
                                    if (inside.incrementAndGet() != 1) {
                                        overlaps.incrementAndGet();
                                    }
                                    tokens.add(lock.fencingToken());
                                    inside.decrementAndGet();
                                } finally {
                                    lock.unlock();
                                }
                                assertThat(lock.isHeldByCurrentThread()).isTrue();
                            } finally {
                                lock.unlock();
                            }
                            assertThat(lock.isHeldByCurrentThread()).isFalse();
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
        assertThat(tokens).hasSize(30).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void theLockAdapterStatesItsLimits() throws Exception {
        joinAll(2, b -> b.lock("l", id -> new TestCentralLock()));
        Lock lock = cluster.get(1).lock("l").asLock();
        assertThatThrownBy(lock::newCondition)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("no conditions");
        assertThatThrownBy(lock::tryLock)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("use tryLock(time, unit)");
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        assertThat(lock.tryLock(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lock.tryLock()).isTrue(); // the owner again: reentrant, no wait
        AtomicReference<Throwable> stranger = new AtomicReference<>();
        Thread other = Thread.ofVirtual().start(() -> {
            try {
                lock.unlock();
            } catch (Throwable e) {
                stranger.set(e);
            }
        });
        other.join();
        assertThat(stranger.get())
                .isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("not held by");
        lock.unlock();
        lock.unlock();
        // Released for the cluster: the other member gets it at once.
        assertThat(cluster.get(0).lock("l").tryLock(Duration.ofSeconds(5))).isPresent();
    }

    @Test
    void aLateLockListenerIsToldTheCurrentGrantAndARemovedOneHearsNothingMore() throws Exception {
        joinAll(2, b -> b.lock("l", id -> new TestCentralLock()));
        DistributedLock n2 = cluster.get(1).lock("l");
        Grant held = n2.lock();
        List<String> heard = new CopyOnWriteArrayList<>();
        Subscription subscription = n2.addListener(new LockListener() {
            @Override
            public void granted(Grant grant) {
                heard.add("granted " + grant.fencingToken());
            }

            @Override
            public void lost(Grant grant, String reason) {
                heard.add("lost " + grant.fencingToken());
            }
        });
        eventually("the late listener hears the current grant", () -> !heard.isEmpty());
        assertThat(heard).containsExactly("granted " + held.fencingToken());
        subscription.close();
        held.close();
        Grant again = n2.tryLock(Duration.ofSeconds(5)).orElseThrow();
        cluster.get(0).member().host("l").command(new TestCentralLock.Revoke());
        eventually("n2's second grant is revoked", () -> !again.isHeld());
        assertThat(heard).containsExactly("granted " + held.fencingToken());
    }

    @Test
    void aLateElectionListenerIsToldTheCurrentLeaderAndARemovedOneHearsNothingMore() throws Exception {
        joinAll(3, b -> b.election("e", id -> new TestElection()));
        LeaderElection n1 = cluster.get(0).election("e");
        eventually("n1 knows a leader", () -> n1.currentLeader().isPresent());
        List<LeaderElected> heard = new CopyOnWriteArrayList<>();
        Subscription subscription = n1.addListener(heard::add);
        eventually("the late listener hears the current leader", () -> !heard.isEmpty());
        assertThat(heard).containsExactly(new LeaderElected(NodeId.of("n3"), 1));
        List<LeaderElected> kept = new CopyOnWriteArrayList<>();
        n1.addListener(kept::add);
        // The listener joins on n1's event loop, which may read n2's term-4 announcement before it runs the
        // joining task: wait until it has been told the current leader, or it could be told term 4 only.
        eventually("the kept listener hears the current leader", () -> kept.size() == 1);
        subscription.close();
        cluster.get(1).member().host("e").command(4L);
        eventually("n1 follows n2's term 4", () -> n1.term() == 4);
        eventually("the kept listener hears term 4", () -> kept.size() == 2);
        assertThat(kept).extracting(LeaderElected::term).containsExactly(1L, 4L);
        assertThat(heard).containsExactly(new LeaderElected(NodeId.of("n3"), 1));
    }
}
