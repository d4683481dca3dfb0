package dev.synchrony.api;

import java.util.Optional;
import java.util.function.LongSupplier;

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
 *
 * <p>A grant of lease-lock (the default for locks by name) holds under a lease that the member renews while it
 * lives: {@link #isHeld()} reads this member's clock against the end of the lease the node computed on the
 * holder's side, so it turns false the moment the lease may have ended, even while the member's event loop is
 * stuck (a long pause) and before {@link LockListener#lost} can be told. Check it before each use of the resource;
 * the fencing token covers the gap between the check and the use.
 */
public final class Grant implements AutoCloseable {

    private final DistributedLock owner;
    private final String lock;
    private final long requestId;
    private final long fencingToken;
    private volatile boolean released;
    private volatile String lostReason;
    // The lease: held while clock reads less than leaseUntil (a grant without lease: no clock, no end).
    private final LongSupplier clock;
    private volatile long leaseUntil = Long.MAX_VALUE;

    Grant(DistributedLock owner, long requestId, long fencingToken) {
        this(owner, requestId, fencingToken, null);
    }

    Grant(DistributedLock owner, long requestId, long fencingToken, LongSupplier clock) {
        this.owner = owner;
        this.lock = owner.name();
        this.requestId = requestId;
        this.fencingToken = fencingToken;
        this.clock = clock;
        if (clock != null) {
            leaseUntil = Long.MIN_VALUE; // until the node says how long the lease lasts
        }
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

    /**
     * Held: neither released nor lost, and (lease-lock) its lease not over on this member's clock. False may come
     * before the listener hears {@code lost}: the lease ends by the clock, the loss is reported by the member's
     * event loop when it next runs.
     */
    public boolean isHeld() {
        return active() && (clock == null || clock.getAsLong() < leaseUntil);
    }

    /**
     * When this grant's lease ends on this member's clock ({@code System.nanoTime}-like readings of the member's
     * software clock), or empty for a grant without lease (central-mutex).
     */
    public java.util.OptionalLong leaseEndsAtNanos() {
        return clock == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(leaseUntil);
    }

    /** Neither released nor lost: the member's node still counts it, whatever its lease says. */
    boolean active() {
        return !released && lostReason == null;
    }

    /** The node extended the lease to {@code untilNanos} on this member's clock. */
    void leaseUntil(long untilNanos) {
        leaseUntil = Math.max(leaseUntil, untilNanos);
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
