package dev.synchrony.clocksync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NTP's clock filter (RFC 5905, section 10): the last {@value #SIZE} samples, of which the one with the least
 * delay is trusted, since a short round trip leaves little room for asymmetry (error at most delay / 2).
 *
 * <p>As in RFC 5905, a sample's error bound grows with its age, because the clocks drifted since it was taken
 * (the "dispersion"): a sample is ranked by delay / 2 + {@code driftRate} * age. With a drift rate of 0 this is
 * exactly "the least delay". Offsets of stored samples are reduced by every correction applied afterwards, so
 * each one keeps saying how far off the clock is now.
 *
 * <p>Value semantics: equals and hashCode cover the samples, in order.
 */
public final class NtpClockFilter {

    /** Samples kept: NTP's clock filter register holds eight. */
    public static final int SIZE = 8;

    private final List<NtpSample> samples;
    private final double driftRate;

    /**
     * An empty filter.
     *
     * @param driftRate the relative drift assumed between client and server (dimensionless, e.g. 1e-4)
     * @throws IllegalArgumentException when the rate is negative
     */
    public NtpClockFilter(double driftRate) {
        this(new ArrayList<>(), driftRate);
    }

    private NtpClockFilter(List<NtpSample> samples, double driftRate) {
        if (!(driftRate >= 0)) {
            throw new IllegalArgumentException("drift rate must be >= 0, got " + driftRate);
        }
        this.samples = samples;
        this.driftRate = driftRate;
    }

    /**
     * Keeps a new sample, dropping the oldest when {@value #SIZE} are kept.
     *
     * @param sample the exchange's sample
     */
    public void add(NtpSample sample) {
        if (samples.size() == SIZE) {
            samples.remove(0);
        }
        samples.add(sample);
    }

    /**
     * The sample with the smallest error bound at local time {@code nowNanos}; the newest wins ties.
     *
     * @param nowNanos the client's clock now
     * @return that sample, or empty when none is kept
     */
    public Optional<NtpSample> best(long nowNanos) {
        NtpSample best = null;
        double bestBound = Double.MAX_VALUE;
        for (NtpSample sample : samples) {
            double bound = errorBoundNanos(sample, nowNanos);
            if (bound <= bestBound) {
                best = sample;
                bestBound = bound;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * delay / 2 plus the drift since the sample was taken.
     *
     * @param sample a kept sample
     * @param nowNanos the client's clock now
     * @return how far off its offset may be now, in nanoseconds
     */
    public double errorBoundNanos(NtpSample sample, long nowNanos) {
        return sample.delayNanos() / 2.0 + driftRate * Math.max(0, nowNanos - sample.takenNanos());
    }

    /**
     * The clock was corrected by {@code correctionNanos}: every stored offset shrinks by it.
     *
     * @param correctionNanos the correction applied to the client's clock
     */
    public void corrected(long correctionNanos) {
        samples.replaceAll(sample -> sample.corrected(correctionNanos));
    }

    /**
     * The samples kept, oldest first.
     *
     * @return a copy of them
     */
    public List<NtpSample> samples() {
        return List.copyOf(samples);
    }

    /**
     * An independent filter with the same samples, for the copy of the client.
     *
     * @return the copy
     */
    public NtpClockFilter copy() {
        return new NtpClockFilter(new ArrayList<>(samples), driftRate);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NtpClockFilter that
                && samples.equals(that.samples)
                && Double.compare(driftRate, that.driftRate) == 0;
    }

    @Override
    public int hashCode() {
        return samples.hashCode() * 31 + Double.hashCode(driftRate);
    }
}
