package dev.synchrony.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {

    private static final NodeId A = NodeId.of("n1");
    private static final NodeId B = NodeId.of("n2");

    @Test
    void suspectsAPeerSilentForLongerThanTheTimeoutAndOnlyOnce() {
        FailureDetector detector = new FailureDetector(10, 30);
        detector.watch(A, 0);
        detector.watch(B, 0);
        assertThat(detector.check(30)).isEmpty();
        detector.heardFrom(B, 25);
        assertThat(detector.check(31)).containsExactly(A);
        assertThat(detector.check(40)).isEmpty();
        assertThat(detector.suspects(A)).isTrue();
        assertThat(detector.suspects(B)).isFalse();
        assertThat(detector.check(56)).containsExactly(B);
        assertThat(detector.suspected()).containsExactly(A, B);
    }

    @Test
    void hearingFromASuspectedPeerUnsuspectsIt() {
        FailureDetector detector = new FailureDetector(10, 30);
        detector.watch(A, 0);
        detector.check(100);
        assertThat(detector.heardFrom(A, 101)).isTrue();
        assertThat(detector.suspects(A)).isFalse();
        assertThat(detector.heardFrom(A, 102)).isFalse();
        assertThat(detector.check(132)).isEmpty();
        assertThat(detector.check(133)).containsExactly(A);
    }

    @Test
    void ignoresPeersItDoesNotWatch() {
        FailureDetector detector = new FailureDetector(10, 30);
        assertThat(detector.heardFrom(A, 5)).isFalse();
        assertThat(detector.check(1_000)).isEmpty();
        detector.watch(A, 0);
        detector.unwatch(A);
        assertThat(detector.check(1_000)).isEmpty();
        assertThat(detector.watched()).isEmpty();
    }

    @Test
    void hasValueSemantics() {
        FailureDetector detector = new FailureDetector(10, 30);
        detector.watch(A, 0);
        detector.watch(B, 5);
        detector.check(32);
        FailureDetector copy = detector.copy();
        assertThat(copy).isEqualTo(detector).hasSameHashCodeAs(detector);
        copy.heardFrom(A, 40);
        assertThat(copy).isNotEqualTo(detector);
        assertThat(detector.suspects(A)).isTrue();
    }

    @Test
    void rejectsATimeoutNotAboveTheInterval() {
        assertThatThrownBy(() -> new FailureDetector(10, 10))
                .hasMessageContaining("must exceed the heartbeat interval");
        assertThatThrownBy(() -> new FailureDetector(0, 10))
                .hasMessageContaining("heartbeat interval must be positive");
    }

    @Test
    void safeTimeoutCoversDriftAndLatencySpread() {
        assertThat(FailureDetector.safeTimeoutNanos(100, 1, 10, 0)).isEqualTo(110);
        assertThat(FailureDetector.safeTimeoutNanos(100, 0, 0, 0.1)).isEqualTo(124);
    }
}
