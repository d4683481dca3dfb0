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

    public FencedResource(R resource) {
        this.resource = Objects.requireNonNull(resource);
    }

    /** Runs {@code access} on the resource if {@code token} is not older than every token seen. */
    public synchronized <T> T apply(long token, Function<? super R, T> access) {
        admit(token);
        return access.apply(resource);
    }

    public synchronized void accept(long token, Consumer<? super R> access) {
        admit(token);
        access.accept(resource);
    }

    /** Shorthand for {@code apply(grant.fencingToken(), access)}. */
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

    public synchronized long highestToken() {
        return highestToken;
    }

    /** How many accesses were refused as stale. */
    public synchronized long refused() {
        return refused;
    }
}
