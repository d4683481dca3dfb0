package dev.synchrony.api;

import dev.synchrony.lease.LeaseLock;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.mutex.NamedLocks;
import dev.synchrony.net.metrics.RuntimeMetrics;
import dev.synchrony.net.runtime.NodeHost;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The locks a member hands out by name on demand ({@code member.lock("orders/42")}) from one hosted node that
 * serves any number of names: core's {@link NamedLocks} (central-mutex) or {@link LeaseLock} (lease-lock), both
 * taking {@link NamedLocks.Command}s and answering with {@link NamedLocks.Output}s; lease-lock also reports each
 * grant's lease ({@link LeaseLock.LeaseHeld}), which the grant's {@link Grant#isHeld()} reads. One {@link DistributedLock} per name lives here as long as the application (a waiting
 * caller, a held grant, a reference) keeps it: the map holds it weakly, so names no longer used cost nothing on
 * the application side either. Request ids come from one counter for all names, so a lock object made again for
 * a name never reuses an id of an earlier one; a grant for a name nobody holds an object for is handed back.
 */
final class NamedLockRegistry {

    private final NodeHost host;
    private final boolean leases;
    private final AtomicLong requestIds = new AtomicLong();
    private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();
    private final ReferenceQueue<DistributedLock> collected = new ReferenceQueue<>();

    private static final class Entry extends WeakReference<DistributedLock> {
        final String name;

        Entry(String name, DistributedLock lock, ReferenceQueue<DistributedLock> queue) {
            super(lock, queue);
            this.name = name;
        }
    }

    /** Locks by name on {@code host}; {@code leases}: its grants carry leases on the member's clock (lease-lock). */
    NamedLockRegistry(NodeHost host, boolean leases) {
        this.host = host;
        this.leases = leases;
        host.addOutputListener(this::onOutput);
    }

    DistributedLock lock(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("lock name: must not be empty");
        }
        forgetCollected();
        while (true) {
            Entry entry = locks.get(name);
            DistributedLock lock = entry == null ? null : entry.get();
            if (lock != null) {
                return lock;
            }
            DistributedLock made = DistributedLock.on(name, port(name), requestIds::incrementAndGet);
            Entry fresh = new Entry(name, made, collected);
            if (entry == null ? locks.putIfAbsent(name, fresh) == null : locks.replace(name, entry, fresh)) {
                return made;
            }
        }
    }

    /** Names with a lock object still alive here (the others were collected). */
    int size() {
        forgetCollected();
        return locks.size();
    }

    private void forgetCollected() {
        Entry gone;
        while ((gone = (Entry) collected.poll()) != null) {
            locks.remove(gone.name, gone);
        }
    }

    private DistributedLock.LockPort port(String name) {
        return new DistributedLock.LockPort() {
            @Override
            public CompletableFuture<Void> command(MutexCommand command) {
                return host.command(new NamedLocks.Command(name, command));
            }

            @Override
            public java.util.function.LongSupplier leaseClock() {
                return leases ? host.softwareClock()::nanos : null;
            }

            @Override
            public void runOnLoop(Runnable task) {
                host.runOnLoop(task);
            }

            @Override
            public RuntimeMetrics metrics() {
                return host.metrics();
            }
        };
    }

    /** On the node's loop: each output to the lock object of its name. */
    private void onOutput(Object output) {
        if (output instanceof LeaseLock.LeaseHeld lease) {
            Entry entry = locks.get(lease.lock());
            DistributedLock lock = entry == null ? null : entry.get();
            if (lock != null) {
                lock.onLease(lease.requestId(), lease.untilNanos());
            }
            return;
        }
        if (!(output instanceof NamedLocks.Output named)) {
            return;
        }
        Entry entry = locks.get(named.name());
        DistributedLock lock = entry == null ? null : entry.get();
        if (lock != null) {
            lock.onOutput(named.output());
        } else if (named.output() instanceof MutexOutput.Granted granted) {
            // Nobody here can use it (the object that asked was collected): give it back.
            host.command(new NamedLocks.Command(named.name(), new MutexCommand.Release(granted.requestId())));
        }
    }
}
