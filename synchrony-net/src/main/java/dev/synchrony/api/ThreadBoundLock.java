package dev.synchrony.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A {@link DistributedLock} seen as a {@link Lock}, for code written against that interface: the thread that
 * locks owns the grant, may lock again (reentrant, like {@link java.util.concurrent.locks.ReentrantLock}) and
 * must be the one that unlocks.
 *
 * <p>Limits, because a distributed lock is not a monitor:
 * <ul>
 *   <li><b>Owner thread.</b> Only the locking thread may unlock ({@link IllegalMonitorStateException}
 *       otherwise). Code that hands the lock between threads or to async code uses {@link Grant} directly.
 *   <li><b>No conditions.</b> {@link #newCondition()} throws: waiting on a condition would need the cluster to
 *       release and reacquire the lock atomically with a signal, which none of the algorithms offers.
 *   <li><b>No {@link #tryLock()} without a wait.</b> Whether the lock is free is known only by asking the
 *       algorithm, which takes messages; {@code tryLock()} succeeds only for a thread that already holds it and
 *       throws {@link UnsupportedOperationException} otherwise: use {@link #tryLock(long, TimeUnit)}.
 *   <li><b>Lost grants.</b> {@code Lock} has no way to say that a lock was taken away. When the algorithm loses
 *       the grant (its {@link LockListener#lost} fires), {@link #isHeldByCurrentThread()} turns false, but a
 *       thread inside its critical section keeps running: guard writes with {@link #fencingToken()} and a
 *       {@link FencedResource}. Unlocking a lost grant only forgets it (it does not throw, so a
 *       {@code finally} does not hide the block's own exception).
 * </ul>
 *
 * <p>Interrupts: {@link #lockInterruptibly()} and {@link #tryLock(long, TimeUnit)} withdraw the request when
 * interrupted (see {@link DistributedLock}); {@link #lock()} waits on and restores the interrupt status.
 */
public final class ThreadBoundLock implements Lock {

    private final DistributedLock lock;
    // Written by the owner thread only, read by any: volatile for the reads of isHeldByCurrentThread.
    private volatile Thread owner;
    private volatile Grant grant;
    private int holds;

    ThreadBoundLock(DistributedLock lock) {
        this.lock = lock;
    }

    @Override
    public void lock() {
        if (reenter()) {
            return;
        }
        CompletableFuture<Grant> future = lock.lockAsync();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    own(future.get());
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // lock() is not interruptible: keep waiting, restore the flag after
                } catch (ExecutionException e) {
                    throw new IllegalStateException(
                            "lock " + lock.name() + " not granted: "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (reenter()) {
            return;
        }
        own(lock.lock());
    }

    @Override
    public boolean tryLock() {
        if (reenter()) {
            return true;
        }
        throw new UnsupportedOperationException("lock " + lock.name() + ": tryLock() cannot know without asking the"
                + " cluster whether a distributed lock is free; use tryLock(time, unit)");
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (reenter()) {
            return true;
        }
        try {
            Optional<Grant> granted = lock.tryLock(Duration.ofNanos(Math.max(0, unit.toNanos(time))));
            granted.ifPresent(this::own);
            return granted.isPresent();
        } catch (CancellationException e) {
            return false;
        }
    }

    @Override
    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("lock " + lock.name() + " is not held by " + Thread.currentThread());
        }
        if (--holds > 0) {
            return;
        }
        Grant held = grant;
        grant = null;
        owner = null;
        held.close();
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("lock " + lock.name() + ": a distributed lock has no conditions");
    }

    /**
     * Whether the current thread holds the lock and its grant has not been lost.
     *
     * @return true when the calling thread may use what the lock guards
     */
    public boolean isHeldByCurrentThread() {
        Grant held = grant;
        return owner == Thread.currentThread() && held != null && held.isHeld();
    }

    /**
     * The fencing token of the current thread's grant: pass it to a {@link FencedResource}.
     *
     * @return the token of the grant the calling thread holds
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    public long fencingToken() {
        Grant held = grant;
        if (owner != Thread.currentThread() || held == null) {
            throw new IllegalMonitorStateException("lock " + lock.name() + " is not held by " + Thread.currentThread());
        }
        return held.fencingToken();
    }

    private boolean reenter() {
        if (owner == Thread.currentThread()) {
            holds++;
            return true;
        }
        return false;
    }

    private void own(Grant granted) {
        grant = granted;
        holds = 1;
        owner = Thread.currentThread();
    }

    @Override
    public String toString() {
        Thread holder = owner;
        return "ThreadBoundLock[" + lock.name() + (holder == null ? ", free here" : ", held by " + holder.getName())
                + "]";
    }
}
