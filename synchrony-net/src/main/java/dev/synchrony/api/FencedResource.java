package dev.synchrony.api;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A guard to put in front of a resource (a database, a file, a storage service) that lock holders or leaders
 * write to: every access carries the fencing token of the caller's {@link Grant} (or the term of its
 * leadership), and an access with a token lower than the highest seen is refused with a
 * {@link StaleTokenException}. A holder that lost its lock without knowing it (a GC pause, a partition) and then
 * writes is thereby stopped, because the next holder's token is higher (Kleppmann, "How to do distributed locking").
 *
 * <p>Accesses with the same token are allowed (one holder writing several times). Thread-safe: checks and
 * accesses run one at a time, so a stale access never interleaves with a newer one.
 *
 * @param <R> the resource guarded
 */
public final class FencedResource<R> {

    private final R resource;
    private long highestToken = Long.MIN_VALUE;
    private long refused;

    /**
     * Guards {@code resource}; no token has been seen yet, so the first access is admitted whatever its token.
     *
     * @param resource what the accesses reach, only through this guard from now on
     */
    public FencedResource(R resource) {
        this.resource = Objects.requireNonNull(resource);
    }

    /**
     * Runs {@code access} on the resource if {@code token} is not older than every token seen.
     *
     * @param <T> what the access returns
     * @param token the caller's fencing token (a grant's, or a leader's term)
     * @param access what to do with the resource
     * @return what {@code access} returned
     * @throws StaleTokenException when a higher token was seen before: the access did not run
     */
    public synchronized <T> T apply(long token, Function<? super R, T> access) {
        admit(token);
        return access.apply(resource);
    }

    /**
     * Runs {@code access} on the resource if {@code token} is not older than every token seen, for accesses that
     * return nothing.
     *
     * @param token the caller's fencing token (a grant's, or a leader's term)
     * @param access what to do with the resource
     * @throws StaleTokenException when a higher token was seen before: the access did not run
     */
    public synchronized void accept(long token, Consumer<? super R> access) {
        admit(token);
        access.accept(resource);
    }

    /**
     * Shorthand for {@code apply(grant.fencingToken(), access)}.
     *
     * @param <T> what the access returns
     * @param grant the caller's grant of the lock
     * @param access what to do with the resource
     * @return what {@code access} returned
     * @throws StaleTokenException when a higher token was seen before: the access did not run
     */
    public <T> T apply(Grant grant, Function<? super R, T> access) {
        return apply(grant.fencingToken(), access);
    }

    private void admit(long token) {
        if (token < highestToken) {
            refused++;
            throw new StaleTokenException(token, highestToken);
        }
        highestToken = token;
    }

    /**
     * The newest token an access carried: older ones are refused from now on.
     *
     * @return the highest token admitted, or {@code Long.MIN_VALUE} before the first access
     */
    public synchronized long highestToken() {
        return highestToken;
    }

    /**
     * How many accesses were refused as stale: each one a holder that had lost its lock without knowing it.
     *
     * @return the refusals so far
     */
    public synchronized long refused() {
        return refused;
    }
}
