package dev.synchrony.generals;

/** The one deadline of the Two Generals' problem: at dawn each general must attack or not. */
public enum GeneralsTimer {
    /** The deadline itself: the general decides now with the messages it has. */
    DAWN
}
