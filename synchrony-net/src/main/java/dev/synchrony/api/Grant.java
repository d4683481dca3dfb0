package dev.synchrony.api;

import java.util.Optional;

/**
 * One grant of a {@link DistributedLock}: the handle that holds the lock (not a thread: any thread or virtual
 * thread may release it). {@link #fencingToken()} is strictly greater than the token of every earlier grant of
 * the same lock; pass it with every write to a resource guarded by a {@link FencedResource}, so a write from a
 * holder that lost the lock without knowing it (a long pause, a partition) is refused.
 */
public final class Grant {

    private final String lock;
    private final long requestId;
    private final long fencingToken;
    private volatile boolean released;
    private volatile String lostReason;

    Grant(String lock, long requestId, long fencingToken) {
        this.lock = lock;
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
