package dev.synchrony.election;

import dev.synchrony.core.NodeId;
import java.util.Objects;
import java.util.Optional;

/**
 * Output of an election node that led: it no longer leads {@code term} (its lease lapsed, or it saw a larger
 * term), so the application must stop acting as leader now.
 *
 * @param leader this node, which led
 * @param term the term it no longer leads
 * @param reason why, in a few words, for people and logs
 * @param leaseEndedAt when the leadership ended because its lease ran out: the reading of this node's clock at
 *     which it ran out (the notice may come later, when a timer fires late or the node was paused); empty otherwise
 */
public record LeadershipLost(NodeId leader, long term, String reason, Optional<Long> leaseEndedAt) {

    /** Refuses a missing component: an absent lease end is {@code Optional.empty()}, never null. */
    public LeadershipLost {
        Objects.requireNonNull(leader, "leader");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(leaseEndedAt, "leaseEndedAt");
    }

    /**
     * A loss of leadership that is not a lease running out (a larger term, a failure to win a majority).
     *
     * @param leader this node, which led
     * @param term the term it no longer leads
     * @param reason why, in a few words, for people and logs
     */
    public LeadershipLost(NodeId leader, long term, String reason) {
        this(leader, term, reason, Optional.empty());
    }
}
