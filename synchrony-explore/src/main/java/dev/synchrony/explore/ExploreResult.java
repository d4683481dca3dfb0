package dev.synchrony.explore;

import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.Locale;

/**
 * What an exploration found.
 *
 * @param expanded states whose successors were generated
 * @param distinctStates different states met (the visited set)
 * @param transitions steps taken, into new states or known ones
 * @param depthReached the longest shortest path to a state
 * @param exhaustive every reachable state (within the fault bounds) was visited and no property was violated
 * @param limit why the search stopped short, or null
 * @param storeBytes what the visited-state store (and the transitions kept for liveness) took
 * @param heapBytes the JVM heap in use at the end
 * @param nodeStates distinct node states interned
 * @param messageValues distinct in-flight messages interned
 * @param violation the first safety violation found, or null
 */
public record ExploreResult(
        String algorithm,
        List<NodeId> members,
        Explorer.Options options,
        TimerPolicy timers,
        List<String> invariants,
        long expanded,
        long distinctStates,
        long transitions,
        int depthReached,
        long wallNanos,
        boolean exhaustive,
        String limit,
        long storeBytes,
        long heapBytes,
        int nodeStates,
        int messageValues,
        Counterexample violation,
        List<LivenessOutcome> liveness) {

    public ExploreResult {
        members = List.copyOf(members);
        invariants = List.copyOf(invariants);
        liveness = List.copyOf(liveness);
    }

    /** True when a safety invariant or a liveness goal was violated. */
    public boolean violated() {
        return violation != null || liveness.stream().anyMatch(l -> l.status() == LivenessOutcome.Status.VIOLATED);
    }

    public double statesPerSecond() {
        return wallNanos == 0 ? 0 : distinctStates * 1e9 / wallNanos;
    }

    /** The figures, one per line. */
    public String statistics() {
        return String.format(
                Locale.ROOT,
                "states explored: %,d expanded, %,d distinct, %,d transitions%n"
                        + "depth reached: %d%n"
                        + "time: %.3f s, %,.0f states/s%n"
                        + "memory: state store %.1f MiB, heap in use %.1f MiB (%,d node states, %,d message values)%n",
                expanded,
                distinctStates,
                transitions,
                depthReached,
                wallNanos / 1e9,
                statesPerSecond(),
                storeBytes / 1048576.0,
                heapBytes / 1048576.0,
                nodeStates,
                messageValues);
    }
}
