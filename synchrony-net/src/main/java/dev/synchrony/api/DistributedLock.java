package dev.synchrony.api;

import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.net.runtime.NodeHost;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock shared by the members of a cluster, run by the mutual-exclusion algorithm the configuration names
 * (centralized, decentralized, Ricart-Agrawala, token ring, failover): every member hosts that algorithm's node,
 * and this object drives the local one with {@link MutexCommand}s and completes its futures from the node's
 * {@link MutexOutput}s.
 *
 * <p>The holder is a {@link Grant} (a handle), not a thread: lock in one thread, unlock in another, or from
 * virtual threads and async code; {@code try (Grant grant = lock.lock()) { ... }} releases it. Each grant carries
 * a fencing token, strictly increasing across grants; use it with a {@link FencedResource}. A
 * {@link LockListener} hears when a grant is lost. {@link #asLock()} adapts it to
 * {@link java.util.concurrent.locks.Lock} for thread-bound code.
 *
 * <p>Local callers queue here, first come first served, and the member asks the algorithm for one grant at a
 * time (a process of the lecture's algorithms wants the critical section once at a time).
 *
 * <p>A caller that gives up never leaves the lock with nobody: an interrupted {@link #lock()}, a
 * {@link #tryLock(Duration)} that times out and a cancelled {@link #lockAsync()} future withdraw the request.
 * One still queued here is dropped before the algorithm hears of it; one the algorithm is already asking for is
 * released at once (every algorithm's node treats a release of a request it is still asking for as a
 * cancellation, and leaves the critical section the moment its grant arrives); a grant that had already arrived
 * is released. A grant the algorithm reports for a request nobody waits for any more is handed straight back.
 * A request the algorithm reports lost before it was granted fails its future with a {@link LockLostException}.
 *
 * <p>Thread-safe. Listeners and future completions run on the lock's event loop: never block in them.
 */
public final class DistributedLock {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedLock.class);

    private final String name;
    private final LockPort host;
    private final java.util.function.LongSupplier requestIds;
    private final List<LockListener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private Waiter active;
    private final ThreadBoundLock threadBound = new ThreadBoundLock(this);

    /** One caller's wish for the lock: queued here, then asked of the algorithm (active), then granted. */
    private final class Waiter {
        final CompletableFuture<Grant> future = new CompletableFuture<>();
        // For the wait metric only: the API may read the wall clock, the algorithms may not.
        final long askedNanos = System.nanoTime();
        long requestId;
        Grant grant;
        // The lease the node reported for this request (lease-lock reports it just before the grant).
        long leaseUntil = Long.MIN_VALUE;

        Waiter() {
            // Whoever cancels (a caller's cancel, a timed-out tryLock, an interrupted lock) withdraws the request.
            future.whenComplete((grant, failure) -> {
                if (failure instanceof CancellationException) {
                    withdraw(this);
                }
            });
        }
    }

    /** Thrown (as the cause of a failed future) when the algorithm lost a request before granting it. */
    public static final class LockLostException extends RuntimeException {
        LockLostException(String message) {
            super(message);
        }
    }

    /** How a lock reaches its algorithm: a hosted node of its own, or one name of a {@code NamedLocks} node. */
    interface LockPort {
        /** Gives the algorithm {@code command} on its loop (as {@link NodeHost#command}). */
        CompletableFuture<Void> command(MutexCommand command);

        /** The member's clock, when the algorithm's grants carry leases measured on it; null for grants without. */
        default java.util.function.LongSupplier leaseClock() {
            return null;
        }

        void runOnLoop(Runnable task);

        dev.synchrony.net.metrics.RuntimeMetrics metrics();
    }

    private DistributedLock(String name, LockPort port, java.util.function.LongSupplier requestIds) {
        this.name = name;
        this.host = port;
        this.requestIds = requestIds;
    }

    /** The lock of a configured service: its own hosted node, whose outputs are all this lock's. */
    static DistributedLock hosted(String name, NodeHost host) {
        long[] next = {0};
        DistributedLock lock = new DistributedLock(
                name,
                new LockPort() {
                    @Override
                    public CompletableFuture<Void> command(MutexCommand command) {
                        return host.command(command);
                    }

                    @Override
                    public void runOnLoop(Runnable task) {
                        host.runOnLoop(task);
                    }

                    @Override
                    public dev.synchrony.net.metrics.RuntimeMetrics metrics() {
                        return host.metrics();
                    }
                },
                () -> ++next[0]);
        host.addOutputListener(output -> {
            if (output instanceof MutexOutput mutexOutput) {
                lock.onOutput(mutexOutput);
            }
        });
        return lock;
    }

    /** A lock on {@code port}, whose outputs its owner passes to {@link #onOutput}; request ids from {@code requestIds}. */
    static DistributedLock on(String name, LockPort port, java.util.function.LongSupplier requestIds) {
        return new DistributedLock(name, port, requestIds);
    }

    public String name() {
        return name;
    }

    void runOnLoop(Runnable task) {
        host.runOnLoop(task);
    }

    dev.synchrony.net.metrics.RuntimeMetrics metrics() {
        return host.metrics();
    }

    /**
     * Adds a listener. It is first told the current state, on the lock's loop (if this member holds the lock,
     * {@link LockListener#granted} with the grant), then every later change, so a listener added late misses
     * nothing. Close the returned subscription (or call {@link #removeListener}) to remove it.
     */
    public Subscription addListener(LockListener listener) {
        host.runOnLoop(() -> {
            listeners.add(listener);
            holder().ifPresent(listener::granted);
        });
        return () -> removeListener(listener);
    }

    /** Removes a listener added with {@link #addListener} (no effect if it is not there). */
    public void removeListener(LockListener listener) {
        listeners.remove(listener);
    }

    /**
     * Asks for the lock; the future completes with the grant. Cancelling the future (this very future, not one
     * derived from it with {@code thenApply} and the like) withdraws the request.
     */
    public CompletableFuture<Grant> lockAsync() {
        Waiter waiter = new Waiter();
        synchronized (this) {
            queue.add(waiter);
            activateNext();
        }
        return waiter.future;
    }

    /**
     * Blocks until the lock is granted.
     *
     * @throws InterruptedException if the thread is interrupted first: the request is withdrawn, and a grant
     *     that arrived meanwhile is released, so an interrupted caller never holds the lock
     */
    public Grant lock() throws InterruptedException {
        // Checked before asking: a grant that came back within the call (the coordinator on this member's loop)
        // would otherwise be returned by the future without a look at the interrupt.
        if (Thread.interrupted()) {
            throw new InterruptedException("lock " + name + ": interrupted before asking");
        }
        CompletableFuture<Grant> future = lockAsync();
        try {
            return future.get();
        } catch (InterruptedException e) {
            giveUp(future);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "lock " + name + " not granted: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Waits at most {@code timeout} for the lock; empty (and the request withdrawn) if it did not come in time.
     *
     * @throws InterruptedException as {@link #lock()}: the request is withdrawn
     */
    public Optional<Grant> tryLock(Duration timeout) throws InterruptedException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("tryLock: timeout " + timeout + " is negative");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("lock " + name + ": interrupted before asking");
        }
        CompletableFuture<Grant> future = lockAsync();
        try {
            return Optional.of(future.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            if (future.cancel(false)) {
                return Optional.empty();
            }
            // The grant came between the timeout and the cancel: it is the caller's.
            return future.isCompletedExceptionally() ? Optional.empty() : Optional.of(future.join());
        } catch (InterruptedException e) {
            giveUp(future);
            throw e;
        } catch (ExecutionException | CancellationException e) {
            return Optional.empty();
        }
    }

    /** The caller will never see this future's grant: withdraw the request, or release a grant already there. */
    private void giveUp(CompletableFuture<Grant> future) {
        if (!future.cancel(false) && !future.isCompletedExceptionally()) {
            release(future.join());
        }
    }

    /**
     * Releases {@code grant}.
     *
     * @throws IllegalStateException if the grant is not the current holder (already released, lost, or another)
     */
    public void unlock(Grant grant) {
        synchronized (this) {
            if (active == null || active.grant != grant) {
                throw new IllegalStateException("lock " + name + ": " + grant + " is not the holder");
            }
            if (!grant.active()) {
                throw new IllegalStateException("lock " + name + ": " + grant + " is no longer held");
            }
            release(grant);
        }
    }

    /** Releases {@code grant} if it is still this member's holder; false if it was released or lost already. */
    synchronized boolean release(Grant grant) {
        // A grant whose lease ran out but whose loss the node has not reported yet is still released: the node
        // must hear it (it may still count the grant).
        if (active == null || active.grant != grant || !grant.active()) {
            return false;
        }
        grant.markReleased();
        active = null;
        host.command(new MutexCommand.Release(grant.requestId()));
        activateNext();
        return true;
    }

    /** The current grant of this member, if it holds the lock. */
    public synchronized Optional<Grant> holder() {
        return active != null && active.grant != null && active.grant.isHeld()
                ? Optional.of(active.grant)
                : Optional.empty();
    }

    /**
     * This lock as a {@link java.util.concurrent.locks.Lock} bound to threads, for code written against that
     * interface; see {@link ThreadBoundLock} for what it cannot do.
     */
    public ThreadBoundLock asLock() {
        return threadBound;
    }

    /** A caller gave up on {@code waiter}: drop it, cancel its request with the algorithm, or release its grant. */
    private synchronized void withdraw(Waiter waiter) {
        if (queue.remove(waiter)) {
            withdrawn(waiter, "before it was asked for");
            return;
        }
        if (active != waiter) {
            return; // already finished (released, lost, failed)
        }
        if (waiter.grant != null) {
            release(waiter.grant);
            return;
        }
        // Asked for and not granted yet: the node cancels the request and leaves as soon as a grant comes.
        active = null;
        host.command(new MutexCommand.Release(waiter.requestId));
        withdrawn(waiter, "from the algorithm");
        activateNext();
    }

    private void withdrawn(Waiter waiter, String how) {
        host.metrics().lockWithdrawn(name);
        LOG.debug("lock {}: a caller gave up; request {} withdrawn {}", name, waiter.requestId, how);
    }

    private void activateNext() {
        while (active == null && !queue.isEmpty()) {
            Waiter next = queue.poll();
            next.requestId = requestIds.getAsLong();
            active = next;
            host.command(new MutexCommand.Acquire(next.requestId)).exceptionally(e -> {
                fail(next, e);
                return null;
            });
        }
    }

    private void fail(Waiter waiter, Throwable cause) {
        synchronized (this) {
            if (active == waiter) {
                active = null;
                activateNext();
            }
        }
        waiter.future.completeExceptionally(cause);
    }

    /** An output of this lock's algorithm, on the node's loop. */
    void onOutput(MutexOutput output) {
        switch (output) {
            case MutexOutput.Granted granted -> onGranted(granted);
            case MutexOutput.Lost lost -> onLost(lost);
            case MutexOutput.Released released -> {}
        }
    }

    private void onGranted(MutexOutput.Granted granted) {
        Waiter waiter;
        Grant grant;
        synchronized (this) {
            waiter = active;
            if (waiter == null || waiter.requestId != granted.requestId()) {
                // Withdrawn before the node could cancel it (an algorithm that grants a cancelled request anyway),
                // or asked for by an earlier lock object of the same name: nobody waits for it, so hand it back.
                host.command(new MutexCommand.Release(granted.requestId()));
                return;
            }
            if (waiter.grant != null) {
                return;
            }
            grant = new Grant(this, granted.requestId(), granted.fencingToken(), host.leaseClock());
            grant.leaseUntil(waiter.leaseUntil);
            waiter.grant = grant;
        }
        if (!waiter.future.complete(grant)) {
            // The caller gave up in the meantime (its withdrawal may already have released the grant).
            release(grant);
            return;
        }
        host.metrics().lockGranted(name, System.nanoTime() - waiter.askedNanos);
        listeners.forEach(listener -> listener.granted(grant));
    }

    /** Lease-lock: the grant of {@code requestId} now lasts until {@code untilNanos} on this member's clock. */
    void onLease(long requestId, long untilNanos) {
        synchronized (this) {
            if (active != null && active.requestId == requestId) {
                active.leaseUntil = Math.max(active.leaseUntil, untilNanos);
                if (active.grant != null) {
                    active.grant.leaseUntil(untilNanos);
                }
            }
        }
    }

    private void onLost(MutexOutput.Lost lost) {
        Waiter waiter;
        synchronized (this) {
            waiter = active;
            if (waiter == null || waiter.requestId != lost.requestId()) {
                return;
            }
            active = null;
            if (waiter.grant != null) {
                waiter.grant.markLost(lost.reason());
            }
            activateNext();
        }
        // The node keeps a lost request until its application lets it go (so the workloads of the simulator can
        // release it late); here nobody else will, so let it go now.
        host.command(new MutexCommand.Release(lost.requestId()));
        if (waiter.grant != null) {
            host.metrics().lockLost(name);
            if (lost.reason().startsWith("lease expired")) {
                host.metrics().leaseExpired(name);
            }
            LOG.warn("lock {}: {} lost: {}", name, waiter.grant, lost.reason());
            listeners.forEach(listener -> listener.lost(waiter.grant, lost.reason()));
        } else {
            waiter.future.completeExceptionally(new LockLostException(
                    "lock " + name + " request " + lost.requestId() + " lost before it was granted: " + lost.reason()));
        }
    }
}
