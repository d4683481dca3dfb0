package dev.synchrony.testkit;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.core.NodeId;
import java.util.List;

/** A runtime as the mutual-exclusion suite sees it: it hosts a catalog algorithm and drives a closed-loop workload. */
public interface MutexRuntime {

    /**
     * Hosts {@code algorithm} (with its default options) on members n1..nN on a fault-free network; each member asks
     * for the lock {@code rounds} times, one request at a time, holding each grant for {@code holdNanos} of the
     * runtime's time before it releases it. Returns every grant seen, in any order.
     *
     * @param algorithm the catalog entry of a mutual-exclusion algorithm
     * @param members how many members, named n1..nN
     * @param rounds how many times each member asks for the lock
     * @param holdNanos how long each grant is held before its release
     * @return every grant the applications saw
     * @throws Exception whatever hosting the algorithm threw: the suite fails with it
     */
    List<Held> run(Algorithm algorithm, int members, int rounds, long holdNanos) throws Exception;

    /**
     * Whether its nodes get stable storage; algorithms that need it are skipped, with the reason, where not.
     *
     * @return true when the runtime's contexts offer stable storage
     */
    default boolean offersStableStorage() {
        return false;
    }

    /**
     * One grant as the application held it: from its {@code Granted} output to the moment the application gave the
     * release, both on one time line of the runtime's own (virtual time, or one JVM's monotonic clock).
     *
     * @param node the member that held it
     * @param requestId the id of the request it answered
     * @param fencingToken the grant's fencing token
     * @param grantedAtNanos when the application was told of the grant
     * @param releasedAtNanos when the application gave the release
     */
    record Held(NodeId node, long requestId, long fencingToken, long grantedAtNanos, long releasedAtNanos) {}
}
