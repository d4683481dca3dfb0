package dev.synchrony.api;

/** A {@link FencedResource} refused a write whose fencing token is older than one it has already seen. */
public final class StaleTokenException extends RuntimeException {

    /** The token the refused access carried. */
    private final long token;
    /** The higher token the resource had seen before. */
    private final long highest;

    /**
     * A refusal of {@code token}.
     *
     * @param token the token the refused access carried
     * @param highest the higher token the resource had seen before
     */
    public StaleTokenException(long token, long highest) {
        super("stale fencing token " + token + ": the resource has seen " + highest);
        this.token = token;
        this.highest = highest;
    }

    /**
     * The token of the refused access.
     *
     * @return that token
     */
    public long token() {
        return token;
    }

    /**
     * The token that made it stale: the newest holder's.
     *
     * @return the highest token the resource had seen
     */
    public long highest() {
        return highest;
    }
}
