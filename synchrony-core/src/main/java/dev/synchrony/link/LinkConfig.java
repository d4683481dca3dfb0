package dev.synchrony.link;

/**
 * Parameters of {@link ReliableFifoLink}.
 *
 * @param initialRetransmitNanos wait before the first retransmission (and again after every acknowledged
 *     progress); should exceed a round trip
 * @param maxRetransmitNanos the backoff doubles the wait up to this bound
 * @param backoffMultiplier factor applied to the wait after each retransmission without progress (&gt;= 1)
 * @param maxRetransmissions retransmission rounds without any acknowledged progress before the link gives up on
 *     the unacknowledged messages to that peer (it then starts a fresh stream); {@link Integer#MAX_VALUE} never
 *     gives up
 * @param windowSize at most this many unacknowledged messages per peer are on the wire; later ones wait
 */
public record LinkConfig(
        long initialRetransmitNanos,
        long maxRetransmitNanos,
        double backoffMultiplier,
        int maxRetransmissions,
        int windowSize) {

    /** 25 ms first wait, doubling to 1 s, 16 rounds without progress (about 11 s), 64 messages in flight. */
    public static final LinkConfig DEFAULT = new LinkConfig(25_000_000L, 1_000_000_000L, 2.0, 16, 64);

    public LinkConfig {
        if (initialRetransmitNanos <= 0) {
            throw new IllegalArgumentException("link initialRetransmitNanos must be positive, got " + initialRetransmitNanos);
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
    }

    public LinkConfig withInitialRetransmitNanos(long nanos) {
        return new LinkConfig(nanos, Math.max(nanos, maxRetransmitNanos), backoffMultiplier, maxRetransmissions, windowSize);
    }

    public LinkConfig withMaxRetransmitNanos(long nanos) {
        return new LinkConfig(initialRetransmitNanos, nanos, backoffMultiplier, maxRetransmissions, windowSize);
    }

    public LinkConfig withMaxRetransmissions(int rounds) {
        return new LinkConfig(initialRetransmitNanos, maxRetransmitNanos, backoffMultiplier, rounds, windowSize);
    }

    public LinkConfig withWindowSize(int messages) {
        return new LinkConfig(initialRetransmitNanos, maxRetransmitNanos, backoffMultiplier, maxRetransmissions, messages);
    }

    /** The wait after {@code current} when a retransmission brought no progress. */
    long backoff(long current) {
        double next = current * backoffMultiplier;
        return next >= maxRetransmitNanos ? maxRetransmitNanos : Math.max(current, (long) next);
    }
}
