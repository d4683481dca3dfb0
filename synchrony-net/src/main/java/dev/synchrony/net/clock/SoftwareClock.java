package dev.synchrony.net.clock;

import dev.synchrony.core.LocalClock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A member's physical clock in the network runtime: a software clock over {@link System#nanoTime()}, which
 * clock synchronization may slew or step without ever touching the machine's clock. It starts at the wall-clock
 * time (nanoseconds since the epoch) plus an optional offset, and runs at an optional drift rate, so a
 * demonstration can give members clocks that disagree the way the lecture's do.
 *
 * <p>Slews are bounded to +/- {@value #MAX_SLEW_RATE} of the rate so the clock never stops or runs backwards;
 * a correction too big for the requested period takes longer. Thread-safe: the node reads it on its event loop,
 * the application may read it from anywhere.
 */
public final class SoftwareClock implements LocalClock {

    /** The largest rate change a slew may use. */
    public static final double MAX_SLEW_RATE = 0.5;

    private final LongSupplier monotonic;
    private final double driftRate;
    private long anchorReal;
    /** The reading at the anchor, whole nanoseconds (epoch nanoseconds exceed a double's exact integers). */
    private long anchorReading;
    /** The fraction of a nanosecond of the reading at the anchor, in [0, 1). */
    private double anchorFraction;

    private double slewRate;
    private long slewUntilReal;

    /**
     * A clock that starts at the wall-clock time and runs at the rate of {@code System.nanoTime()}.
     *
     * @return a new clock with no drift and no offset
     */
    public static SoftwareClock system() {
        return new SoftwareClock(System::nanoTime, 1.0, 0);
    }

    /**
     * A clock that drifts at {@code driftRate} and starts {@code offsetNanos} off the wall-clock time: what a
     * demonstration of clock synchronization corrects.
     *
     * @param monotonic a monotonic nanosecond source (normally {@code System::nanoTime})
     * @param driftRate dC/dt relative to the source (1 for none)
     * @param offsetNanos added to the wall-clock time at creation
     * @throws IllegalArgumentException when the rate is not positive
     */
    public SoftwareClock(LongSupplier monotonic, double driftRate, long offsetNanos) {
        if (!(driftRate > 0)) {
            throw new IllegalArgumentException("a clock rate must be positive, got " + driftRate);
        }
        Instant wall = Instant.now();
        this.monotonic = monotonic;
        this.driftRate = driftRate;
        this.anchorReal = monotonic.getAsLong();
        this.anchorReading = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() + offsetNanos;
    }

    @Override
    public synchronized long nanos() {
        return anchorReading + Math.round(advanceAt(monotonic.getAsLong()));
    }

    /** How far the clock has advanced since the anchor at real time {@code real}, fraction included. */
    private double advanceAt(long real) {
        double advance = anchorFraction + (real - anchorReal) * driftRate;
        if (slewUntilReal > anchorReal) {
            advance += (Math.min(real, slewUntilReal) - anchorReal) * slewRate;
        }
        return advance;
    }

    /**
     * The clock's current rate dC/dt relative to the monotonic source.
     *
     * @return the drift rate, plus the slew rate while a slew is being applied
     */
    public synchronized double rate() {
        return driftRate + (monotonic.getAsLong() < slewUntilReal ? slewRate : 0);
    }

    @Override
    public synchronized void slew(long correctionNanos, long periodNanos) {
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
    public synchronized void step(long correctionNanos) {
        reanchor();
        anchorReading += correctionNanos;
        slewUntilReal = anchorReal;
    }

    /**
     * Monotonic (real) nanoseconds that pass while this clock advances by {@code localNanos}, at its current rate.
     *
     * @param localNanos a delay on this clock (a timer's)
     * @return the real delay to schedule it for
     */
    public long realDelayFor(long localNanos) {
        return (long) Math.ceil(localNanos / rate());
    }

    private void reanchor() {
        long now = monotonic.getAsLong();
        double advance = advanceAt(now);
        long whole = (long) Math.floor(advance);
        anchorReading += whole;
        anchorFraction = advance - whole;
        anchorReal = now;
    }
}
