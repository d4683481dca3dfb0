package dev.synchrony.mutex;

/**
 * The events every mutual-exclusion node records ({@code context.record}) when it enters and leaves the critical
 * section. Checkers read them: safety (no overlap), fencing (tokens strictly increase), ordering.
 */
public final class CriticalSection {

    private CriticalSection() {}

    /**
     * The node entered the critical section for {@code requestId}.
     *
     * @param requestId the application's number for the request that entered
     * @param fencingToken the token handed to the application with the grant
     * @param requestTimestamp the logical timestamp the request was ordered by (Ricart-Agrawala's Lamport time),
     *     or -1 when the algorithm orders requests otherwise
     */
    public record Entered(long requestId, long fencingToken, long requestTimestamp) {}

    /**
     * The node left the critical section it entered for {@code requestId}.
     *
     * @param requestId the number of the request that leaves, the same as in its {@link Entered}
     * @param fencingToken the token of the grant that ends, so a checker can pair the exit with its entry
     */
    public record Exited(long requestId, long fencingToken) {}
}
