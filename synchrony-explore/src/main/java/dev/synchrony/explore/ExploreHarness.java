package dev.synchrony.explore;

import dev.synchrony.sim.RunSetup;
import java.util.List;
import java.util.Map;

/**
 * How {@code synchrony explore} drives one family of algorithms: the invariants checked in every reachable state
 * (beyond those the explorer adds for the family), the bounded workload, liveness goals, timer policy and script
 * form of its commands, and the options that keep the state space finite. The explorer's counterpart of the
 * simulator's {@code Harness}; an algorithm that adds an invariant wraps its family's in {@link ExploreExtras}.
 */
public interface ExploreHarness {

    /** Invariants of the algorithm's own, checked in every reachable state. */
    default List<StateInvariant> invariants(RunSetup setup) {
        return List.of();
    }

    /** The standard one uses the explorer's workload for the algorithm's family. */
    default Exploration exploration(RunSetup setup) {
        return Exploration.STANDARD;
    }

    /**
     * Option values an exploration uses unless the user gives others: those that keep the state space finite
     * (no random background activity, for example).
     */
    default Map<String, String> explorationParams() {
        return Map.of();
    }

    /**
     * Whether the algorithm does nothing useful unless time passes (leases, grace periods): the explorer then
     * refuses an untimed exploration, naming the flag that gives it time.
     */
    default boolean needsTime() {
        return false;
    }
}
