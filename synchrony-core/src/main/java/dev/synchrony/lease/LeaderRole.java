package dev.synchrony.lease;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@link LeaseLock} member keeps while it leads one term: its heartbeat rounds and the lease they earned,
 * its grace period, for each lock in use its current holder (with the leader's view of that holder's lease) and
 * its queue of requests, and the one grant counter of the term's fencing tokens. A lock with neither holder nor
 * waiter is forgotten. A mutable value ({@link #copy()}, {@code equals}, {@code hashCode}).
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

    /** One lock's state at the leader: its holder (or null) and its queue of waiting requests. */
    static final class LockState {
        Holder holder;
        final List<Waiter> queue;

        LockState(Holder holder, List<Waiter> queue) {
            this.holder = holder;
            this.queue = queue;
        }

        boolean idle() {
            return holder == null && queue.isEmpty();
        }

        LockState copy() {
            return new LockState(holder, new ArrayList<>(queue));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LockState that && Objects.equals(holder, that.holder) && queue.equals(that.queue);
        }

        @Override
        public int hashCode() {
            return Objects.hash(holder, queue);
        }

        @Override
        public String toString() {
            return (holder == null ? "free" : "holder=" + holder) + ", queue=" + queue;
        }
    }

    private static final LockState FREE = new LockState(null, List.of());

    final long term;
    final long wonAt;
    private long round;
    private final TreeMap<Long, Round> rounds;
    private long leaseUntil;
    private boolean announced;
    // One counter for every lock of the term: a lock dropped while idle and made again later still gets tokens
    // above all it had, since they all come from this counter (and, across terms, from the term in the upper bits).
    private long grants;
    private final TreeMap<String, LockState> locks;

    LeaderRole(long term, long wonAt) {
        this(term, wonAt, 0, new TreeMap<>(), Long.MIN_VALUE, false, 0, new TreeMap<>());
    }

    private LeaderRole(
            long term,
            long wonAt,
            long round,
            TreeMap<Long, Round> rounds,
            long leaseUntil,
            boolean announced,
            long grants,
            TreeMap<String, LockState> locks) {
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
        this.locks = locks;
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

    /** The names of the locks with a holder or a waiting request, in order. */
    List<String> lockNames() {
        return List.copyOf(locks.keySet());
    }

    /** How many locks the leader keeps state for (the others are free with nobody waiting, and forgotten). */
    int locksInMemory() {
        return locks.size();
    }

    private LockState state(String lock) {
        return locks.getOrDefault(lock, FREE);
    }

    private LockState made(String lock) {
        return locks.computeIfAbsent(lock, l -> new LockState(null, new ArrayList<>()));
    }

    /** Forgets {@code lock} if it has neither holder nor waiter: memory follows the locks in use. */
    private void tidy(String lock) {
        LockState state = locks.get(lock);
        if (state != null && state.idle()) {
            locks.remove(lock);
        }
    }

    Holder holder(String lock) {
        return state(lock).holder;
    }

    /** Drops a holder of {@code lock} whose lease has run out on the leader's clock, so the next may be granted. */
    void expireHolder(String lock, long now) {
        LockState state = locks.get(lock);
        if (state != null && state.holder != null && now >= state.holder.expiresAt()) {
            state.holder = null;
            tidy(lock);
        }
    }

    /** Grants {@code lock} to {@code waiter}: a fresh fencing token, {@code (term << 32) | counter}. */
    Holder grant(String lock, Waiter waiter, long now, long grantLeaseNanos) {
        grants++;
        if (grants >= (1L << 32)) {
            throw new IllegalStateException("term " + term + " ran out of fencing tokens");
        }
        Holder holder = new Holder(
                waiter.node(), waiter.requestId(), (term << 32) | grants, now + grantLeaseNanos, waiter.attempt());
        made(lock).holder = holder;
        return holder;
    }

    /** Extends the current holder's lease from now, answering its send {@code attempt} (a renewal, a grant again). */
    void extendHolder(String lock, long now, long grantLeaseNanos, long attempt) {
        LockState state = made(lock);
        Holder holder = state.holder;
        state.holder = new Holder(
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
    boolean releases(String lock, NodeId node, long requestId, long token, long attempt) {
        Holder holder = holder(lock);
        return holds(lock, node, requestId) && holder.fencingToken() == token && attempt >= holder.attempt();
    }

    boolean holds(String lock, NodeId node, long requestId) {
        Holder holder = holder(lock);
        return holder != null && holder.node().equals(node) && holder.requestId() == requestId;
    }

    void releaseHolder(String lock) {
        LockState state = locks.get(lock);
        if (state != null) {
            state.holder = null;
            tidy(lock);
        }
    }

    /** Queues a request, or notes a newer attempt of one already queued (it keeps its place). */
    void enqueue(String lock, NodeId node, long requestId, long attempt, long now) {
        List<Waiter> queue = made(lock).queue;
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

    void withdraw(String lock, NodeId node, long requestId) {
        LockState state = locks.get(lock);
        if (state != null) {
            state.queue.removeIf(w -> w.node().equals(node) && w.requestId() == requestId);
            tidy(lock);
        }
    }

    /**
     * The next request to grant {@code lock} to, dropping those not repeated within {@code staleNanos}: their
     * requester has gone quiet (crashed, withdrew, or follows another leader), and a grant answering an old
     * attempt would reach it with little or no lease left.
     */
    Waiter nextWaiter(String lock, long now, long staleNanos) {
        LockState state = locks.get(lock);
        if (state == null) {
            return null;
        }
        state.queue.removeIf(w -> now - w.receivedAt() > staleNanos);
        Waiter next = state.queue.isEmpty() ? null : state.queue.removeFirst();
        tidy(lock);
        return next;
    }

    /** The members whose requests wait, for every lock in name order. */
    List<NodeId> queued() {
        return locks.values().stream()
                .flatMap(state -> state.queue.stream())
                .map(Waiter::node)
                .toList();
    }

    LeaderRole copy() {
        TreeMap<Long, Round> roundsCopy = new TreeMap<>();
        rounds.forEach((number, r) -> roundsCopy.put(number, r.copy()));
        TreeMap<String, LockState> locksCopy = new TreeMap<>();
        locks.forEach((name, state) -> locksCopy.put(name, state.copy()));
        return new LeaderRole(term, wonAt, round, roundsCopy, leaseUntil, announced, grants, locksCopy);
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
                && locks.equals(that.locks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(term, wonAt, round, rounds, leaseUntil, announced, grants, locks);
    }

    @Override
    public String toString() {
        return "leader{term=" + term + ", lease until " + leaseUntil + ", grants=" + grants + ", locks=" + locks + "}";
    }
}
