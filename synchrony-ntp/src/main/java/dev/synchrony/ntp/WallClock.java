package dev.synchrony.ntp;

import java.time.Instant;

/**
 * The time source of the real NTP server and client: nanoseconds since 1970. The system one reads the
 * operating system's real-time clock through {@link Instant#now()} (clock_gettime on Linux, microsecond or better
 * resolution); tests substitute a clock that is off by a known amount.
 */
@FunctionalInterface
public interface WallClock {

    WallClock SYSTEM = () -> {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };

    long unixNanos();

    /** Now, as an NTP timestamp. */
    default long ntpNow() {
        return NtpTimestamp.fromUnixNanos(unixNanos());
    }

    /** This clock shifted by {@code offsetNanos}. */
    default WallClock shifted(long offsetNanos) {
        return () -> unixNanos() + offsetNanos;
    }
}
