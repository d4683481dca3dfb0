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

/**
 * A lock shared by the members of a cluster, run by the mutual-exclusion algorithm the configuration names
 * (centralized, decentralized, Ricart-Agrawala, token ring): every member hosts that algorithm's node, and this
 * object drives the local one with {@link MutexCommand}s and completes its futures from the node's
 * {@link MutexOutput}s.
 *
 * <p>The holder is a {@link Grant} (a handle), not a thread: lock in one thread, unlock in another, or from
 * virtual threads and async code. Each grant carries a fencing token, strictly increasing across grants; use it
 * with a {@link FencedResource}. A {@link LockListener} hears when a grant is lost.
 *
 * <p>Local callers queue here, first come first served, and the member asks the algorithm for one grant at a
 * time (a process of the lecture's algorithms wants the critical section once at a time). A {@code tryLock}
 * that times out withdraws its request; if the algorithm grants it later anyway, the grant is released at once.
 * A request the algorithm reports lost before it was granted fails its future with a {@link LockLostException}.
 *
 * <p>Thread-safe. Listeners and future completions run on the lock's event loop: never block in them.
 */
public final class DistributedLock {

    private final String name;
    private final NodeHost host;
    private final List<LockListener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private Waiter active;
    private long nextRequestId;

    private static final class Waiter {
        final CompletableFuture<Grant> future = new CompletableFuture<>();
        long requestId;
        Grant grant;
        boolean withdrawn;
    }

    /** Thrown (as the cause of a failed future) when the algorithm lost a request before granting it. */
    public static final class LockLostException extends RuntimeException {
        LockLostException(String message) {
            super(message);
        }
    }

    DistributedLock(String name, NodeHost host) {
        this.name = name;
        this.host = host;
        host.addOutputListener(this::onOutput);
    }

    public String name() {
        return name;
    }

    public void addListener(LockListener listener) {
        listeners.add(listener);
    }

    /** Asks for the lock; the future completes with the grant. */
    public CompletableFuture<Grant> lockAsync() {
        Waiter waiter = new Waiter();
        synchronized (this) {
            queue.add(waiter);
            activateNext();
        }
        return waiter.future;
    }

    /** Blocks until the lock is granted. */
    public Grant lock() throws InterruptedException {
        try {
            return lockAsync().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("lock " + name + " not granted: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Waits at most {@code timeout} for the lock; empty (and the request withdrawn) if it did not come in time. */
    public Optional<Grant> tryLock(Duration timeout) throws InterruptedException {
        Waiter waiter = new Waiter();
        synchronized (this) {
            queue.add(waiter);
            activateNext();
        }
        try {
            return Optional.of(waiter.future.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            synchronized (this) {
                if (waiter.future.isDone() && !waiter.future.isCompletedExceptionally()) {
                    return Optional.of(waiter.future.join());
                }
                waiter.withdrawn = true;
                queue.remove(waiter);
                waiter.future.cancel(false);
            }
            return Optional.empty();
        } catch (ExecutionException | CancellationException e) {
            return Optional.empty();
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
            if (!grant.isHeld()) {
                throw new IllegalStateException("lock " + name + ": " + grant + " is no longer held");
            }
            grant.markReleased();
            active = null;
            host.command(new MutexCommand.Release(grant.requestId()));
            activateNext();
        }
    }

    /** The current grant of this member, if it holds the lock. */
    public synchronized Optional<Grant> holder() {
        return active != null && active.grant != null && active.grant.isHeld() ? Optional.of(active.grant)
                : Optional.empty();
    }

    private void activateNext() {
        while (active == null && !queue.isEmpty()) {
            Waiter next = queue.poll();
            if (next.withdrawn) {
                continue;
            }
            next.requestId = ++nextRequestId;
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

    /** On the node's loop. */
    private void onOutput(Object output) {
        switch (output) {
            case MutexOutput.Granted granted -> onGranted(granted);
            case MutexOutput.Lost lost -> onLost(lost);
            default -> {
            }
        }
    }

    private void onGranted(MutexOutput.Granted granted) {
        Waiter waiter;
        Grant grant;
        synchronized (this) {
            waiter = active;
            if (waiter == null || waiter.requestId != granted.requestId() || waiter.grant != null) {
                return;
            }
            if (waiter.withdrawn) {
                active = null;
                host.command(new MutexCommand.Release(granted.requestId()));
                activateNext();
                return;
            }
            grant = new Grant(name, granted.requestId(), granted.fencingToken());
            waiter.grant = grant;
        }
        if (!waiter.future.complete(grant)) {
            // The caller gave up in the meantime: hand the lock straight back.
            unlock(grant);
            return;
        }
        listeners.forEach(listener -> listener.granted(grant));
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
        if (waiter.grant != null) {
            listeners.forEach(listener -> listener.lost(waiter.grant, lost.reason()));
        } else {
            waiter.future.completeExceptionally(new LockLostException("lock " + name + " request " + lost.requestId()
                    + " lost before it was granted: " + lost.reason()));
        }
    }
}
