package dev.synchrony.core;

/**
 * A process's physical clock C(t). It runs at a rate dC/dt within [1 - rho, 1 + rho] of real time and can be
 * corrected in two ways: slewing (running a little faster or slower for a while; it never jumps and never runs
 * backwards) or, when asked explicitly, stepping (a jump, possibly backwards).
 */
public interface LocalClock {

    /**
     * Reads the clock.
     *
     * @return the clock's reading, in nanoseconds (not tied to any epoch)
     */
    long nanos();

    /**
     * Gradually applies {@code correctionNanos} (positive: advance) over {@code periodNanos} of real time.
     * A new slew replaces the part of an earlier one not yet applied. Implementations bound the rate change
     * so the clock keeps running forward.
     *
     * @param correctionNanos how far to move the clock in all, forward when positive
     * @param periodNanos over how much real time to spread it
     */
    void slew(long correctionNanos, long periodNanos);

    /**
     * Jumps the clock by {@code correctionNanos}. Time-ordered logs see the jump: prefer {@link #slew}.
     *
     * @param correctionNanos how far to jump, forward when positive
     */
    void step(long correctionNanos);
}
