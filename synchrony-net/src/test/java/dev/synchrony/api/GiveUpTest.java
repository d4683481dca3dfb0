package dev.synchrony.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A caller that gives up on a lock (its thread is interrupted, its {@code tryLock} times out, it cancels the
 * future of {@code lockAsync}) must not leave the lock with nobody: three members in one JVM on loopback, the
 * lecture's centralized algorithm from the catalog, and n3 must get the lock after n1 releases it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GiveUpTest {

    private final List<SynchronyMember> cluster = new ArrayList<>();

    @BeforeEach
    void join() throws Exception {
        ClusterConfig config = TestClusters.loopback(3)
                .withServices(List.of(new ClusterConfig.ServiceConfig("orders", "lock", "central-mutex", Map.of())));
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

    private DistributedLock lock(int member) {
        return cluster.get(member - 1).lock("orders");
    }

    /** n1 releases its grant; then n3 must get the lock, and n2 (who gave up) must not hold it. */
    private void assertTheLockMovesOnToN3(Grant first) throws InterruptedException {
        lock(1).unlock(first);
        Optional<Grant> third = lock(3).tryLock(Duration.ofSeconds(3));
        assertThat(lock(2).holder()).as("n2 holder() after its caller gave up").isEmpty();
        assertThat(third).as("n3 tryLock(3s)").isPresent();
        assertThat(third.get().fencingToken()).isGreaterThan(first.fencingToken());
    }

    @Test
    void anInterruptedLockWithdrawsItsRequest() throws Exception {
        Grant first = lock(1).lock();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread waiting = Thread.ofVirtual().start(() -> {
            try {
                Grant never = lock(2).lock();
                outcome.set(new AssertionError("granted " + never + " while n1 held the lock"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        // Let n2's request reach the coordinator (it queues there behind n1's grant).
        Thread.sleep(300);
        waiting.interrupt();
        waiting.join(5_000);
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertTheLockMovesOnToN3(first);
    }

    @Test
    void anInterruptedLockReleasesAGrantThatAlreadyArrived() throws Exception {
        // The thread is interrupted before it even asks: lock() throws, and whatever it asked for is given back.
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> lock(2).lock()).isInstanceOf(InterruptedException.class);
        Grant first = lock(1).lock();
        assertTheLockMovesOnToN3(first);
    }

    @Test
    void aTimedOutTryLockWithdrawsItsRequest() throws Exception {
        Grant first = lock(1).lock();
        assertThat(lock(2).tryLock(Duration.ofMillis(300))).isEmpty();
        assertTheLockMovesOnToN3(first);
    }

    @Test
    void aCancelledLockAsyncWithdrawsItsRequest() throws Exception {
        Grant first = lock(1).lock();
        CompletableFuture<Grant> asked = lock(2).lockAsync();
        Thread.sleep(300);
        assertThat(asked.cancel(true)).isTrue();
        assertThatThrownBy(asked::join).isInstanceOf(CancellationException.class);
        assertTheLockMovesOnToN3(first);
    }

    @Test
    void aCancelledRequestQueuedBehindALocalWaiterIsNeverSent() throws Exception {
        List<Object> n2Grants = new java.util.concurrent.CopyOnWriteArrayList<>();
        cluster.get(1).member().host("orders").addOutputListener(output -> {
            if (output instanceof dev.synchrony.mutex.MutexOutput.Granted granted) {
                n2Grants.add(granted);
            }
        });
        Grant first = lock(1).lock();
        // n2: one caller waits (its request is with the algorithm), a second queues behind it in the member and
        // gives up before its turn comes: the algorithm must never be asked for it.
        CompletableFuture<Grant> active = lock(2).lockAsync();
        CompletableFuture<Grant> queued = lock(2).lockAsync();
        assertThat(queued.cancel(false)).isTrue();
        lock(1).unlock(first);
        Grant second = active.get(5, TimeUnit.SECONDS);
        lock(2).unlock(second);
        Optional<Grant> third = lock(3).tryLock(Duration.ofSeconds(3));
        assertThat(third).isPresent();
        assertThat(lock(2).holder()).isEmpty();
        assertThat(n2Grants).as("grants the algorithm gave n2").hasSize(1);
    }
}
