package dev.synchrony.clocks;

/** How two events (or their vector timestamps) relate under happened-before. */
public enum CausalOrder {
    /** The first happened before the second. */
    BEFORE,
    /** The second happened before the first. */
    AFTER,
    /** Neither happened before the other. */
    CONCURRENT,
    /** The same timestamp: the same event. */
    EQUAL;

    public CausalOrder reversed() {
        return switch (this) {
            case BEFORE -> AFTER;
            case AFTER -> BEFORE;
            default -> this;
        };
    }
}
