package dev.synchrony.sim.algorithms;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Family;
import dev.synchrony.sim.algorithms.clocksync.BerkeleyExtras;
import dev.synchrony.sim.algorithms.clocksync.ClockSyncHarness;
import dev.synchrony.sim.algorithms.clocksync.NtpExtras;
import dev.synchrony.sim.algorithms.election.ElectionHarness;
import dev.synchrony.sim.algorithms.generals.TwoGeneralsHarness;
import dev.synchrony.sim.algorithms.logical.LogicalClockHarness;
import dev.synchrony.sim.algorithms.multicast.BankHarness;
import dev.synchrony.sim.algorithms.multicast.FifoLinkHarness;
import dev.synchrony.sim.algorithms.multicast.MulticastHarness;
import dev.synchrony.sim.algorithms.mutex.MutexHarness;
import dev.synchrony.sim.spec.Harness;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Which harness runs an algorithm in the simulator: its family's, wrapped in the algorithm's own extras when it
 * has some. A new algorithm of an existing family needs nothing here; a new family needs one case in
 * {@link #family}, which the compiler asks for.
 */
public final class Harnesses {

    /** What single algorithms add to their family's harness, by catalog name. */
    private static final Map<String, UnaryOperator<Harness>> EXTRAS = Map.ofEntries(
            Map.entry("ntp", NtpExtras::new),
            Map.entry("berkeley", BerkeleyExtras::new),
            Map.entry("lamport", LogicalClockHarness.LamportExtras::new),
            Map.entry("vector", LogicalClockHarness.VectorExtras::new),
            Map.entry("total-order", MulticastHarness.TotalOrderExtras::new),
            Map.entry("sequencer-total-order", MulticastHarness.SequencerExtras::new),
            Map.entry("causal-order", MulticastHarness.CausalOrderExtras::new),
            Map.entry("decentral-mutex", MutexHarness.DecentralizedExtras::new),
            Map.entry("ricart-agrawala", MutexHarness.RicartAgrawalaExtras::new),
            Map.entry("token-ring", MutexHarness.TokenRingExtras::new),
            Map.entry("failover-mutex", MutexHarness.FailoverExtras::new),
            Map.entry("lease-lock", MutexHarness.LeaseLockExtras::new));

    private Harnesses() {}

    /** The harness every algorithm of {@code family} shares. */
    public static Harness family(Family family) {
        return switch (family) {
            case AGREEMENT -> new TwoGeneralsHarness();
            case CLOCK_SYNC -> new ClockSyncHarness();
            case LOGICAL_CLOCK -> new LogicalClockHarness();
            case LINK -> new FifoLinkHarness();
            case MULTICAST -> new MulticastHarness();
            case REPLICATION -> new BankHarness();
            case MUTEX -> new MutexHarness();
            case ELECTION -> new ElectionHarness();
        };
    }

    /** The harness of {@code algorithm}: its family's, with its extras if it has some. */
    public static Harness forAlgorithm(Algorithm algorithm) {
        return EXTRAS.getOrDefault(algorithm.name(), UnaryOperator.identity()).apply(family(algorithm.family()));
    }
}
