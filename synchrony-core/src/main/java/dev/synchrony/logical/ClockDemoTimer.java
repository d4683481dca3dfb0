package dev.synchrony.logical;

/** The one timer of the logical-clock demos: time for this process's next random event. */
public enum ClockDemoTimer {
    /** Time for the next random event. */
    NEXT_EVENT
}
