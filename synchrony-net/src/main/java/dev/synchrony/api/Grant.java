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

    /**
     * The lock this grant is of.
     *
     * @return the lock's name
     */
    public String lock() {
        return lock;
    }

    /**
     * The id this member's request for the lock carried, unique per member; it tells grants of one member apart
     * in logs and traces.
     *
     * @return the request's id
     */
    public long requestId() {
        return requestId;
    }

    /**
     * The token to pass to a {@link FencedResource}: every later grant of this lock, on any member, has a
     * higher one.
     *
     * @return this grant's fencing token
     */
    public long fencingToken() {
        return fencingToken;
    }

    /**
     * Held: neither released nor lost. (A lost grant may still be believed held elsewhere for a moment: fence.)
     *
     * @return true while this grant holds the lock
     */
    public boolean isHeld() {
        return !released && lostReason == null;
    }

    /**
     * Why the grant was lost, if it was.
     *
     * @return the reason the algorithm gave, or empty when the grant was not lost
     */
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
