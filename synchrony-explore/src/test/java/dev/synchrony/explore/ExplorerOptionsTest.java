package dev.synchrony.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;

/** The with... methods go through one copy of every bound: each keeps what the others set. */
class ExplorerOptionsTest {

    @Test
    void defaultsAreTheDocumentedBounds() {
        assertThat(Explorer.Options.defaults())
                .isEqualTo(new Explorer.Options(1_000, false, 0, false, 5_000_000, false, null, 2, 1, false, null));
    }

    @Test
    void everyWithMethodKeepsWhatTheOthersSet() throws Exception {
        Explorer.Options defaults = Explorer.Options.defaults();
        Explorer.Options changed = defaults.withMaxDepth(50)
                .withCrashes(1, true)
                .withMaxStates(1_000)
                .withRequests(3)
                .withLoss(true)
                .withDepthFirst(true)
                .withTimers(TimerPolicy.ANY_TIME)
                .withSeed(9)
                .withFifo(true)
                .withTimed(new TimedModel(1_000_000L, 1, 2, 10, TimedModel.Fault.NONE));
        // A bound a later with... call had dropped would be back at its default.
        for (RecordComponent bound : Explorer.Options.class.getRecordComponents()) {
            Object set = bound.getAccessor().invoke(changed);
            assertThat(set).as(bound.getName()).isNotEqualTo(bound.getAccessor().invoke(defaults));
        }
        assertThat(changed.withLoss(false).loss()).isFalse();
        assertThat(changed.withLoss(false))
                .usingRecursiveComparison()
                .ignoringFields("loss")
                .isEqualTo(changed);
    }

    @Test
    void aBadBoundIsNamed() {
        assertThatThrownBy(() -> Explorer.Options.defaults().withRequests(101))
                .hasMessage("--requests: 101 is not in 0..100");
    }
}
