package dev.synchrony.clocksync;

/**
 * Recorded when a node corrects its physical clock.
 *
 * @param correctionNanos positive: the clock was advanced
 * @param stepped true for a jump (the correction was beyond the step threshold), false for a slew
 */
public record ClockCorrected(long correctionNanos, boolean stepped) {}
