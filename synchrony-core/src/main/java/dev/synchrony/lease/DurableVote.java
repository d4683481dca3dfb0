package dev.synchrony.lease;

import dev.synchrony.core.NodeId;
import dev.synchrony.core.StableStorage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The part of a {@link LeaseLock} member that must survive a crash: its current term and whom it voted for in that
 * term. Both go in one write, so a crash never leaves a vote paired with the wrong term. Forgetting the vote would
 * let a member vote twice in a term (two leaders of one term); forgetting the term would let a leader of an older
 * term be elected after a newer one and issue smaller fencing tokens.
 *
 * @param term the largest term this member has taken part in
 * @param votedFor the candidate it voted for in {@code term}, or null
 */
record DurableVote(long term, NodeId votedFor) {

    static final String KEY = "lease-lock/term-and-vote";
    static final DurableVote NONE = new DurableVote(0, null);

    DurableVote {
        if (term < 0) {
            throw new IllegalArgumentException("term must not be negative, got " + term);
        }
    }

    /** Writes this vote through to {@code storage}; returns once it is durable. */
    void save(StableStorage storage) {
        String text = term + (votedFor == null ? "" : " " + votedFor.name());
        storage.write(KEY, text.getBytes(StandardCharsets.UTF_8));
    }

    /** What the member wrote before its last crash, or term 0 without a vote on its first start. */
    static DurableVote load(StableStorage storage) {
        Optional<byte[]> stored = storage.read(KEY);
        if (stored.isEmpty()) {
            return NONE;
        }
        String text = new String(stored.get(), StandardCharsets.UTF_8);
        String[] parts = text.split(" ", -1);
        try {
            if (parts.length == 1) {
                return new DurableVote(Long.parseLong(parts[0]), null);
            }
            if (parts.length == 2) {
                return new DurableVote(Long.parseLong(parts[0]), NodeId.of(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below, which names the stored text
        }
        throw new IllegalStateException(
                "stable storage key " + KEY + " holds '" + text + "', not 'TERM' or 'TERM CANDIDATE'");
    }
}
