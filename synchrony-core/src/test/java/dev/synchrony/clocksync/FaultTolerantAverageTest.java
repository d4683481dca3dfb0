package dev.synchrony.clocksync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FaultTolerantAverageTest {

    private static Map<NodeId, Long> values(long... differences) {
        Map<NodeId, Long> values = new TreeMap<>();
        for (int i = 0; i < differences.length; i++) {
            values.put(NodeId.of("n" + (i + 1)), differences[i]);
        }
        return values;
    }

    @Test
    void theLectureFigureAveragesToPlusFive() {
        Map<NodeId, Long> values = values(0, -10, 25);
        List<NodeId> agreeing = FaultTolerantAverage.agreeing(values, 60);
        assertThat(agreeing).hasSize(3);
        assertThat(FaultTolerantAverage.average(values, agreeing)).isEqualTo(5);
    }

    @Test
    void aClockFarOffDoesNotPullTheOthers() {
        Map<NodeId, Long> values = values(0, 4, -6, 10_000);
        List<NodeId> agreeing = FaultTolerantAverage.agreeing(values, 20);
        assertThat(agreeing).containsExactly(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
        assertThat(FaultTolerantAverage.average(values, agreeing)).isEqualTo(-1);
    }

    @Test
    void amongEqualGroupsTheOneNearestTheDaemonWins() {
        Map<NodeId, Long> values = values(0, 5, 100, 105);
        assertThat(FaultTolerantAverage.agreeing(values, 10)).containsExactly(NodeId.of("n1"), NodeId.of("n2"));
    }
}
