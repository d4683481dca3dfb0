package dev.synchrony.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.election.LeaderElected;
import dev.synchrony.lease.LeaseLock;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The timed exploration (docs/explore.md, "Timed exploration"): time passes in ticks, timers fire at their due
 * tick, stable storage is part of the state, and lease-lock is explored with its leases running out.
 */
class TimedExploreTest {

    private static final long TICK = 100_000_000L;
    private static final AlgorithmSpec LEASE_LOCK = Algorithms.require("lease-lock");

    private static Explorer leaseLock(TimedModel timed, Map<String, String> params) {
        return new Explorer(
                ExplorerTest.harness(LEASE_LOCK),
                ExplorerTest.setup(LEASE_LOCK, 3, params),
                Explorer.Options.defaults().withMaxDepth(1_000_000).withTimed(timed));
    }

    @Test
    void leaseLockRefusesAnUntimedExplorationNamingTheFlag() {
        assertThatThrownBy(() -> new Explorer(
                        ExplorerTest.harness(LEASE_LOCK),
                        ExplorerTest.setup(LEASE_LOCK, 3, Map.of()),
                        Explorer.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease-lock")
                .hasMessageContaining("--timed");
    }

    @Test
    void badTimedBoundsAreOneLineErrorsNamingTheFlag() {
        assertThatThrownBy(() -> new TimedModel(TICK, 0, 1, 20, TimedModel.Fault.NONE))
                .hasMessageStartingWith("--delay: 0..1");
        assertThatThrownBy(() -> new TimedModel(TICK, 1, 1, 0, TimedModel.Fault.NONE))
                .hasMessageStartingWith("--horizon: 0");
        assertThatThrownBy(() -> new TimedModel.Fault(TimedModel.FaultKind.PAUSE, 5, 3, 1, 2))
                .hasMessageStartingWith("--pause-once: the start ticks 5..3");
        assertThatThrownBy(() -> new TimedModel(
                        TICK, 1, 1, 10, new TimedModel.Fault(TimedModel.FaultKind.PARTITION, 11, 12, 1, 2)))
                .hasMessageContaining("past the horizon 10");
    }

    /**
     * Walking the first enabled step every time: nothing fires before its due tick (election timeouts are at
     * least 5 ticks, the start wait 4), a leader is elected, its grace period of 8 ticks passes, and the lock is
     * granted: time, timers and the durable vote all work under the explorer's context.
     */
    @Test
    void timePassesSoALeaderIsElectedAndTheLockGrantedAfterItsGracePeriod() {
        Explorer explorer = leaseLock(new TimedModel(TICK, 1, 1, 30, TimedModel.Fault.NONE), Map.of());
        Explorer.Session session = explorer.session();
        int electedAt = -1;
        int grantedAt = -1;
        for (int i = 0; i < 2_000 && !session.enabled().isEmpty() && grantedAt < 0; i++) {
            session.take(0);
            assertThat(session.violation()).isNull();
            ExploredState state = session.state();
            Step step = state.step();
            if (step.kind() == Step.Kind.FIRE && step.subject() instanceof LeaseLock.Timer.ElectionTimeout) {
                assertThat(state.tick())
                        .as("an election timeout of 5 ticks or more")
                        .isGreaterThanOrEqualTo(5);
            }
            for (Object output : state.effects().outputs()) {
                if (output instanceof LeaderElected && electedAt < 0) {
                    electedAt = state.tick();
                }
                if (output instanceof MutexOutput.Granted) {
                    grantedAt = state.tick();
                }
            }
        }
        assertThat(electedAt).as("a leader is elected").isPositive();
        // The first LeaderElected is a follower's, one tick (a heartbeat's delay) after the win; the grace period
        // counts from the win.
        assertThat(grantedAt).as("the lock is granted after the grace period").isGreaterThanOrEqualTo(electedAt + 7);
    }

    @Test
    void leaseLockHoldsUnderEveryPartitionWithinSmallBounds() {
        ExploreResult result = leaseLock(
                        new TimedModel(
                                TICK, 1, 1, 22, new TimedModel.Fault(TimedModel.FaultKind.PARTITION, 19, 19, 2, 3)),
                        Map.of())
                .run();

        assertThat(result.violation()).as("%s", result.violation()).isNull();
        assertThat(result.exhaustive()).isTrue();
        assertThat(result.invariants()).contains("mutual-exclusion", "one-leader", "fencing");
        assertThat(result.distinctStates()).isGreaterThan(1_000);
    }

    @Test
    void aStateBoundSaysBoundedWithTheHorizonNeverHeld() {
        ExploreResult result = new Explorer(
                        ExplorerTest.harness(LEASE_LOCK),
                        ExplorerTest.setup(LEASE_LOCK, 3, Map.of()),
                        Explorer.Options.defaults()
                                .withMaxDepth(1_000_000)
                                .withMaxStates(500)
                                .withTimed(new TimedModel(TICK, 1, 2, 30, TimedModel.Fault.NONE)))
                .run();

        assertThat(result.exhaustive()).isFalse();
        assertThat(result.limit()).startsWith("bounded: 500 states, horizon 30 ticks");
    }
}
