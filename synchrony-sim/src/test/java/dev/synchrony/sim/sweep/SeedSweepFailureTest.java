package dev.synchrony.sim.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Family;
import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.spec.Harness;
import org.junit.jupiter.api.Test;

/** A run that throws is a failure of that seed, reported with its config; it does not stop the sweep. */
class SeedSweepFailureTest {

    /** A process that throws at start on odd seeds: a stand-in for a bug that only some seeds reach. */
    record FaultyNode(boolean faulty) implements Node<Object, Object, Object> {
        @Override
        public void onStart(Context<Object, Object> context) {
            if (faulty) {
                throw new IllegalStateException("bug reached");
            }
        }

        @Override
        public void onMessage(NodeId from, Object message, Context<Object, Object> context) {}

        @Override
        public void onTimer(Object timer, Context<Object, Object> context) {}

        @Override
        public Node<Object, Object, Object> copy() {
            return this;
        }
    }

    static final AlgorithmSpec FAULTY = new AlgorithmSpec(
            Algorithm.builder("faulty", Family.AGREEMENT)
                    .description("throws at start on odd seeds")
                    .node((id, environment) -> new FaultyNode(environment.seed() % 2 == 1))
                    .build(),
            new Harness() {});

    @Test
    void failedSeedsAreListedApartFromViolationsAndTheSweepGoesOn() {
        SweepReport report = new SeedSweep(
                        FAULTY, SimConfig.defaults("faulty", 2, 1).withDuration(1_000_000_000L), false, 2)
                .run(1, 6, (done, violating) -> {});
        assertThat(report.runs()).isEqualTo(6);
        assertThat(report.failures()).extracting(f -> f.config().seed()).containsExactly(1L, 3L, 5L);
        assertThat(report.failures().getFirst().error()).hasRootCauseMessage("bug reached");
        assertThat(report.anyViolation()).isFalse();
        assertThat(report.violatingSeeds())
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).contains("internal error"));
        assertThat(report.table()).contains("runs that failed with an internal error: 3 of 6");
    }
}
