package dev.synchrony.cluster.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final List<NodeId> MEMBERS = NodeId.range(3);
    private static final long TEN_SECONDS = 10_000_000_000L;

    @Test
    void aDrawnScheduleHasOneFaultPerKindInsideTheRunAndIsTheSameForTheSameSeed() {
        Schedule schedule = Schedule.random(EnumSet.allOf(NemesisKind.class), MEMBERS, TEN_SECONDS, 7, 1e-4);
        assertThat(schedule.faults()).hasSize(NemesisKind.values().length);
        assertThat(schedule.kinds()).containsExactlyInAnyOrder(NemesisKind.values());
        assertThat(schedule.faults()).allSatisfy(f -> assertThat(f.fromNanos()).isBetween(0L, TEN_SECONDS));
        assertThat(schedule.format())
                .isEqualTo(Schedule.random(EnumSet.allOf(NemesisKind.class), MEMBERS, TEN_SECONDS, 7, 1e-4)
                        .format())
                .isNotEqualTo(Schedule.random(EnumSet.allOf(NemesisKind.class), MEMBERS, TEN_SECONDS, 8, 1e-4)
                        .format());
        Fault.ClockSkew skew = schedule.faults().stream()
                .filter(f -> f instanceof Fault.ClockSkew)
                .map(f -> (Fault.ClockSkew) f)
                .findFirst()
                .orElseThrow();
        assertThat(skew.drift()).isLessThanOrEqualTo(1e-4);
        assertThat(schedule.needsNamespace()).isTrue();
    }

    @Test
    void theWrittenFormReadsBackAsTheSameSchedule() {
        Schedule schedule = Schedule.random(EnumSet.allOf(NemesisKind.class), MEMBERS, TEN_SECONDS, 3, 1e-4);
        Schedule again = Schedule.parse(List.of(schedule.format().split("\n")), MEMBERS, TEN_SECONDS);
        assertThat(again).isEqualTo(schedule);
        assertThat(Schedule.parse(
                                List.of("partition:n1,n2@2s..4s", "loss:10%/5ms@1s..2s", "clock-skew:n3=-300ms/1.2"),
                                MEMBERS,
                                TEN_SECONDS)
                        .format())
                .isEqualTo("clock-skew:n3=-300ms/1.2\nloss:10%/5ms@1s..2s\npartition:n1,n2@2s..4s");
    }

    @Test
    void badFaultsAreNamedInOneLine() {
        assertThatThrownBy(() -> Schedule.parse(List.of("pause:n9@1s..2s"), MEMBERS, TEN_SECONDS))
                .hasMessage("--fault pause:n9@1s..2s: no member named n9");
        assertThatThrownBy(() -> Schedule.parse(List.of("pause:n1@3s..2s"), MEMBERS, TEN_SECONDS))
                .hasMessageStartingWith("--fault pause:n1@3s..2s: pause: the window");
        assertThatThrownBy(() -> Schedule.parse(List.of("kill:n1@11s"), MEMBERS, TEN_SECONDS))
                .hasMessage("--fault kill:n1@11s: it begins after the run ends");
        assertThatThrownBy(() -> Schedule.parse(List.of("nap:n1@1s..2s"), MEMBERS, TEN_SECONDS))
                .hasMessageStartingWith("--fault nap:n1@1s..2s: 'nap' is not one of partition, pause");
        assertThatThrownBy(() -> Schedule.parse(List.of("loss:ten@1s..2s"), MEMBERS, TEN_SECONDS))
                .hasMessageStartingWith("--fault loss:ten@1s..2s:");
        assertThatThrownBy(() -> NemesisKind.parseList(",")).hasMessageStartingWith("--nemesis: name at least one");
    }
}
