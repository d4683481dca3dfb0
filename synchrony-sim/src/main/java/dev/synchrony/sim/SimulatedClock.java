package dev.synchrony.sim;

import dev.synchrony.core.LocalClock;
import java.util.function.LongSupplier;

/**
 * A drifting physical clock on virtual time: C(t) = reading at the last anchor + (t - anchor) * rate, where the
 * rate is the clock's own drift rate plus, while a slew lasts, the slew's extra rate. Slews are bounded to
 * +/- {@value #MAX_SLEW_RATE} so the clock never stops or runs backwards; a correction too big for the requested
 * period takes longer.
 *
 * <p>Drift shapes: a constant rate (the default), or a rate that wanders ({@link #wander}): drift rate + A sin(2 pi
 * t / P + phase), like a crystal whose temperature changes, so that a synchronization algorithm cannot rely on
 * yesterday's rate. The reading is the exact integral of the rate.
 */
public final class SimulatedClock implements LocalClock {

    /** The largest rate change a slew may use (NTP's kernel discipline allows 500 ppm; we allow more, for demos). */
    public static final double MAX_SLEW_RATE = 0.5;

    private final LongSupplier realTime;
    private final double driftRate;
    private long anchorReal;
    private double anchorReading;
    private double slewRate;
    private long slewUntilReal;
    private double wanderAmplitude;
    private long wanderPeriodNanos;
    private double wanderPhase;

    /**
     * @param driftRate dC/dt without corrections (1 +/- rho; or e.g. 6 for a figure's clock ticking 6 per unit)
     * @param offsetNanos the reading at virtual time 0
     */
    public SimulatedClock(LongSupplier realTime, double driftRate, long offsetNanos) {
        if (!(driftRate > 0)) {
            throw new IllegalArgumentException("a clock rate must be positive, got " + driftRate);
        }
        this.realTime = realTime;
        this.driftRate = driftRate;
        this.anchorReal = realTime.getAsLong();
        this.anchorReading = offsetNanos + (anchorReal * driftRate);
    }

    @Override
    public long nanos() {
        return Math.round(readingAt(realTime.getAsLong()));
    }

    /**
     * Makes the rate wander: drift rate + {@code amplitude} sin(2 pi t / period + phase). Call before the clock is
     * read; the rate must stay positive.
     */
    public SimulatedClock wander(double amplitude, long periodNanos, double phaseRadians) {
        if (!(Math.abs(amplitude) < driftRate) || periodNanos <= 0) {
            throw new IllegalArgumentException("a wander needs |amplitude| < the rate " + driftRate
                    + " and a positive period, got " + amplitude + " and " + periodNanos + " ns");
        }
        double before = readingAt(anchorReal);
        this.wanderAmplitude = amplitude;
        this.wanderPeriodNanos = periodNanos;
        this.wanderPhase = phaseRadians;
        this.anchorReading = before;
        return this;
    }

    /** The integral of the wander term from the anchor to {@code real}. */
    private double wanderSince(long real) {
        if (wanderAmplitude == 0) {
            return 0;
        }
        double omega = 2 * Math.PI / wanderPeriodNanos;
        return wanderAmplitude
                / omega
                * (Math.cos(omega * anchorReal + wanderPhase) - Math.cos(omega * real + wanderPhase));
    }

    /** The reading this clock shows at virtual time {@code real} (not before the last correction). */
    public double readingAt(long real) {
        long elapsed = real - anchorReal;
        double reading = anchorReading + elapsed * driftRate + wanderSince(real);
        if (slewUntilReal > anchorReal) {
            reading += (Math.min(real, slewUntilReal) - anchorReal) * slewRate;
        }
        return reading;
    }

    /** The clock's current rate dC/dt. */
    public double rate() {
        long now = realTime.getAsLong();
        double wander = wanderAmplitude == 0
                ? 0
                : wanderAmplitude * Math.sin(2 * Math.PI / wanderPeriodNanos * now + wanderPhase);
        return driftRate + wander + (now < slewUntilReal ? slewRate : 0);
    }

    public double driftRate() {
        return driftRate;
    }

    @Override
    public void slew(long correctionNanos, long periodNanos) {
        reanchor();
        if (correctionNanos == 0) {
            slewUntilReal = anchorReal;
            return;
        }
        long period = Math.max(1, periodNanos);
        double rate = (double) correctionNanos / period;
        // Bounded by the slowest the clock may run, so that a negative slew never stops it.
        double slowest = driftRate - Math.abs(wanderAmplitude);
        if (Math.abs(rate) > MAX_SLEW_RATE * slowest) {
            rate = Math.signum(rate) * MAX_SLEW_RATE * slowest;
            period = (long) Math.ceil(Math.abs(correctionNanos / rate));
        }
        slewRate = rate;
        slewUntilReal = anchorReal + period;
    }

    @Override
    public void step(long correctionNanos) {
        reanchor();
        anchorReading += correctionNanos;
        slewUntilReal = anchorReal;
    }

    /** Real (virtual) time that passes while this clock advances by {@code localNanos}, at the current rate. */
    public long realDelayFor(long localNanos) {
        return (long) Math.ceil(localNanos / rate());
    }

    private void reanchor() {
        long now = realTime.getAsLong();
        anchorReading = readingAt(now);
        anchorReal = now;
    }
}
