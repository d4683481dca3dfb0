package dev.synchrony.api;

/**
 * A listener's registration: closing it removes the listener (idempotent). Returned by every
 * {@code addListener} of the API so a listener can be removed without keeping a reference to the service.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Removes the listener; it hears nothing after this returns, except a call already running on the loop. */
    @Override
    void close();
}
