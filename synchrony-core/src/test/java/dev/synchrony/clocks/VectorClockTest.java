package dev.synchrony.clocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VectorClockTest {

    @Test
    void comparesAsTheLectureDefines() {
        VectorClock a = VectorClock.of(1, 0, 0);
        VectorClock b = VectorClock.of(1, 1, 0);
        VectorClock c = VectorClock.of(0, 0, 1);
        assertThat(a.compare(b)).isEqualTo(CausalOrder.BEFORE);
        assertThat(b.compare(a)).isEqualTo(CausalOrder.AFTER);
        assertThat(a.compare(c)).isEqualTo(CausalOrder.CONCURRENT);
        assertThat(a.compare(VectorClock.of(1, 0, 0))).isEqualTo(CausalOrder.EQUAL);
    }

    @Test
    void receiveMergesThenCountsTheDelivery() {
        VectorClock mine = VectorClock.of(2, 0, 1);
        VectorClock received = mine.receive(VectorClock.of(1, 3, 0), 2);
        assertThat(received).isEqualTo(VectorClock.of(2, 3, 2));
        assertThat(mine).as("immutable").isEqualTo(VectorClock.of(2, 0, 1));
        assertThat(received.toString()).isEqualTo("(2,3,2)");
    }

    @Test
    void rejectsClocksOfDifferentGroups() {
        assertThatThrownBy(() -> VectorClock.of(1, 2).compare(VectorClock.of(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different groups");
    }

    @Test
    void lamportRulesGiveTheFigureValues() {
        // Rule 3 on the lecture's figure: P2 at 56 receives m3 stamped 60 and moves to 61.
        assertThat(new LamportClock(56).receive(60).time()).isEqualTo(61);
        assertThat(new LamportClock(70).receive(60).time()).isEqualTo(71);
    }

    @Test
    void hybridClockFollowsThePhysicalClockWhenItIsAhead() {
        HybridLogicalClock clock = HybridLogicalClock.ZERO.tick(100);
        assertThat(clock).isEqualTo(new HybridLogicalClock(100, 0));
        assertThat(clock.tick(90)).isEqualTo(new HybridLogicalClock(100, 1));
        assertThat(clock.receive(new HybridLogicalClock(150, 4), 120)).isEqualTo(new HybridLogicalClock(150, 5));
        assertThat(clock.receive(new HybridLogicalClock(150, 4), 200)).isEqualTo(new HybridLogicalClock(200, 0));
    }
}
