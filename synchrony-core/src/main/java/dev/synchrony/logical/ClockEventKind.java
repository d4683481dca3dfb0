package dev.synchrony.logical;

/** The three kinds of event of the happened-before relation. */
public enum ClockEventKind {
    LOCAL,
    SEND,
    RECEIVE;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
