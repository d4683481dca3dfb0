package dev.synchrony.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NodeIdNumberTest {

    @Test
    void theTrailingNumberIsReadDigitByDigit() {
        assertThat(NodeId.of("n12").number()).isEqualTo(12);
        assertThat(NodeId.of("P1").number()).isEqualTo(1);
        assertThat(NodeId.of("7").number()).isEqualTo(7);
        assertThat(NodeId.of("n0").number()).isZero();
        assertThat(NodeId.of("node").number()).isEqualTo(-1);
        assertThat(NodeId.of("n123456789012345678").number()).isEqualTo(123_456_789_012_345_678L);
        assertThat(NodeId.of("n1234567890123456789").number()).isEqualTo(-1); // 19 digits: not a priority
        assertThat(NodeId.of("n\u0663").number()).isEqualTo(3); // any digit the name check accepts
    }

    @Test
    void idsSortByNumberThenByName() {
        TreeSet<NodeId> ids =
                new TreeSet<>(List.of(NodeId.of("beta"), NodeId.of("n10"), NodeId.of("alpha"), NodeId.of("n2")));
        assertThat(ids).containsExactly(NodeId.of("n2"), NodeId.of("n10"), NodeId.of("alpha"), NodeId.of("beta"));
    }
}
