package dev.synchrony.core;

/**
 * A process's physical clock C(t). It runs at a rate dC/dt within [1 - rho, 1 + rho] of real time and can be
 * corrected in two ways: slewing (running a little faster or slower for a while; it never jumps and never runs
 * backwards) or, when asked explicitly, stepping (a jump, possibly backwards).
 */
public interface LocalClock {

    /** The clock's reading, in nanoseconds. */
    long nanos();

    /**
     * Gradually applies {@code correctionNanos} (positive: advance) over {@code periodNanos} of real time.
     * A new slew replaces the part of an earlier one not yet applied. Implementations bound the rate change
     * so the clock keeps running forward.
     */
    void slew(long correctionNanos, long periodNanos);

    /** Jumps the clock by {@code correctionNanos}. Time-ordered logs see the jump: prefer {@link #slew}. */
    void step(long correctionNanos);
}
