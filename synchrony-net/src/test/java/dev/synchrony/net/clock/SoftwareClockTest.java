package dev.synchrony.net.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SoftwareClockTest {

    private final AtomicLong monotonic = new AtomicLong(5_000_000_000L);

    @Test
    void runsAtItsRateWithNanosecondResolutionAtEpochMagnitudes() {
        SoftwareClock clock = new SoftwareClock(monotonic::get, 1.0, 0);
        long start = clock.nanos();
        assertThat(start).isGreaterThan(1_700_000_000_000_000_000L);
        monotonic.addAndGet(1);
        assertThat(clock.nanos() - start).isEqualTo(1);
        monotonic.addAndGet(999_999_999);
        assertThat(clock.nanos() - start).isEqualTo(1_000_000_000L);
        SoftwareClock fast = new SoftwareClock(monotonic::get, 1.001, 0);
        long fastStart = fast.nanos();
        monotonic.addAndGet(1_000_000_000L);
        assertThat(fast.nanos() - fastStart).isEqualTo(1_001_000_000L);
    }

    @Test
    void slewAppliesTheCorrectionGraduallyAndNeverGoesBack() {
        SoftwareClock clock = new SoftwareClock(monotonic::get, 1.0, 0);
        long start = clock.nanos();
        clock.slew(-10_000_000L, 100_000_000L); // 10 ms back over 100 ms: the clock runs at 0.9
        long previous = clock.nanos();
        for (int i = 0; i < 200; i++) {
            monotonic.addAndGet(1_000_000L);
            long now = clock.nanos();
            assertThat(now).isGreaterThan(previous);
            previous = now;
        }
        assertThat(previous - start).isEqualTo(200_000_000L - 10_000_000L);
    }

    @Test
    void aSlewTooSteepForItsPeriodTakesLongerAndStepJumps() {
        SoftwareClock clock = new SoftwareClock(monotonic::get, 1.0, 0);
        long start = clock.nanos();
        clock.slew(100_000_000L, 1_000_000L); // bounded to rate 1.5: takes 200 ms
        monotonic.addAndGet(100_000_000L);
        assertThat(clock.nanos() - start).isEqualTo(150_000_000L);
        monotonic.addAndGet(200_000_000L);
        assertThat(clock.nanos() - start).isEqualTo(400_000_000L);
        clock.step(-1_000_000_000L);
        assertThat(clock.nanos() - start).isEqualTo(-600_000_000L);
    }
}
