package dev.synchrony.clocksync;

/**
 * Recorded by an NTP client after each exchange.
 *
 * @param sample the exchange just completed
 * @param chosen the sample the clock filter trusts now (possibly an older one), with offsets as of now
 */
public record NtpSampleTaken(NtpSample sample, NtpSample chosen) {}
