package dev.synchrony.sim.algorithms.multicast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.DrainTime;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.fault.PauseSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.sweep.SeedSweep;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Swarm seeds 1011 and 1160 of total order drew loss 0.3 and a pause of n1 ending 3.5 s and 4.4 s before the end
 * of a 10 s run: the link's retransmissions, waiting about 1 s apart after the pause, had not drained when the run
 * ended, and the integrity check reported a message never delivered. The swarm now runs such seeds long enough.
 */
class SwarmDrainTest {

    static final AlgorithmSpec TOTAL_ORDER = Algorithms.all().stream()
            .filter(spec -> spec.name().equals("total-order"))
            .findFirst()
            .orElseThrow();

    static final SeedSweep SWARM = new SeedSweep(TOTAL_ORDER, SimConfig.defaults("total-order", 3, 1), true, 1);

    @ParameterizedTest
    @ValueSource(longs = {1011, 1160})
    void aSeedWithALatePauseRunsUntilTheLinkHasDrainedAndDeliversEverything(long seed) {
        SimConfig config = SWARM.configFor(seed);
        long drain = DrainTime.nanos(RunSetup.of(TOTAL_ORDER.algorithm(), config));
        assertThat(config.network().loss()).isEqualTo(0.3);
        assertThat(config.pauses()).hasSize(1);
        assertThat(config.durationNanos())
                .isGreaterThanOrEqualTo(config.pauses().getFirst().untilNanos() + drain);

        RunResult run = Simulation.run(TOTAL_ORDER, config);
        assertThat(run.checks())
                .isNotEmpty()
                .allSatisfy(check -> assertThat(check.violated())
                        .as(check.property() + ": " + check.detail())
                        .isFalse());
    }

    @Test
    void theDrainIsEnoughRoundsOfTheLinksLongestWaitThatALossRunThatLongIsBelowOneInAMillion() {
        SimConfig lossy = SimConfig.defaults("total-order", 3, 1)
                .withNetwork(NetworkModel.reliable(5_000_000L, 100_000_000L).withFaults(0.3, 0, 0.2));
        // 0.3^12 < 1e-6 < 0.3^11; the link's waits stop growing at 1 s; reordering makes the worst latency 400 ms.
        assertThat(DrainTime.nanos(RunSetup.of(TOTAL_ORDER.algorithm(), lossy))).isEqualTo(12_400_000_000L);

        SimConfig lossless = SimConfig.defaults("total-order", 3, 1);
        assertThat(DrainTime.nanos(RunSetup.of(TOTAL_ORDER.algorithm(), lossless)))
                .isEqualTo(1_000_000_000L + lossless.worstLatencyNanos());

        SimConfig raw = lossy.withParams(java.util.Map.of("link", "raw"));
        assertThat(DrainTime.nanos(RunSetup.of(TOTAL_ORDER.algorithm(), raw))).isZero();
    }

    @Test
    void seedsWithoutAPauseOrPartitionKeepTheirDuration() {
        long kept = java.util.stream.LongStream.rangeClosed(1, 40)
                .mapToObj(SWARM::configFor)
                .filter(config ->
                        config.pauses().isEmpty() && config.partitions().isEmpty())
                .peek(config -> assertThat(config.durationNanos()).isEqualTo(10_000_000_000L))
                .count();
        assertThat(kept).isPositive();
    }

    /**
     * A run the user cut short is still judged, and the violation says how long a run would settle it: seed 1011's
     * pause made to last until 100 ms before the end of a 10 s run leaves n1's last message undelivered.
     */
    @Test
    void aRunEndingBeforeTheDrainSaysSoInItsViolation() {
        SimConfig cut = SWARM.configFor(1011)
                .withDuration(10_000_000_000L)
                .withPauses(List.of(new PauseSpec(dev.synchrony.core.NodeId.of("n1"), 3_748_000_000L, 9_900_000_000L)));
        RunResult run = Simulation.run(TOTAL_ORDER, cut);
        CheckResult integrity = run.checks().stream()
                .filter(check -> check.property().equals("integrity"))
                .findFirst()
                .orElseThrow();
        assertThat(integrity.violated()).isTrue();
        assertThat(integrity.detail())
                .contains("after the last pause or partition")
                .contains("it ended 100ms after the last pause or partition")
                .contains("--duration 22300ms");
    }
}
