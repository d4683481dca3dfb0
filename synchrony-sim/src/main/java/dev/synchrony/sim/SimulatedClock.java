package dev.synchrony.sim;

import dev.synchrony.core.LocalClock;
import java.util.function.LongSupplier;

/**
 * A drifting physical clock on virtual time: C(t) = reading at the last anchor + (t - anchor) * rate, where the
 * rate is the clock's own drift rate plus, while a slew lasts, the slew's extra rate. Slews are bounded to
 * +/- {@value #MAX_SLEW_RATE} so the clock never stops or runs backwards; a correction too big for the requested
 * period takes longer.
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

    /** The reading this clock shows at virtual time {@code real} (not before the last correction). */
    public double readingAt(long real) {
        long elapsed = real - anchorReal;
        double reading = anchorReading + elapsed * driftRate;
        if (slewUntilReal > anchorReal) {
            reading += (Math.min(real, slewUntilReal) - anchorReal) * slewRate;
        }
        return reading;
    }

    /** The clock's current rate dC/dt. */
    public double rate() {
        return driftRate + (realTime.getAsLong() < slewUntilReal ? slewRate : 0);
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
        if (Math.abs(rate) > MAX_SLEW_RATE * driftRate) {
            rate = Math.signum(rate) * MAX_SLEW_RATE * driftRate;
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
