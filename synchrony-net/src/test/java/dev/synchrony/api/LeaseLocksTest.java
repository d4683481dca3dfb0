package dev.synchrony.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.lease.LeaseLock;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.LocksConfig;
import dev.synchrony.net.metrics.RuntimeMetrics;
import dev.synchrony.net.runtime.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/**
 * Locks and elections by name on lease-lock, the default: three members in this JVM on loopback, with short
 * leases so a lease runs out within a test. Each test here fails without leases: a grant that outlives a blocked
 * member, a lock stuck with a closed leader, an election that cannot hand over.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LeaseLocksTest {

    /** Short leases (catalog options of lease-lock): a grant lasts 800 ms on the holder's clock unless renewed. */
    static final Map<String, String> FAST = Map.of(
            "heartbeat", "25ms",
            "leader-lease", "400ms",
            "election-timeout", "600ms",
            "grant-lease", "800ms",
            "margin", "5ms",
            "renew", "100ms");

    private final List<SynchronyMember> cluster = new ArrayList<>();
    private final AtomicInteger leaseExpiries = new AtomicInteger();

    @AfterEach
    void leave() {
        cluster.forEach(SynchronyMember::close);
    }

    private void join(LocksConfig locks) throws Exception {
        ClusterConfig config = TestClusters.loopback(3).withLocks(locks);
        RuntimeMetrics counting = new RuntimeMetrics() {
            @Override
            public void leaseExpired(String lock) {
                leaseExpiries.incrementAndGet();
            }
        };
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(pool.submit(() ->
                        SynchronyMember.builder(config, id).metrics(counting).join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                cluster.add(future.get());
            }
        }
    }

    private void joinLeaseLocks() throws Exception {
        join(new LocksConfig(LocksConfig.LEASE_LOCK, Map.of(), FAST));
    }

    /** The member whose lease-lock node leads (waits for one). */
    private int leader() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < cluster.size(); i++) {
                SynchronyMember member = cluster.get(i);
                Optional<NodeId> coordinator = member.member()
                        .host(SynchronyMember.LEASE_LOCKS)
                        .inspect(node -> ((LeaseLock) node).coordinator())
                        .get(5, TimeUnit.SECONDS);
                if (coordinator.isPresent() && coordinator.get().equals(member.self())) {
                    return i;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no lease-lock leader within 20 s");
    }

    @Test
    void aGrantWhoseMemberIsBlockedBeyondItsLeaseIsNotHeldIsLostAndFencedOut() throws Exception {
        joinLeaseLocks();
        int leader = leader();
        SynchronyMember holder = cluster.get((leader + 1) % 3);
        SynchronyMember next = cluster.get((leader + 2) % 3);
        FencedResource<List<String>> ledger = new FencedResource<>(new CopyOnWriteArrayList<>());
        DistributedLock lock = holder.lock("orders/7");
        List<String> lost = new CopyOnWriteArrayList<>();
        lock.addListener(new LockListener() {
            @Override
            public void lost(Grant grant, String reason) {
                lost.add(reason);
            }
        });
        Grant grant = lock.tryLock(Duration.ofSeconds(20)).orElseThrow();
        ledger.accept(grant.fencingToken(), l -> l.add("first"));
        assertThat(grant.leaseEndsAtNanos()).isPresent();
        // Renewed while its member runs: still held after several grant leases.
        Thread.sleep(2_000);
        assertThat(grant.isHeld()).as("held through renewals").isTrue();

        // The holder's event loop stops (a long GC, a stuck handler): nothing renews the lease.
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        holder.member().host(SynchronyMember.LEASE_LOCKS).runOnLoop(() -> {
            blocked.countDown();
            try {
                resume.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (grant.isHeld() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(grant.isHeld())
                .as("isHeld once the lease is over, the loop still blocked")
                .isFalse();
        assertThat(lost).as("nobody could tell the listener yet").isEmpty();
        // Meanwhile another member is granted the lock, with a larger token.
        Grant second = next.lock("orders/7").tryLock(Duration.ofSeconds(20)).orElseThrow();
        assertThat(second.fencingToken()).isGreaterThan(grant.fencingToken());
        ledger.accept(second.fencingToken(), l -> l.add("second"));

        resume.countDown();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lost.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(lost).as("the listener hears lost once the loop runs").hasSize(1);
        assertThat(lost.getFirst()).contains("lease expired");
        assertThat(grant.lostReason()).isPresent();
        assertThat(leaseExpiries.get()).as("lease expiries counted").isGreaterThanOrEqualTo(1);
        // The old holder's late write is refused.
        assertThatThrownBy(() -> ledger.accept(grant.fencingToken(), l -> l.add("late")))
                .isInstanceOf(StaleTokenException.class);
        List<String> written = ledger.apply(second.fencingToken(), l -> List.copyOf(l));
        assertThat(written).containsExactly("first", "second");
        second.close();
        // The lock is free again for the member that was blocked.
        try (Grant again = lock.tryLock(Duration.ofSeconds(20)).orElseThrow()) {
            assertThat(again.fencingToken()).isGreaterThan(second.fencingToken());
        }
    }

    @Test
    void namedLeaseLocksSurviveTheCloseOfTheLeaderMember() throws Exception {
        joinLeaseLocks();
        int leader = leader();
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (String name : List.of("orders/1", "orders/2")) {
                try (Grant grant = cluster.get(i)
                        .lock(name)
                        .tryLock(Duration.ofSeconds(20))
                        .orElseThrow()) {
                    tokens.add(grant.fencingToken());
                }
            }
        }
        long before = tokens.stream().mapToLong(Long::longValue).max().orElseThrow();
        cluster.get(leader).close();
        for (int i = 0; i < 3; i++) {
            if (i == leader) {
                continue;
            }
            for (String name : List.of("orders/1", "orders/2", "orders/3")) {
                try (Grant grant = cluster.get(i)
                        .lock(name)
                        .tryLock(Duration.ofSeconds(30))
                        .orElseThrow()) {
                    assertThat(grant.fencingToken())
                            .as(
                                    "%s at %s after the leader left",
                                    name, cluster.get(i).self())
                            .isGreaterThan(before);
                    assertThat(grant.fencingToken() >>> 32).as("a later term").isGreaterThan(before >>> 32);
                }
            }
        }
    }

    @Test
    void idleLeaseLocksAreForgottenByEveryMember() throws Exception {
        joinLeaseLocks();
        long first;
        try (Grant grant =
                cluster.get(0).lock("reused").tryLock(Duration.ofSeconds(20)).orElseThrow()) {
            first = grant.fencingToken();
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (SynchronyMember member : cluster) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        try (Grant grant = member.lock("item/" + member.self() + "/" + i)
                                .tryLock(Duration.ofSeconds(20))
                                .orElseThrow()) {
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
        int kept = -1;
        while (System.nanoTime() < deadline && kept != 0) {
            kept = 0;
            for (SynchronyMember member : cluster) {
                kept += member.member()
                        .host(SynchronyMember.LEASE_LOCKS)
                        .inspect(node -> ((LeaseLock) node).locksInMemory())
                        .get(5, TimeUnit.SECONDS);
            }
            Thread.sleep(20);
        }
        assertThat(kept)
                .as("lock states the three lease-lock nodes keep after 600 names were released")
                .isZero();
        try (Grant again =
                cluster.get(2).lock("reused").tryLock(Duration.ofSeconds(20)).orElseThrow()) {
            assertThat(again.fencingToken()).isGreaterThan(first);
        }
    }

    /**
     * The contended case of the peers bench, as a safety check: one platform thread per member takes one name in a
     * loop. Never two holders at once, tokens strictly increasing in the order of entry, no grant lost.
     */
    @Test
    void aContendedLockHasOneHolderAtATimeAndTokensGrowingInTheOrderOfEntry() throws Exception {
        joinLeaseLocks();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Long> tokens = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (SynchronyMember member : cluster) {
            DistributedLock lock = member.lock("hot");
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 150; i++) {
                        Grant grant = lock.tryLock(Duration.ofSeconds(20)).orElseThrow();
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        tokens.add(grant.fencingToken());
                        inside.decrementAndGet();
                        lock.unlock(grant);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(failures).isEmpty();
        assertThat(overlaps).hasValue(0);
        assertThat(tokens).hasSize(450).isSorted().doesNotHaveDuplicates();
        assertThat(leaseExpiries).hasValue(0);
    }

    @Test
    void prefixesChooseTheAlgorithmPerName() throws Exception {
        join(new LocksConfig(LocksConfig.LEASE_LOCK, Map.of("legacy/", LocksConfig.CENTRAL_MUTEX), FAST));
        try (Grant central = cluster.get(0)
                        .lock("legacy/7")
                        .tryLock(Duration.ofSeconds(20))
                        .orElseThrow();
                Grant leased = cluster.get(1)
                        .lock("orders/7")
                        .tryLock(Duration.ofSeconds(20))
                        .orElseThrow()) {
            assertThat(central.leaseEndsAtNanos()).as("central-mutex: no lease").isEmpty();
            assertThat(leased.leaseEndsAtNanos()).as("lease-lock: a lease").isPresent();
            int centralNames = cluster.get(0)
                    .member()
                    .host(SynchronyMember.NAMED_LOCKS)
                    .inspect(node -> ((dev.synchrony.mutex.NamedLocks)
                                    ((dev.synchrony.link.ReliableFifoLink<?, ?, ?>) node).inner())
                            .locksInMemory())
                    .get(5, TimeUnit.SECONDS);
            assertThat(centralNames)
                    .as("legacy/7 lives in the central-mutex node")
                    .isPositive();
            List<String> leaseHeld = cluster.get(1)
                    .member()
                    .host(SynchronyMember.LEASE_LOCKS)
                    .<List<String>>inspect(node -> ((LeaseLock) node).heldLocks())
                    .get(5, TimeUnit.SECONDS);
            assertThat(leaseHeld).containsExactly("orders/7");
        }
    }

    @Test
    void anElectionByNameHandsOverOnResignationAndOnTheLeadersExit() throws Exception {
        joinLeaseLocks();
        List<LeaderElection> elections = new ArrayList<>();
        List<LeaderElected> heard = new CopyOnWriteArrayList<>();
        for (SynchronyMember member : cluster) {
            LeaderElection election = member.election("reports");
            election.addListener(heard::add);
            elections.add(election);
        }
        int first = awaitOneLeader(elections, -1);
        long firstTerm = elections.get(first).term();
        assertThat(heard)
                .anySatisfy(
                        e -> assertThat(e.leader()).isEqualTo(cluster.get(first).self()));

        elections.get(first).resign();
        assertThat(elections.get(first).isLeader()).isFalse();
        int second = awaitOneLeader(elections, first);
        assertThat(elections.get(second).term()).as("a larger term").isGreaterThan(firstTerm);

        // The leader's member leaves (closing resigns its elections): a member still standing leads.
        cluster.get(second).close();
        List<LeaderElection> remaining = new ArrayList<>(elections);
        remaining.set(second, null);
        int third = awaitOneLeader(remaining, first);
        assertThat(third).isNotIn(first, second);
        assertThat(elections.get(third).term())
                .isGreaterThan(elections.get(second).term());
        // The one that resigned stays out until it stands again.
        assertThat(elections.get(first).isLeader()).isFalse();
    }

    /** Waits until exactly one election (other than {@code not}) leads; null entries are skipped. */
    private static int awaitOneLeader(List<LeaderElection> elections, int not) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<Integer> leaders = new ArrayList<>();
            for (int i = 0; i < elections.size(); i++) {
                if (elections.get(i) != null && elections.get(i).isLeader()) {
                    leaders.add(i);
                }
            }
            assertThat(leaders).as("leaders at once").hasSizeLessThanOrEqualTo(1);
            if (leaders.size() == 1 && leaders.getFirst() != not) {
                return leaders.getFirst();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no new leader within 30 s");
    }
}
