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

    /**
     * The same relation seen from the other event: what "b to a" is when this is "a to b".
     *
     * @return {@link #AFTER} for {@link #BEFORE} and the other way round; the others unchanged
     */
    public CausalOrder reversed() {
        return switch (this) {
            case BEFORE -> AFTER;
            case AFTER -> BEFORE;
            default -> this;
        };
    }
}
