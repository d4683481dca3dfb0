package dev.synchrony.clocksync;

/**
 * Recorded when a node corrects its physical clock.
 *
 * @param correctionNanos positive: the clock was advanced
 * @param stepped true for a jump (the correction was beyond the step threshold), false for a slew
 */
public record ClockCorrected(long correctionNanos, boolean stepped) {

    /** Applies {@code correctionNanos} to {@code clock}: a slew over {@code slewPeriodNanos}, or a step if too big. */
    static ClockCorrected apply(dev.synchrony.core.LocalClock clock, long correctionNanos, long slewPeriodNanos,
            long stepThresholdNanos) {
        boolean step = Math.abs(correctionNanos) > stepThresholdNanos;
        if (step) {
            clock.step(correctionNanos);
        } else {
            clock.slew(correctionNanos, slewPeriodNanos);
        }
        return new ClockCorrected(correctionNanos, step);
    }
}
