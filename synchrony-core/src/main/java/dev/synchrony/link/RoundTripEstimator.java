package dev.synchrony.link;

import java.util.Objects;

/**
 * The retransmission timeout of one link, estimated from measured round trips as TCP does (Jacobson and Karels'
 * smoothed round trip and mean deviation, as specified for TCP in RFC 6298), with exponential backoff while
 * retransmissions bring no progress.
 *
 * <p>Before the first sample the timeout is {@link LinkConfig#initialRetransmitNanos()}, unless the link starts from
 * another link's estimate ({@link #startFrom}). The first sample R sets
 * SRTT = R and RTTVAR = R/2; each later one sets RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|, then SRTT = 7/8 SRTT + 1/8 R.
 * The timeout is SRTT + max(G, K RTTVAR), G being {@link LinkConfig#minRetransmitNanos()}, clamped to [G,
 * {@link LinkConfig#maxRetransmitNanos()}]: the floor keeps a scheduler pause of a loaded machine from looking like
 * a loss on a link whose round trip is tens of microseconds.
 *
 * <p>K is RFC 6298's 4 unless the link has learnt otherwise ({@link DeviationWeight}).
 *
 * <p>Samples come from the timestamps the link's frames carry and its acknowledgements echo (RFC 7323), so a
 * frame sent several times is measured from the copy that was answered; Karn's rule, which discards such frames
 * because their acknowledgement is ambiguous, is not needed. Karn's other half, keeping the backed-off wait until
 * a valid sample, is not applied either: {@link #progress} returns to the estimate, as the fixed wait used to
 * return to 25 ms. Kept until a sample, the backoff made loss recovery much slower in the simulator (10% loss, 30
 * seeds: total order's mean delivery latency 1.48x and p99 2.79x the fixed wait's), because losses come faster
 * than samples.
 *
 * <p>Value semantics ({@link #copy()}, {@code equals}) because the link's state is compared by the explorer.
 */
final class RoundTripEstimator {

    /** SRTT value meaning "no sample yet". */
    private static final long NONE = -1;

    private static final long MAX_FLIGHT = 1 << 16;

    private final LinkConfig config;
    private long smoothedNanos = NONE;
    private long deviationNanos;
    private long backedOffNanos;
    /** K, shared with the process's other links (it is the link's, not a copy: see {@link #copy(DeviationWeight)}). */
    private final DeviationWeight weight;

    /** An estimator with RFC 6298's K = 4 for ever (for tests and a link of its own). */
    RoundTripEstimator(LinkConfig config) {
        this(config, new DeviationWeight());
    }

    RoundTripEstimator(LinkConfig config, DeviationWeight weight) {
        this.config = Objects.requireNonNull(config, "config");
        this.weight = Objects.requireNonNull(weight, "weight");
        this.backedOffNanos = config.initialRetransmitNanos();
    }

    /** Feeds one measured round trip with RFC 6298's full gains (negative readings are ignored). */
    void sample(long roundTripNanos) {
        sample(roundTripNanos, 1, 1);
    }

    /**
     * Feeds one measured round trip, taken from an acknowledgement that covered {@code acknowledged} of the
     * {@code inFlight} frames that were unacknowledged, with the gains scaled by that share (RFC 7323, appendix G):
     * the acknowledgements of one window of frames move the estimate as much as one sample per round trip would,
     * which is what RFC 6298's gains are made for. Without the scaling, a window of 64 frames sent together and
     * answered together gave 64 equal samples that shrank RTTVAR by (3/4)^64 to nothing, so the wait fell to SRTT
     * plus the floor, and the next window, queued a little longer, was taken for lost (measured on loopback under
     * load: most timeouts fired with RTTVAR under 1% of SRTT, and the acknowledgement came at a median 2.75 SRTT).
     * Negative readings, from a clock stepped back, are ignored.
     */
    void sample(long roundTripNanos, long acknowledged, long inFlight) {
        if (roundTripNanos < 0) {
            return;
        }
        if (smoothedNanos == NONE) {
            smoothedNanos = roundTripNanos;
            deviationNanos = roundTripNanos / 2;
        } else {
            // (Windows beyond 2^16 frames are weighed as 2^16, which keeps the products below far from overflow.)
            long flight = Math.min(MAX_FLIGHT, Math.max(1, inFlight));
            long share = Math.max(1, Math.min(acknowledged, flight));
            // RTTVAR = (1 - b) RTTVAR + b |SRTT - R| and SRTT = (1 - a) SRTT + a R with b = share / 4 flight and
            // a = share / 8 flight; for one frame of one that is (3 RTTVAR + |SRTT - R|) / 4 and (7 SRTT + R) / 8.
            deviationNanos = (deviationNanos * (4 * flight - share) + Math.abs(smoothedNanos - roundTripNanos) * share)
                    / (4 * flight);
            smoothedNanos = (smoothedNanos * (8 * flight - share) + roundTripNanos * share) / (8 * flight);
        }
        backedOffNanos = baseTimeoutNanos();
    }

    /**
     * Starts from {@code other}'s estimate while this link has measured nothing: the process's other links cross
     * the same network, a better first guess than the configured wait, and the first sample then moves the estimate
     * as any later one does instead of setting RTTVAR to half of itself (RFC 6298's start, whose wait of 3 R lasted
     * much of a sparse link's run in the simulator). A peer farther away than the others is soon learnt: its first
     * sample raises the wait past its round trip (RTTVAR takes a quarter of the difference, times K).
     */
    void startFrom(RoundTripEstimator other) {
        if (smoothedNanos == NONE && other.smoothedNanos != NONE) {
            smoothedNanos = other.smoothedNanos;
            deviationNanos = other.deviationNanos;
            backedOffNanos = baseTimeoutNanos();
        }
    }

    /** Whether a round trip has been measured (or taken from another link, {@link #startFrom}). */
    boolean measured() {
        return smoothedNanos != NONE;
    }

    /**
     * The wait for a lone frame: the timeout, but no more than two smoothed round trips (the probe timeout of RFC
     * 8985's tail loss probe), and no less than SRTT plus the floor. With one frame in flight no later frame can
     * overtake it and trigger a fast retransmit, so the timer is the only way its loss is found; a reordering tail
     * that lifted RTTVAR should not make every lone loss wait for it. (Measured in the simulator at 10% loss:
     * causal order's links carry single frames, and their p99 delivery latency was 1.17 times a fixed 25 ms wait's.)
     */
    long loneFrameTimeoutNanos() {
        if (smoothedNanos == NONE) {
            return backedOffNanos;
        }
        long probe = Math.max(smoothedNanos + config.minRetransmitNanos(), 2 * smoothedNanos);
        return Math.min(backedOffNanos, probe);
    }

    /** The peer acknowledged new data: it is alive, so the wait returns to the estimate (see the class comment). */
    void progress() {
        backedOffNanos = baseTimeoutNanos();
    }

    /** A retransmission timer fired: the next wait is longer, up to the bound, until the next sample. */
    void backoff() {
        backedOffNanos = config.backoff(backedOffNanos);
    }

    /** Forgets the backoff: the link starts a fresh stream. */
    void clearBackoff() {
        backedOffNanos = baseTimeoutNanos();
    }

    /** How long to wait for an acknowledgement before retransmitting. */
    long timeoutNanos() {
        return backedOffNanos;
    }

    /** The smoothed round trip, or -1 before any sample. */
    long smoothedNanos() {
        return smoothedNanos;
    }

    /** The smoothed mean deviation of the round trip (0 before any sample). */
    long deviationNanos() {
        return deviationNanos;
    }

    /** SRTT + 4 RTTVAR clamped, or the configured first wait while nothing has been measured. */
    private long baseTimeoutNanos() {
        if (smoothedNanos == NONE) {
            return config.initialRetransmitNanos();
        }
        // RFC 6298's SRTT + max(G, K RTTVAR), with the floor as G: a run of steady samples must not shrink the
        // margin above SRTT to nothing, or the next slower round trip is taken for a loss.
        long estimate = smoothedNanos + Math.max(config.minRetransmitNanos(), weight.quarters() * deviationNanos / 4);
        return Math.min(config.maxRetransmitNanos(), Math.max(config.minRetransmitNanos(), estimate));
    }

    /** A copy that reads K from {@code weight} (the copied link's own). */
    RoundTripEstimator copy(DeviationWeight weight) {
        RoundTripEstimator copy = new RoundTripEstimator(config, weight);
        copy.smoothedNanos = smoothedNanos;
        copy.deviationNanos = deviationNanos;
        copy.backedOffNanos = backedOffNanos;
        return copy;
    }

    RoundTripEstimator copy() {
        return copy(weight.copy());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoundTripEstimator that
                && smoothedNanos == that.smoothedNanos
                && deviationNanos == that.deviationNanos
                && backedOffNanos == that.backedOffNanos
                && weight.equals(that.weight);
    }

    @Override
    public int hashCode() {
        return Objects.hash(smoothedNanos, deviationNanos, backedOffNanos, weight);
    }

    @Override
    public String toString() {
        return "RTO " + backedOffNanos + " ns (SRTT " + smoothedNanos + ", RTTVAR " + deviationNanos + ", " + weight
                + ")";
    }
}
