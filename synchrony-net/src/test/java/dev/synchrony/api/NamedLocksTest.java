package dev.synchrony.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.mutex.NamedLocks;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.LocksConfig;
import dev.synchrony.net.runtime.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Locks by name on demand on central-mutex ({@code locks: {algorithm: central-mutex}}): no services section, any
 * name, memory bounded by the locks in use. The same on lease-lock, the default: {@link LeaseLocksTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NamedLocksTest {

    private final List<SynchronyMember> cluster = new ArrayList<>();

    @BeforeEach
    void join() throws Exception {
        ClusterConfig config =
                TestClusters.loopback(3).withLocks(new LocksConfig(LocksConfig.CENTRAL_MUTEX, Map.of(), Map.of()));
        assertThat(config.services()).isEmpty();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(
                        pool.submit(() -> SynchronyMember.builder(config, id).join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                cluster.add(future.get());
            }
        }
    }

    @AfterEach
    void leave() {
        cluster.forEach(SynchronyMember::close);
    }

    private int locksInMemory(SynchronyMember member) throws Exception {
        return member.member()
                .host(SynchronyMember.NAMED_LOCKS)
                .inspect(node -> ((NamedLocks) ((ReliableFifoLink<?, ?, ?>) node).inner()).locksInMemory())
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void eachNameIsItsOwnLockWithMutualExclusionAndIncreasingTokens() throws Exception {
        List<String> names = List.of("orders/1", "orders/2", "orders/3", "customers/7");
        Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
        Map<String, List<Long>> tokens = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        names.forEach(name -> {
            inside.put(name, new AtomicInteger());
            tokens.put(name, new CopyOnWriteArrayList<>());
        });
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (SynchronyMember member : cluster) {
                for (String name : names) {
                    work.add(threads.submit(() -> {
                        for (int i = 0; i < 5; i++) {
                            try (Grant grant = member.lock(name).lock()) {
                                if (inside.get(name).incrementAndGet() != 1) {
                                    overlaps.incrementAndGet();
                                }
                                tokens.get(name).add(grant.fencingToken());
                                inside.get(name).decrementAndGet();
                            }
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
        for (String name : names) {
            assertThat(tokens.get(name)).as(name).hasSize(15).isSorted().doesNotHaveDuplicates();
        }
        // Two names are two locks: held at once by two members.
        try (Grant a = cluster.get(0).lock("orders/1").lock();
                Grant b = cluster.get(1)
                        .lock("orders/2")
                        .tryLock(Duration.ofSeconds(5))
                        .orElseThrow()) {
            assertThat(a.isHeld() && b.isHeld()).isTrue();
        }
    }

    @Test
    void idleLocksAreDroppedAndTheirTokensStillIncreaseWhenTheyComeBack() throws Exception {
        long first;
        try (Grant grant = cluster.get(1).lock("reused").lock()) {
            first = grant.fencingToken();
        }
        // 3 members x 1,000 distinct names, each locked and released once.
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (SynchronyMember member : cluster) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        try (Grant grant =
                                member.lock("item/" + member.self() + "/" + i).lock()) {
                            assertThat(grant.isHeld()).isTrue();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int held = -1;
        while (System.nanoTime() < deadline) {
            held = 0;
            for (SynchronyMember member : cluster) {
                held += locksInMemory(member);
            }
            if (held == 0) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(held)
                .as("named locks kept in memory by the three nodes after all were released")
                .isZero();
        try (Grant again = cluster.get(2).lock("reused").lock()) {
            assertThat(again.fencingToken()).isGreaterThan(first);
        }
        // Nothing refers to the 3,000 lock objects any more: the collector clears them (the reference handler
        // enqueues them a moment after a collection, hence the bounded retry).
        int alive = Integer.MAX_VALUE;
        for (int attempt = 0; attempt < 50 && alive > 10; attempt++) {
            System.gc();
            Thread.sleep(50);
            alive = cluster.stream().mapToInt(SynchronyMember::namedLocksAlive).sum();
        }
        assertThat(alive).as("lock objects alive in the three members").isLessThanOrEqualTo(10);
    }

    @Test
    void aGiveUpOnANamedLockLeavesItFree() throws Exception {
        Grant first = cluster.get(0).lock("x").lock();
        assertThat(cluster.get(1).lock("x").tryLock(Duration.ofMillis(200))).isEmpty();
        first.close();
        assertThat(cluster.get(2).lock("x").tryLock(Duration.ofSeconds(3))).isPresent();
    }
}
