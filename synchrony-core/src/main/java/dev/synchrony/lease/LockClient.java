package dev.synchrony.lease;

import dev.synchrony.core.NodeId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@link LeaseLock} member keeps about its application's own requests: the one being served (asked for, or
 * held under a lease), the others waiting their turn, and the requests reported lost that the application has not
 * released yet. A mutable value ({@link #copy()}, {@code equals}, {@code hashCode}).
 *
 * <p>Each time the member sends the current request or a renewal it numbers the attempt and notes when it sent
 * it, on its own clock: a grant or renewal names the attempt it answers, and the lease runs from that send time,
 * never from the arrival of the answer. Times are readings of this member's clock.
 */
final class LockClient {

    static final long NONE = -1;

    enum Phase {
        IDLE,
        ASKING,
        INSIDE
    }

    private final long firstAttempt;
    private long current = NONE;
    private Phase phase = Phase.IDLE;
    private long attempt;
    private final TreeMap<Long, Long> attemptSentAt = new TreeMap<>();
    private long lastSentAt = Long.MIN_VALUE;
    // The grant held (phase INSIDE).
    private NodeId grantor;
    private long grantTerm;
    private long fencingToken;
    private long expiresAt;
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();
    private final TreeSet<Long> lost = new TreeSet<>();
    private final List<PendingRelease> releases = new ArrayList<>();

    /**
     * A release sent to {@code to} and not yet acknowledged: repeated each renewal period, since a lost release
     * would hold the lock at the leader until the grant's lease ran out there; dropped once acknowledged or once
     * that lease is over anyway.
     */
    record PendingRelease(NodeId to, long requestId, long fencingToken, long attempt, long leftAt, long sentAt) {}

    /**
     * A client of one lock whose sends get numbers above {@code firstAttempt}: the member numbers the sends of all
     * its locks from one counter, starting at {@code incarnation << 32} (see {@link Incarnation}).
     */
    LockClient(long firstAttempt) {
        this.firstAttempt = firstAttempt;
        this.attempt = firstAttempt;
    }

    /** Nothing to remember: no request, none waiting or lost, no release to repeat. The member may drop it. */
    boolean idle() {
        return phase == Phase.IDLE && waiting.isEmpty() && lost.isEmpty() && releases.isEmpty();
    }

    /** Queues {@code requestId}; true when it becomes the current request (the caller starts asking for it). */
    boolean offer(long requestId) {
        if (requestId == current || waiting.contains(requestId) || lost.contains(requestId)) {
            return false;
        }
        if (current == NONE) {
            start(requestId);
            return true;
        }
        waiting.add(requestId);
        return false;
    }

    private void start(long requestId) {
        current = requestId;
        phase = Phase.ASKING;
        attemptSentAt.clear();
        lastSentAt = Long.MIN_VALUE;
    }

    /**
     * Notes attempt {@code number} (a request or a renewal, numbered by the member) sent now; forgets attempts sent
     * before {@code forgetBefore}.
     */
    long newAttempt(long number, long now, long forgetBefore) {
        attempt = number;
        attemptSentAt.put(attempt, now);
        attemptSentAt.values().removeIf(sentAt -> sentAt < forgetBefore);
        lastSentAt = now;
        return attempt;
    }

    /** Notes that the current request could not be sent now (no leader known): try again a period later. */
    void deferred(long now) {
        lastSentAt = now;
    }

    /** When attempt {@code number} was sent, or null if it was never sent by this request or is forgotten. */
    Long sentAt(long number) {
        return attemptSentAt.get(number);
    }

    /** The number of the latest send (request or renewal) of this client. */
    long latestAttempt() {
        return attempt;
    }

    long lastSentAt() {
        return lastSentAt;
    }

    void enter(NodeId from, long term, long token, long until) {
        phase = Phase.INSIDE;
        grantor = from;
        grantTerm = term;
        fencingToken = token;
        expiresAt = until;
    }

    void extend(long until) {
        expiresAt = Math.max(expiresAt, until);
    }

    /** Ends the current request; returns the next waiting one, which becomes current (asking), or NONE. */
    long finish() {
        current = NONE;
        phase = Phase.IDLE;
        grantor = null;
        grantTerm = 0;
        fencingToken = 0;
        expiresAt = 0;
        attemptSentAt.clear();
        Long next = waiting.poll();
        if (next == null) {
            return NONE;
        }
        start(next);
        return next;
    }

    void markLost(long requestId) {
        lost.add(requestId);
    }

    void releaseSent(NodeId to, long requestId, long token, long latest, long now) {
        releases.add(new PendingRelease(to, requestId, token, latest, now, now));
    }

    /** The releases to send again now (noting them as sent), after dropping those older than {@code keepNanos}. */
    List<PendingRelease> releasesDue(long now, long periodNanos, long keepNanos) {
        releases.removeIf(r -> now - r.leftAt() >= keepNanos);
        List<PendingRelease> due = new ArrayList<>();
        for (int i = 0; i < releases.size(); i++) {
            PendingRelease release = releases.get(i);
            if (now - release.sentAt() >= periodNanos) {
                due.add(release);
                releases.set(
                        i,
                        new PendingRelease(
                                release.to(),
                                release.requestId(),
                                release.fencingToken(),
                                release.attempt(),
                                release.leftAt(),
                                now));
            }
        }
        return due;
    }

    /**
     * {@code from} answered this lock's releases up to {@code token}: stop repeating those sent to it. Cumulative is
     * safe because {@code from} granted that token only after every smaller one of this lock had stopped being its
     * holder (one holder per lock at a time, tokens growing), so a repeat of those could end nothing there.
     */
    void releasesAcknowledged(NodeId from, long token) {
        releases.removeIf(r -> r.to().equals(from) && r.fencingToken() <= token);
    }

    /** Whether {@code requestId} was reported lost and not yet released; forgets it. */
    boolean forgetLost(long requestId) {
        return lost.remove(requestId);
    }

    boolean dropWaiting(long requestId) {
        return waiting.remove(requestId);
    }

    long current() {
        return current;
    }

    Phase phase() {
        return phase;
    }

    boolean inside() {
        return phase == Phase.INSIDE;
    }

    boolean asking() {
        return phase == Phase.ASKING;
    }

    NodeId grantor() {
        return grantor;
    }

    long grantTerm() {
        return grantTerm;
    }

    long fencingToken() {
        return fencingToken;
    }

    long expiresAt() {
        return expiresAt;
    }

    List<Long> waitingList() {
        return List.copyOf(waiting);
    }

    LockClient copy() {
        LockClient copy = new LockClient(firstAttempt);
        copy.current = current;
        copy.phase = phase;
        copy.attempt = attempt;
        copy.attemptSentAt.putAll(attemptSentAt);
        copy.lastSentAt = lastSentAt;
        copy.grantor = grantor;
        copy.grantTerm = grantTerm;
        copy.fencingToken = fencingToken;
        copy.expiresAt = expiresAt;
        copy.waiting.addAll(waiting);
        copy.lost.addAll(lost);
        copy.releases.addAll(releases);
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LockClient that
                && firstAttempt == that.firstAttempt
                && current == that.current
                && phase == that.phase
                && attempt == that.attempt
                && attemptSentAt.equals(that.attemptSentAt)
                && lastSentAt == that.lastSentAt
                && Objects.equals(grantor, that.grantor)
                && grantTerm == that.grantTerm
                && fencingToken == that.fencingToken
                && expiresAt == that.expiresAt
                && List.copyOf(waiting).equals(List.copyOf(that.waiting))
                && lost.equals(that.lost)
                && releases.equals(that.releases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                firstAttempt,
                current,
                phase,
                attempt,
                attemptSentAt,
                lastSentAt,
                grantor,
                grantTerm,
                fencingToken,
                expiresAt,
                List.copyOf(waiting),
                lost,
                releases);
    }

    @Override
    public String toString() {
        return "client{" + (current == NONE ? "idle" : phase + " " + current)
                + (inside() ? " token " + fencingToken + " until " + expiresAt : "") + ", waiting=" + waiting + "}";
    }
}
