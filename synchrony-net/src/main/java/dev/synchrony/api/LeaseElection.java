package dev.synchrony.api;

import dev.synchrony.election.LeaderElected;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Leadership of a name as the holding of a lease lock, as Apache Curator's LeaderLatch builds leadership on a
 * lock: each member that stands asks for the lock {@code election/NAME}; the one granted it leads, with the
 * grant's fencing token as its term (so a {@link FencedResource} refuses a deposed leader), and keeps it while its
 * member renews the lease; when it loses the grant (lease over, partition, pause) or resigns, the next member
 * waiting is granted the lock and leads with a larger token. A member that lost its grant stands again at once;
 * one that resigned, only after {@link LeaderElection#stand()}.
 *
 * <p>The {@link LeaderElection} it feeds keeps the listeners and futures; this class only turns grants and losses
 * of the lock into elections and depositions.
 */
final class LeaseElection implements LeaderElection.Port {

    /** The lock that carries the leadership of election {@code name}. */
    static String lockName(String name) {
        return "election/" + name;
    }

    private final dev.synchrony.core.NodeId self;
    private final DistributedLock lock;
    private final LeaderElection election;
    private final Subscription lostListener;
    private boolean standing;
    private CompletableFuture<Grant> asking;
    private Grant grant;

    LeaseElection(String name, dev.synchrony.core.NodeId self, DistributedLock lock) {
        this.self = self;
        this.lock = lock;
        this.election = new LeaderElection(name, self, this);
        this.lostListener = lock.addListener(new LockListener() {
            @Override
            public void granted(Grant granted) {}

            @Override
            public void lost(Grant lost, String reason) {
                onLost(lost, reason);
            }
        });
        stand();
    }

    LeaderElection election() {
        return election;
    }

    @Override
    public void runOnLoop(Runnable task) {
        lock.runOnLoop(task);
    }

    @Override
    public dev.synchrony.net.metrics.RuntimeMetrics metrics() {
        return lock.metrics();
    }

    @Override
    public synchronized boolean stillLeads() {
        return grant != null && grant.isHeld();
    }

    @Override
    public void resign() {
        Grant held;
        synchronized (this) {
            standing = false;
            if (asking != null) {
                asking.cancel(false); // withdraws the request (a grant that comes anyway is handed back)
                asking = null;
            }
            held = grant;
            grant = null;
        }
        if (held != null) {
            held.close();
            election.deposed("resigned");
        }
    }

    @Override
    public void stand() {
        synchronized (this) {
            if (standing) {
                return;
            }
            standing = true;
        }
        ask();
    }

    private void ask() {
        CompletableFuture<Grant> future;
        synchronized (this) {
            if (!standing || asking != null || grant != null) {
                return;
            }
            future = lock.lockAsync();
            asking = future;
        }
        future.whenComplete((granted, failure) -> {
            synchronized (this) {
                if (asking == future) {
                    asking = null;
                }
                if (failure == null) {
                    grant = granted;
                }
            }
            if (failure == null) {
                election.onElected(new LeaderElected(self, granted.fencingToken()));
            } else if (failure instanceof DistributedLock.LockLostException) {
                ask(); // lost before it was granted: ask again
            } else if (!(failure instanceof java.util.concurrent.CancellationException)) {
                // The node refused the request (the member is closing): standing again would fail the same way.
                synchronized (this) {
                    standing = false;
                }
            }
        });
    }

    private void onLost(Grant lost, String reason) {
        synchronized (this) {
            if (grant != lost) {
                return;
            }
            grant = null;
        }
        election.deposed(reason);
        ask();
    }

    /** Stops standing and releases the leadership (the member is closing or the election is dropped). */
    void close() {
        lostListener.close();
        try {
            resign();
        } catch (CompletionException ignored) {
            // The member is closing anyway.
        }
    }
}
