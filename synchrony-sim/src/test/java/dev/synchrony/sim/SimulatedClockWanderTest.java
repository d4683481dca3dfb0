package dev.synchrony.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimulatedClockWanderTest {

    private long now;

    @Test
    void theRateSwingsWithinTheBoundAndTheReadingIsItsIntegral() {
        double rho = 0.01;
        SimulatedClock clock = new SimulatedClock(() -> now, 1.0, 5_000).wander(rho, 1_000_000_000L, 0.3);
        double minRate = Double.MAX_VALUE;
        double maxRate = -Double.MAX_VALUE;
        double integral = 5_000;
        long step = 1_000_000L;
        long previous = clock.nanos();
        for (now = 0; now < 3_000_000_000L; now += step) {
            double rate = clock.rate();
            minRate = Math.min(minRate, rate);
            maxRate = Math.max(maxRate, rate);
            // Midpoint rule over the next step, compared with the closed form below.
            long saved = now;
            now = saved + step / 2;
            integral += clock.rate() * step;
            now = saved;
            long reading = clock.nanos();
            assertThat(reading).isGreaterThanOrEqualTo(previous);
            previous = reading;
        }
        assertThat(minRate).isBetween(1 - rho, 1 - rho * 0.99);
        assertThat(maxRate).isBetween(1 + rho * 0.99, 1 + rho);
        assertThat(clock.readingAt(now)).isCloseTo(integral, org.assertj.core.data.Offset.offset(50.0));
    }

    @Test
    void slewAndStepStillWorkOnAWanderingClock() {
        SimulatedClock clock = new SimulatedClock(() -> now, 1.0, 0).wander(0.001, 2_000_000_000L, 0);
        now = 1_000_000_000L;
        long before = clock.nanos();
        clock.slew(1_000_000L, 100_000_000L);
        now += 200_000_000L;
        double drift = 0.001 * 200_000_000L;
        assertThat((double) clock.nanos() - before).isBetween(201_000_000 - drift, 201_000_000 + drift);
        clock.step(-5_000_000L);
        assertThat((double) clock.nanos() - before).isBetween(196_000_000 - drift, 196_000_000 + drift);
    }

    @Test
    void aWanderThatWouldStopTheClockIsRejected() {
        assertThatThrownBy(() -> new SimulatedClock(() -> now, 1.0, 0).wander(1.0, 1_000, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amplitude");
    }
}
