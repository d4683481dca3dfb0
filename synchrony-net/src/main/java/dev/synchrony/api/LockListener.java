package dev.synchrony.api;

/** Told about a {@link DistributedLock}'s grants. Called on the lock's event loop: return quickly, never block. */
public interface LockListener {

    default void granted(Grant grant) {}

    /** The algorithm can no longer vouch for {@code grant} (its coordinator is gone, a partition): stop using it. */
    default void lost(Grant grant, String reason) {}
}
