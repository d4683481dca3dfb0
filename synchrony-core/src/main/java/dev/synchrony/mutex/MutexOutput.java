package dev.synchrony.mutex;

/** What any mutual-exclusion node tells its application. */
public sealed interface MutexOutput {

    /**
     * The critical section is this node's for {@code requestId}. {@code fencingToken} is strictly greater than the
     * token of every earlier grant by the same algorithm instance (built from logical time), so a resource can
     * reject writes from a holder that has lost the lock without knowing it.
     */
    record Granted(long requestId, long fencingToken) implements MutexOutput {}

    /** The node left the critical section for {@code requestId}. */
    record Released(long requestId) implements MutexOutput {}

    /** The node can no longer vouch for the grant of {@code requestId} (e.g. its coordinator is gone). */
    record Lost(long requestId, String reason) implements MutexOutput {}
}
