package dev.synchrony.sim.algorithms.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.experiments.ElectionComparison;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElectionComparisonTest {

    @ParameterizedTest
    @CsvSource({"3, 1", "5, 2", "8, 3", "12, 4"})
    void measuredMessagesEqualThePredictedCounts(int nodes, long seed) {
        for (ElectionComparison.Row row : ElectionComparison.run(nodes, seed, 1_000_000, 10_000_000)) {
            assertThat(row.episodes()).as(row.scenario()).isEqualTo(1);
            assertThat(row.measuredMessages())
                    .as(row.algorithm() + ", " + row.scenario())
                    .isEqualTo(row.predictedMessages());
            assertThat(row.leader()).isEqualTo(NodeId.of("n" + (nodes - 1)));
            assertThat(row.propertiesHeld()).isTrue();
            assertThat(row.timeToElectNanos()).isPositive();
        }
    }
}
