package dev.synchrony.explore.families;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Family;
import dev.synchrony.explore.ExploreHarness;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Which {@link ExploreHarness} explores an algorithm: its family's, wrapped in the algorithm's own extras when it
 * has some. A new algorithm of an existing family needs nothing here; a new family needs one case in
 * {@link #family}, which the compiler asks for.
 */
public final class ExploreHarnesses {

    /** Families explored with the explorer's standard workload and their family invariants only. */
    private static final ExploreHarness STANDARD = new ExploreHarness() {};

    /** What single algorithms add to their family's exploration, by catalog name (both total orders: its invariant). */
    private static final Map<String, UnaryOperator<ExploreHarness>> EXTRAS = Map.of(
            "lamport", LogicalClockExploration.LamportExtras::new,
            "vector", LogicalClockExploration.VectorExtras::new,
            "total-order", MulticastExploration.TotalOrderExtras::new,
            "sequencer-total-order", MulticastExploration.TotalOrderExtras::new,
            "causal-order", MulticastExploration.CausalOrderExtras::new,
            "lease-lock", LeaseLockExploration::new);

    private ExploreHarnesses() {}

    /** The exploration every algorithm of {@code family} shares. */
    public static ExploreHarness family(Family family) {
        return switch (family) {
            case AGREEMENT -> new AgreementExploration();
            case LOGICAL_CLOCK -> new LogicalClockExploration();
            case LINK -> new LinkExploration();
            case MULTICAST -> new MulticastExploration();
            case REPLICATION -> new ReplicationExploration();
            case ELECTION -> new ElectionExploration();
            case CLOCK_SYNC, MUTEX -> STANDARD;
        };
    }

    /** The exploration of {@code algorithm}: its family's, with its extras if it has some. */
    public static ExploreHarness forAlgorithm(Algorithm algorithm) {
        return EXTRAS.getOrDefault(algorithm.name(), UnaryOperator.identity()).apply(family(algorithm.family()));
    }
}
