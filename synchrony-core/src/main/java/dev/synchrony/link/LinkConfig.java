package dev.synchrony.link;

/**
 * Parameters of {@link ReliableFifoLink}.
 *
 * @param initialRetransmitNanos wait before a retransmission while no round trip has been measured on the link nor
 *     on another link of the process; afterwards the wait is estimated from the round trips
 *     ({@link RoundTripEstimator})
 * @param maxRetransmitNanos the estimate and the backoff never wait longer than this
 * @param backoffMultiplier factor applied to the wait after each retransmission without progress (&gt;= 1)
 * @param maxRetransmissions retransmission rounds without any acknowledged progress before the link gives up on
 *     the unacknowledged messages to that peer (it then starts a fresh stream); {@link Integer#MAX_VALUE} never
 *     gives up
 * @param windowSize at most this many unacknowledged messages per peer are on the wire; later ones wait
 * @param minRetransmitNanos the estimated wait is never shorter than this: on a loopback whose round trip is tens
 *     of microseconds, a garbage-collection or scheduler pause of a few milliseconds must not pass for a loss
 */
public record LinkConfig(
        long initialRetransmitNanos,
        long maxRetransmitNanos,
        double backoffMultiplier,
        int maxRetransmissions,
        int windowSize,
        long minRetransmitNanos) {

    /** The floor of the estimated wait unless configured: a few scheduler time slices. */
    public static final long DEFAULT_MIN_RETRANSMIT_NANOS = 5_000_000L;

    /**
     * 25 ms wait until a round trip is measured, then SRTT + 4 RTTVAR within [5 ms, 1 s], doubling while no progress,
     * 16 rounds without progress before giving up, 64 messages in flight.
     */
    public static final LinkConfig DEFAULT = new LinkConfig(25_000_000L, 1_000_000_000L, 2.0, 16, 64);

    /** The settings with the default floor ({@link #DEFAULT_MIN_RETRANSMIT_NANOS}, lowered to the bound if above it). */
    public LinkConfig(
            long initialRetransmitNanos,
            long maxRetransmitNanos,
            double backoffMultiplier,
            int maxRetransmissions,
            int windowSize) {
        this(
                initialRetransmitNanos,
                maxRetransmitNanos,
                backoffMultiplier,
                maxRetransmissions,
                windowSize,
                Math.min(DEFAULT_MIN_RETRANSMIT_NANOS, Math.max(1, maxRetransmitNanos)));
    }

    public LinkConfig {
        if (initialRetransmitNanos <= 0) {
            throw new IllegalArgumentException(
                    "link initialRetransmitNanos must be positive, got " + initialRetransmitNanos);
        }
        if (maxRetransmitNanos < initialRetransmitNanos) {
            throw new IllegalArgumentException("link maxRetransmitNanos " + maxRetransmitNanos
                    + " is below initialRetransmitNanos " + initialRetransmitNanos);
        }
        if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
            throw new IllegalArgumentException("link backoffMultiplier must be >= 1, got " + backoffMultiplier);
        }
        if (maxRetransmissions < 1) {
            throw new IllegalArgumentException("link maxRetransmissions must be >= 1, got " + maxRetransmissions);
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("link windowSize must be >= 1, got " + windowSize);
        }
        if (minRetransmitNanos <= 0) {
            throw new IllegalArgumentException("link minRetransmitNanos must be positive, got " + minRetransmitNanos);
        }
        if (minRetransmitNanos > maxRetransmitNanos) {
            throw new IllegalArgumentException("link minRetransmitNanos " + minRetransmitNanos
                    + " is above maxRetransmitNanos " + maxRetransmitNanos);
        }
    }

    public LinkConfig withInitialRetransmitNanos(long nanos) {
        long max = Math.max(nanos, maxRetransmitNanos);
        return new LinkConfig(
                nanos, max, backoffMultiplier, maxRetransmissions, windowSize, Math.min(minRetransmitNanos, max));
    }

    public LinkConfig withMaxRetransmitNanos(long nanos) {
        return new LinkConfig(
                initialRetransmitNanos,
                nanos,
                backoffMultiplier,
                maxRetransmissions,
                windowSize,
                Math.min(minRetransmitNanos, Math.max(1, nanos)));
    }

    public LinkConfig withMinRetransmitNanos(long nanos) {
        return new LinkConfig(
                initialRetransmitNanos, maxRetransmitNanos, backoffMultiplier, maxRetransmissions, windowSize, nanos);
    }

    public LinkConfig withMaxRetransmissions(int rounds) {
        return new LinkConfig(
                initialRetransmitNanos, maxRetransmitNanos, backoffMultiplier, rounds, windowSize, minRetransmitNanos);
    }

    public LinkConfig withWindowSize(int messages) {
        return new LinkConfig(
                initialRetransmitNanos,
                maxRetransmitNanos,
                backoffMultiplier,
                maxRetransmissions,
                messages,
                minRetransmitNanos);
    }

    /** The wait after {@code current} when a retransmission brought no progress. */
    long backoff(long current) {
        double next = current * backoffMultiplier;
        return next >= maxRetransmitNanos ? maxRetransmitNanos : Math.max(current, (long) next);
    }
}
