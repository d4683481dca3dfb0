package dev.synchrony.clocksync;

/**
 * How a node corrects its clock: slew over {@code slewPeriodNanos}, or step when the correction exceeds
 * {@code stepThresholdNanos} (NTP steps beyond 128 ms, since slewing at 500 ppm would take minutes).
 *
 * @param slewPeriodNanos over how long a correction is slewed, positive
 * @param stepThresholdNanos the largest correction that is slewed; larger ones step the clock
 */
public record ClockCorrection(long slewPeriodNanos, long stepThresholdNanos) {

    /** NTP's step threshold. */
    public static final long NTP_STEP_THRESHOLD_NANOS = 128_000_000L;

    /**
     * Checks the period and threshold.
     *
     * @throws IllegalArgumentException when the period is not positive or the threshold negative
     */
    public ClockCorrection {
        if (slewPeriodNanos <= 0) {
            throw new IllegalArgumentException("slew period must be positive, got " + slewPeriodNanos + " ns");
        }
        if (stepThresholdNanos < 0) {
            throw new IllegalArgumentException("step threshold must be >= 0, got " + stepThresholdNanos + " ns");
        }
    }

    /** Applies {@code correctionNanos} to {@code clock} and says how, for the trace. */
    ClockCorrected apply(dev.synchrony.core.LocalClock clock, long correctionNanos) {
        boolean step = Math.abs(correctionNanos) > stepThresholdNanos;
        if (step) {
            clock.step(correctionNanos);
        } else {
            clock.slew(correctionNanos, slewPeriodNanos);
        }
        return new ClockCorrected(correctionNanos, step);
    }
}
