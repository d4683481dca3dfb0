package dev.synchrony.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {

    @Test
    void driftsAtItsRate() {
        AtomicLong now = new AtomicLong();
        SimulatedClock clock = new SimulatedClock(now::get, 1.001, 500);
        now.set(1_000_000_000L);
        assertThat(clock.nanos()).isEqualTo(1_001_000_500L);
    }

    @Test
    void slewingNeverJumpsNorRunsBackwardsAndAppliesTheWholeCorrection() {
        AtomicLong now = new AtomicLong();
        SimulatedClock clock = new SimulatedClock(now::get, 1.0, 0);
        clock.slew(-2_000_000_000L, 1_000_000_000L); // too steep: stretched to keep the rate >= 0.5
        long previous = clock.nanos();
        for (int step = 1; step <= 100; step++) {
            now.addAndGet(100_000_000L);
            long reading = clock.nanos();
            assertThat(reading - previous).isBetween(49_000_000L, 100_000_000L);
            previous = reading;
        }
        assertThat(clock.nanos()).isEqualTo(10_000_000_000L - 2_000_000_000L);
    }

    @Test
    void steppingJumps() {
        AtomicLong now = new AtomicLong(1_000);
        SimulatedClock clock = new SimulatedClock(now::get, 1.0, 0);
        clock.step(-500);
        assertThat(clock.nanos()).isEqualTo(500);
    }
}
