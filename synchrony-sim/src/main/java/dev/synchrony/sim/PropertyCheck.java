package dev.synchrony.sim;

/** A property of an algorithm, checked from a run's trace (and, where needed, the nodes' final states). */
public interface PropertyCheck {

    /** A short name: {@code safety}, {@code total-order}, {@code clock-condition}. */
    String name();

    CheckResult check(RunResult run);
}
