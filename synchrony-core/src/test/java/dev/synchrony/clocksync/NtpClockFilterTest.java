package dev.synchrony.clocksync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NtpClockFilterTest {

    @Test
    void offsetAndDelayFollowTheLectureFormulas() {
        // T1 = 900, T2 = 1010, T3 = 1012, T4 = 930: theta = (110 + 82) / 2, delta = 30 - 2.
        NtpSample sample = NtpSample.of(900, 1010, 1012, 930);
        assertThat(sample.offsetNanos()).isEqualTo(96);
        assertThat(sample.delayNanos()).isEqualTo(28);
    }

    @Test
    void offsetDoesNotOverflowOnLargeReadings() {
        long base = Long.MAX_VALUE / 2;
        NtpSample sample = NtpSample.of(base, base + 1_000, base + 1_000, base + 20);
        assertThat(sample.offsetNanos()).isEqualTo(990);
        assertThat(sample.delayNanos()).isEqualTo(20);
    }

    @Test
    void keepsTheLastEightAndTrustsTheLeastDelay() {
        NtpClockFilter filter = new NtpClockFilter(0);
        filter.add(NtpSample.of(0, 5, 5, 2)); // delay 2, will be pushed out
        for (int i = 1; i <= 8; i++) {
            long t1 = i * 1_000L;
            long delay = i == 4 ? 4 : 10 + i;
            filter.add(NtpSample.of(t1, t1 + 50, t1 + 50, t1 + delay));
        }
        assertThat(filter.samples()).hasSize(NtpClockFilter.SIZE);
        assertThat(filter.best(9_000).orElseThrow().delayNanos()).isEqualTo(4);
    }

    @Test
    void anOldSampleLosesToAFreshOneOnceItsDriftExceedsTheDelayGain() {
        NtpClockFilter filter = new NtpClockFilter(1e-3);
        filter.add(NtpSample.of(0, 0, 0, 2_000)); // delay 2000, taken at 2000
        filter.add(NtpSample.of(10_000_000, 0, 0, 10_006_000)); // delay 6000, taken 10 ms later
        // Old: 1000 + 1e-3 * 10,004,000 = 11,004; fresh: 3000 + 0.
        assertThat(filter.best(10_006_000).orElseThrow().delayNanos()).isEqualTo(6_000);
    }

    @Test
    void correctionsShrinkStoredOffsets() {
        NtpClockFilter filter = new NtpClockFilter(0);
        filter.add(NtpSample.of(0, 100, 100, 10));
        filter.corrected(95);
        assertThat(filter.best(10).orElseThrow().offsetNanos()).isZero();
        NtpClockFilter copy = filter.copy();
        assertThat(copy).isEqualTo(filter).hasSameHashCodeAs(filter);
        copy.add(NtpSample.of(1, 2, 3, 4));
        assertThat(copy).isNotEqualTo(filter);
    }
}
