package dev.synchrony.lease;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@link LeaseLock} member keeps while it leads one term: its heartbeat rounds and the lease they earned,
 * its grace period, the current holder with the leader's view of that holder's lease, the queue of requests, and
 * the grant counter of its fencing tokens. A mutable value ({@link #copy()}, {@code equals}, {@code hashCode}).
 *
 * <p>All times are readings of the leader's own clock.
 */
final class LeaderRole {

    /** One heartbeat round: when it was sent and who acknowledged it (the leader counts itself). */
    record Round(long sentAt, TreeSet<NodeId> acks) {
        Round copy() {
            return new Round(sentAt, new TreeSet<>(acks));
        }
    }

    /**
     * A granted request, until when (leader's clock) the leader must assume its holder may hold it, and the latest
     * of the holder's sends that the leader answered (a grant, a grant sent again, or a renewal).
     */
    record Holder(NodeId node, long requestId, long fencingToken, long expiresAt, long attempt) {}

    /** A waiting request and the latest attempt of it that reached the leader, with when it arrived. */
    record Waiter(NodeId node, long requestId, long attempt, long receivedAt) {}

    final long term;
    final long wonAt;
    private long round;
    private final TreeMap<Long, Round> rounds;
    private long leaseUntil;
    private boolean announced;
    private long grants;
    private Holder holder;
    private final List<Waiter> queue;

    LeaderRole(long term, long wonAt) {
        this(term, wonAt, 0, new TreeMap<>(), Long.MIN_VALUE, false, 0, null, new ArrayList<>());
    }

    private LeaderRole(
            long term,
            long wonAt,
            long round,
            TreeMap<Long, Round> rounds,
            long leaseUntil,
            boolean announced,
            long grants,
            Holder holder,
            List<Waiter> queue) {
        if (term >= (1L << 31)) {
            throw new IllegalStateException("term " + term + " no longer fits the fencing token's upper 31 bits");
        }
        this.term = term;
        this.wonAt = wonAt;
        this.round = round;
        this.rounds = rounds;
        this.leaseUntil = leaseUntil;
        this.announced = announced;
        this.grants = grants;
        this.holder = holder;
        this.queue = queue;
    }

    /** Starts a heartbeat round sent now; returns its number. */
    long startRound(NodeId self, long now) {
        round++;
        TreeSet<NodeId> acks = new TreeSet<>();
        acks.add(self);
        rounds.put(round, new Round(now, acks));
        return round;
    }

    /**
     * Counts {@code from}'s acknowledgement of round {@code number}. When a majority has acknowledged it, the lease
     * runs until that round's send time plus {@code leaseNanos}: every acknowledging member received the round
     * after it was sent, so each promise outlasts this lease (see docs/lease-lock.md). Returns whether the lease
     * grew.
     */
    boolean acknowledge(long number, NodeId from, int majority, long leaseNanos) {
        Round acked = rounds.get(number);
        if (acked == null) {
            return false;
        }
        acked.acks().add(from);
        if (acked.acks().size() < majority) {
            return false;
        }
        rounds.headMap(number, true).clear(); // older rounds can only earn a shorter lease
        long until = acked.sentAt() + leaseNanos;
        if (until <= leaseUntil) {
            return false;
        }
        leaseUntil = until;
        return true;
    }

    /** Forgets rounds sent so long ago that a majority acknowledging them now would earn no lease. */
    void forgetRoundsBefore(long sentBefore) {
        rounds.values().removeIf(r -> r.sentAt() < sentBefore);
    }

    boolean leaseValid(long now) {
        return now < leaseUntil;
    }

    long leaseUntil() {
        return leaseUntil;
    }

    /** Whether it may grant now: under a valid lease and past its grace period. */
    boolean mayGrant(long now, long graceNanos) {
        return leaseValid(now) && now - wonAt >= graceNanos;
    }

    boolean announced() {
        return announced;
    }

    void announce() {
        announced = true;
    }

    Holder holder() {
        return holder;
    }

    /** Drops a holder whose lease has run out on the leader's clock, so the next may be granted. */
    void expireHolder(long now) {
        if (holder != null && now >= holder.expiresAt()) {
            holder = null;
        }
    }

    /** Grants to {@code waiter}: a fresh fencing token, {@code (term << 32) | counter}. */
    Holder grant(Waiter waiter, long now, long grantLeaseNanos) {
        grants++;
        if (grants >= (1L << 32)) {
            throw new IllegalStateException("term " + term + " ran out of fencing tokens");
        }
        holder = new Holder(
                waiter.node(), waiter.requestId(), (term << 32) | grants, now + grantLeaseNanos, waiter.attempt());
        return holder;
    }

    /** Extends the current holder's lease from now, answering its send {@code attempt} (a renewal, a grant again). */
    void extendHolder(long now, long grantLeaseNanos, long attempt) {
        holder = new Holder(
                holder.node(),
                holder.requestId(),
                holder.fencingToken(),
                Math.max(holder.expiresAt(), now + grantLeaseNanos),
                Math.max(holder.attempt(), attempt));
    }

    /**
     * Whether a release of {@code token} from {@code node}, sent after its send {@code attempt}, ends the current
     * grant. A release older than the latest send the leader answered is a hand-back of an answer that arrived too
     * late, while a newer answer with the same token may be the one the holder is using: it must not end the grant.
     */
    boolean releases(NodeId node, long requestId, long token, long attempt) {
        return holds(node, requestId) && holder.fencingToken() == token && attempt >= holder.attempt();
    }

    boolean holds(NodeId node, long requestId) {
        return holder != null && holder.node().equals(node) && holder.requestId() == requestId;
    }

    void releaseHolder() {
        holder = null;
    }

    /** Queues a request, or notes a newer attempt of one already queued (it keeps its place). */
    void enqueue(NodeId node, long requestId, long attempt, long now) {
        for (int i = 0; i < queue.size(); i++) {
            Waiter waiter = queue.get(i);
            if (waiter.node().equals(node) && waiter.requestId() == requestId) {
                if (attempt > waiter.attempt()) {
                    queue.set(i, new Waiter(node, requestId, attempt, now));
                }
                return;
            }
        }
        queue.add(new Waiter(node, requestId, attempt, now));
    }

    void withdraw(NodeId node, long requestId) {
        queue.removeIf(w -> w.node().equals(node) && w.requestId() == requestId);
    }

    /**
     * The next request to grant, dropping those not repeated within {@code staleNanos}: their requester has gone
     * quiet (crashed, withdrew, or follows another leader), and a grant answering an old attempt would reach it
     * with little or no lease left.
     */
    Waiter nextWaiter(long now, long staleNanos) {
        queue.removeIf(w -> now - w.receivedAt() > staleNanos);
        return queue.isEmpty() ? null : queue.removeFirst();
    }

    List<NodeId> queued() {
        return queue.stream().map(Waiter::node).toList();
    }

    LeaderRole copy() {
        TreeMap<Long, Round> roundsCopy = new TreeMap<>();
        rounds.forEach((number, r) -> roundsCopy.put(number, r.copy()));
        return new LeaderRole(
                term, wonAt, round, roundsCopy, leaseUntil, announced, grants, holder, new ArrayList<>(queue));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LeaderRole that
                && term == that.term
                && wonAt == that.wonAt
                && round == that.round
                && rounds.equals(that.rounds)
                && leaseUntil == that.leaseUntil
                && announced == that.announced
                && grants == that.grants
                && Objects.equals(holder, that.holder)
                && queue.equals(that.queue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(term, wonAt, round, rounds, leaseUntil, announced, grants, holder, queue);
    }

    @Override
    public String toString() {
        return "leader{term=" + term + ", lease until " + leaseUntil + ", grants=" + grants
                + (holder == null ? "" : ", holder=" + holder) + ", queue=" + queue + "}";
    }
}
