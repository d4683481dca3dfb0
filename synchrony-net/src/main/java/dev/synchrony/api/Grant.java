package dev.synchrony.api;

import java.util.Optional;

/**
 * One grant of a {@link DistributedLock}: the handle that holds the lock (not a thread: any thread or virtual
 * thread may release it). {@link #fencingToken()} is strictly greater than the token of every earlier grant of
 * the same lock; pass it with every write to a resource guarded by a {@link FencedResource}, so a write from a
 * holder that lost the lock without knowing it (a long pause, a partition) is refused.
 *
 * <p>Closing a grant releases it, so try-with-resources holds the lock for a block:
 * <pre>{@code
 * try (Grant grant = member.lock("orders").lock()) {
 *     ledger.accept(grant.fencingToken(), l -> l.append(order));
 * }
 * }</pre>
 * {@link #close()} is idempotent and never throws: closing a grant already released or lost does nothing.
 */
public final class Grant implements AutoCloseable {

    private final DistributedLock owner;
    private final String lock;
    private final long requestId;
    private final long fencingToken;
    private volatile boolean released;
    private volatile String lostReason;

    Grant(DistributedLock owner, long requestId, long fencingToken) {
        this.owner = owner;
        this.lock = owner.name();
        this.requestId = requestId;
        this.fencingToken = fencingToken;
    }

    public String lock() {
        return lock;
    }

    public long requestId() {
        return requestId;
    }

    public long fencingToken() {
        return fencingToken;
    }

    /** Held: neither released nor lost. (A lost grant may still be believed held elsewhere for a moment: fence.) */
    public boolean isHeld() {
        return !released && lostReason == null;
    }

    /** Why the grant was lost, if it was. */
    public Optional<String> lostReason() {
        return Optional.ofNullable(lostReason);
    }

    /** Releases the lock if this grant still holds it (as {@link DistributedLock#unlock}); else does nothing. */
    @Override
    public void close() {
        owner.release(this);
    }

    void markReleased() {
        released = true;
    }

    void markLost(String reason) {
        lostReason = reason;
    }

    @Override
    public String toString() {
        return "Grant[" + lock + " #" + requestId + ", token " + fencingToken + (released ? ", released" : "")
                + (lostReason != null ? ", lost: " + lostReason : "") + "]";
    }
}
