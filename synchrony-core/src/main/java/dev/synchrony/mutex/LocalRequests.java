package dev.synchrony.mutex;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * The application's requests at one node: at most one is being served (asked for, or inside), the others wait
 * their turn here, so every algorithm below serves one request per process at a time. A release of a request
 * that is still being asked for cancels it: the node leaves at once when the grant comes.
 *
 * <p>A mutable value: {@link #copy()}, {@code equals} and {@code hashCode} cover all of it.
 */
final class LocalRequests {

    static final long NONE = -1;

    private long current = NONE;
    private boolean inside;
    private boolean cancelled;
    private long fencingToken = NONE;
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();

    /** The lecture's state of this process towards the critical section: released, wanted or held. */
    String mutexState() {
        if (current == NONE) {
            return "released";
        }
        return inside ? "held" : "wanted";
    }

    /** Requests queued behind the current one. */
    int waitingCount() {
        return waiting.size();
    }

    /** Queues {@code requestId}; true when it is now the current request (the caller starts asking for it). */
    boolean offer(long requestId) {
        if (requestId == current || waiting.contains(requestId)) {
            return false;
        }
        if (current == NONE) {
            current = requestId;
            return true;
        }
        waiting.add(requestId);
        return false;
    }

    /** What a release of {@code requestId} means here. */
    enum ReleaseKind {
        LEAVE,
        CANCEL_CURRENT,
        DROPPED_WAITING,
        UNKNOWN
    }

    ReleaseKind release(long requestId) {
        if (requestId == current && current != NONE) {
            if (inside) {
                return ReleaseKind.LEAVE;
            }
            cancelled = true;
            return ReleaseKind.CANCEL_CURRENT;
        }
        if (waiting.remove(requestId)) {
            return ReleaseKind.DROPPED_WAITING;
        }
        return ReleaseKind.UNKNOWN;
    }

    long current() {
        return current;
    }

    boolean asking() {
        return current != NONE && !inside;
    }

    boolean inside() {
        return inside;
    }

    boolean cancelled() {
        return cancelled;
    }

    long fencingToken() {
        return fencingToken;
    }

    void enter(long token) {
        if (current == NONE || inside) {
            throw new IllegalStateException("enter without a pending request (current " + current + ")");
        }
        inside = true;
        fencingToken = token;
    }

    /** Ends the current request; returns the next waiting one, which becomes current, or NONE. */
    long finish() {
        current = NONE;
        inside = false;
        cancelled = false;
        fencingToken = NONE;
        Long next = waiting.poll();
        if (next != null) {
            current = next;
            return next;
        }
        return NONE;
    }

    List<Long> waitingList() {
        return List.copyOf(waiting);
    }

    LocalRequests copy() {
        LocalRequests copy = new LocalRequests();
        copy.current = current;
        copy.inside = inside;
        copy.cancelled = cancelled;
        copy.fencingToken = fencingToken;
        copy.waiting.addAll(waiting);
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LocalRequests that
                && current == that.current
                && inside == that.inside
                && cancelled == that.cancelled
                && fencingToken == that.fencingToken
                && List.copyOf(waiting).equals(List.copyOf(that.waiting));
    }

    @Override
    public int hashCode() {
        return Objects.hash(current, inside, cancelled, fencingToken, List.copyOf(waiting));
    }

    @Override
    public String toString() {
        return "requests{current=" + current + (inside ? " inside" : "") + (cancelled ? " cancelled" : "")
                + ", waiting=" + waiting + "}";
    }
}
