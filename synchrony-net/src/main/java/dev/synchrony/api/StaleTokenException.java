package dev.synchrony.api;

/** A {@link FencedResource} refused a write whose fencing token is older than one it has already seen. */
public final class StaleTokenException extends RuntimeException {

    private final long token;
    private final long highest;

    public StaleTokenException(long token, long highest) {
        super("stale fencing token " + token + ": the resource has seen " + highest);
        this.token = token;
        this.highest = highest;
    }

    public long token() {
        return token;
    }

    public long highest() {
        return highest;
    }
}
