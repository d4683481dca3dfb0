package dev.synchrony.logical;

/** The three kinds of event of the happened-before relation. */
public enum ClockEventKind {
    /** An event inside a process. */
    LOCAL,
    /** The sending of a message. */
    SEND,
    /** The receipt of a message. */
    RECEIVE;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
