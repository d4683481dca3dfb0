package dev.synchrony.sim.algorithms.multicast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.sweep.SeedSweep;
import dev.synchrony.sim.sweep.SweepReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Seed sweeps of every algorithm of this area over a lossy, duplicating, reordering network. */
class MulticastSweepTest {

    static SweepReport sweep(String algorithm, String params, long seeds, boolean swarm) {
        AlgorithmSpec spec = Algorithms.all().stream()
                .filter(s -> s.name().equals(algorithm))
                .findFirst()
                .orElseThrow();
        SimConfig base = SimConfig.defaults(algorithm, spec.defaultNodes(), 1)
                .withNetwork(NetworkModel.reliable(1_000_000L, 10_000_000L).withFaults(0.1, 0.1, 0.1));
        if (!params.isEmpty()) {
            Map<String, String> given = new java.util.LinkedHashMap<>();
            for (String pair : params.split(";")) {
                String[] parts = pair.split("=");
                given.put(parts[0], parts[1]);
            }
            base = base.withParams(given);
        }
        return new SeedSweep(spec, base, swarm, 2).run(1, seeds, (done, violating) -> {});
    }

    @ParameterizedTest
    @CsvSource({
        "total-order,",
        "total-order,max-batch=1",
        "sequencer-total-order,",
        "sequencer-total-order,max-batch=1",
        "causal-order,",
        "causal-order,max-batch=1",
        "causal-order,batch-delay=50ms;rate=40",
        "bank,ordering=total",
        "bank,ordering=causal",
        "bank,ordering=none",
        "fifo-link,"
    })
    void twoHundredSeedsWithLossDuplicationAndReordering(String algorithm, String params) {
        SweepReport report = sweep(algorithm, params == null ? "" : params, 200, false);
        assertThat(report.runs()).isEqualTo(200);
        assertThat(report.violatingSeeds()).isEmpty();
        assertThat(report.violationsByProperty())
                .isNotEmpty()
                .allSatisfy((property, count) -> assertThat(count).isZero());
    }

    @ParameterizedTest
    @CsvSource({"total-order", "sequencer-total-order", "causal-order"})
    void swarmSweepsToo(String algorithm) {
        SweepReport report = sweep(algorithm, "", 100, true);
        assertThat(report.violatingSeeds()).isEmpty();
    }

    /**
     * A restarted process starts its Lamport or vector clock at zero again, which the lecture's multicasts do not
     * survive: those violations must be found and labelled as outside their fault model, while a crash without
     * recovery, inside it, leaves none.
     */
    @ParameterizedTest
    @CsvSource({"total-order", "causal-order"})
    void crashWithRecoveryBreaksTheLectureMulticastsAndIsLabelledOutsideTheirModel(String algorithm) {
        SweepReport recovering = sweepWithCrash(algorithm, "n3@2s..4s", 200);
        assertThat(recovering.violatingRuns()).isZero();
        assertThat(recovering.expectedViolations())
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v.label()).isEqualTo("expected: outside its fault model (crash-recovery)"));

        SweepReport stopping = sweepWithCrash(algorithm, "n3@2s", 200);
        assertThat(stopping.violatingSeeds()).isEmpty();
        assertThat(stopping.expectedViolations()).isEmpty();
    }

    private static SweepReport sweepWithCrash(String algorithm, String crash, long seeds) {
        AlgorithmSpec spec = Algorithms.all().stream()
                .filter(s -> s.name().equals(algorithm))
                .findFirst()
                .orElseThrow();
        SimConfig config = SimConfig.defaults(algorithm, spec.defaultNodes(), 1)
                .withNetwork(NetworkModel.reliable(1_000_000L, 10_000_000L).withFaults(0.1, 0.1, 0.1))
                .withCrashes(List.of(CrashSpec.parse(crash)));
        return new SeedSweep(spec, config, false, 2).run(1, seeds, (done, violating) -> {});
    }

    @Tag("long")
    @ParameterizedTest
    @CsvSource({"total-order,", "total-order,max-batch=1", "sequencer-total-order,", "causal-order,"})
    void tenThousandSeeds(String algorithm, String params) {
        SweepReport report = sweep(algorithm, params == null ? "" : params, 10_000, false);
        assertThat(report.runs()).isEqualTo(10_000);
        assertThat(report.violatingSeeds()).isEmpty();
    }
}
