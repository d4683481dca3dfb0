package dev.synchrony.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.export.JsonLinesExport;
import dev.synchrony.sim.export.RunReport;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Same seed and flags, same trace, byte for byte; another seed, another run. */
class SimulationDeterminismTest {

    static SimConfig faultyConfig(String algorithm, long seed) {
        return SimConfig.defaults(algorithm, 5, seed)
                .withNetwork(NetworkModel.reliable(1_000_000, 30_000_000).withFaults(0.1, 0.1, 0.2))
                .withCrashes(List.of(CrashSpec.parse("n3@2s..4s")))
                .withPartitions(List.of(PartitionSpec.parse("n1,n2@5s..6s")))
                .withDrift(0.01, 5_000_000)
                .withParams(Map.of("rate", "20"));
    }

    static String jsonLines(RunResult run) throws IOException {
        StringWriter out = new StringWriter();
        JsonLinesExport.write(run.trace(), out);
        return out.toString();
    }

    @Test
    void sameSeedSameTraceByteForByte() throws IOException {
        for (String algorithm : List.of("lamport", "vector")) {
            AlgorithmSpec spec = Algorithms.require(algorithm);
            RunResult first = Simulation.run(spec, faultyConfig(algorithm, 42));
            RunResult second = Simulation.run(spec, faultyConfig(algorithm, 42));
            assertThat(first.trace().size()).isGreaterThan(500);
            assertThat(jsonLines(second)).isEqualTo(jsonLines(first));
            assertThat(new RunReport(spec, second).summaryJson().toString().replaceAll("wallNanos=\\d+", ""))
                    .isEqualTo(
                            new RunReport(spec, first).summaryJson().toString().replaceAll("wallNanos=\\d+", ""));
        }
    }

    @Test
    void anotherSeedAnotherRun() throws IOException {
        AlgorithmSpec spec = Algorithms.require("vector");
        assertThat(jsonLines(Simulation.run(spec, faultyConfig("vector", 1))))
                .isNotEqualTo(jsonLines(Simulation.run(spec, faultyConfig("vector", 2))));
    }

    @Test
    void lossDuplicationReorderingAndPartitionsKeepTheClockProperties() {
        for (String algorithm : List.of("lamport", "vector")) {
            for (long seed = 1; seed <= 20; seed++) {
                RunResult run = Simulation.run(
                        Algorithms.require(algorithm),
                        faultyConfig(algorithm, seed).withCrashes(List.of()));
                assertThat(run.violated())
                        .as("%s seed %d: %s", algorithm, seed, run.checks())
                        .isFalse();
                assertThat(run.network().lost()).isPositive();
            }
        }
    }

    /**
     * A process that crashes and recovers restarts its logical clock from zero (its state is volatile), so its
     * later events get smaller timestamps than its earlier ones: logical clocks must live in stable storage to
     * survive crashes. The checkers must catch this.
     */
    @Test
    void amnesiaAfterACrashBreaksLogicalClocksAndTheCheckersSayWhere() {
        for (String algorithm : List.of("lamport", "vector")) {
            SimConfig config = SimConfig.defaults(algorithm, 3, 7)
                    .withParams(Map.of("rate", "20", "send-probability", "0"))
                    .withCrashes(List.of(CrashSpec.parse("n2@3s..4s")));
            RunResult run = Simulation.run(Algorithms.require(algorithm), config);
            assertThat(run.violated()).as(algorithm).isTrue();
            assertThat(run.checks().get(0).detail()).contains("n2");
        }
    }
}
