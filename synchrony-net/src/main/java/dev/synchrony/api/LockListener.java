package dev.synchrony.api;

/** Told about a {@link DistributedLock}'s grants. Called on the lock's event loop: return quickly, never block. */
public interface LockListener {

    /**
     * This member now holds the lock (or held it when the listener was added).
     *
     * @param grant the grant, with its fencing token
     */
    default void granted(Grant grant) {}

    /**
     * The algorithm can no longer vouch for {@code grant} (its coordinator is gone, a partition): stop using it.
     *
     * @param grant the grant that is lost
     * @param reason why, in a few words for a log line
     */
    default void lost(Grant grant, String reason) {}
}
