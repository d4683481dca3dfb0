package dev.synchrony.ntp;

/**
 * NTP's 64-bit timestamp format (RFC 5905, section 6): 32 bits of seconds since 1900-01-01 (era 0) and 32 bits
 * of fraction, held in one {@code long}. Timestamps and the differences between them are exact fixed-point
 * values: every calculation here is integer arithmetic, never floating point.
 *
 * <p>A difference of two timestamps, computed as a plain {@code long} subtraction, is a signed 32.32 duration;
 * it is right across an era boundary as long as the two are within 68 years of each other (RFC 5905, section 6).
 */
public final class NtpTimestamp {

    /** Seconds from 1900-01-01 (NTP's prime epoch) to 1970-01-01 (Unix's). */
    public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long FRACTION_MASK = 0xFFFF_FFFFL;

    private NtpTimestamp() {}

    /** The NTP timestamp of {@code unixNanos} nanoseconds since 1970 (rounded down to 2^-32 s, about 0.23 ns). */
    public static long fromUnixNanos(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, NANOS_PER_SECOND);
        long nanos = Math.floorMod(unixNanos, NANOS_PER_SECOND);
        long fraction = (nanos << 32) / NANOS_PER_SECOND;
        return ((seconds + UNIX_EPOCH_OFFSET_SECONDS) << 32) | fraction;
    }

    /**
     * Nanoseconds since 1970 of an era-0 timestamp (the era that runs to 2036; RFC 5905 leaves the era to the
     * context). A timestamp with the top bit clear is taken as era 1 (after 2036), since no reply from before
     * 1968 is plausible.
     */
    public static long toUnixNanos(long timestamp) {
        long seconds = timestamp >>> 32;
        if (seconds < 0x8000_0000L) {
            seconds += 1L << 32;
        }
        return (seconds - UNIX_EPOCH_OFFSET_SECONDS) * NANOS_PER_SECOND + fractionToNanos(timestamp & FRACTION_MASK);
    }

    /** A signed 32.32 duration (a difference of timestamps) in nanoseconds, rounded towards minus infinity. */
    public static long durationToNanos(long fixed) {
        long seconds = fixed >> 32;
        return seconds * NANOS_PER_SECOND + fractionToNanos(fixed & FRACTION_MASK);
    }

    /** A duration in nanoseconds as signed 32.32 fixed point. */
    public static long durationFromNanos(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rest = Math.floorMod(nanos, NANOS_PER_SECOND);
        return (seconds << 32) + (rest << 32) / NANOS_PER_SECOND;
    }

    private static long fractionToNanos(long fraction) {
        // fraction < 2^32 and 10^9 < 2^30, so the product fits in 63 bits.
        return (fraction * NANOS_PER_SECOND) >>> 32;
    }

    /** Half of the sum of two signed 32.32 durations, without overflowing when their sum would. */
    public static long halfSum(long a, long b) {
        return (a >> 1) + (b >> 1) + (a & b & 1);
    }

    /** The offset theta = ((T2 - T1) + (T3 - T4)) / 2, in 32.32 fixed point (RFC 5905, section 8). */
    public static long offset(long t1, long t2, long t3, long t4) {
        return halfSum(t2 - t1, t3 - t4);
    }

    /** The round-trip delay delta = (T4 - T1) - (T3 - T2), in 32.32 fixed point. */
    public static long delay(long t1, long t2, long t3, long t4) {
        return (t4 - t1) - (t3 - t2);
    }

    /** Seconds with six decimals, signed: {@code +0.000123}; exact decimal arithmetic on the fixed point. */
    public static String formatSeconds(long fixed) {
        long nanos = durationToNanos(fixed);
        long micros = Math.round(nanos / 1000.0);
        String sign = micros < 0 ? "-" : "+";
        long magnitude = Math.abs(micros);
        return String.format(java.util.Locale.ROOT, "%s%d.%06d", sign, magnitude / 1_000_000, magnitude % 1_000_000);
    }
}
