package dev.synchrony.election;

import dev.synchrony.core.NodeId;

/**
 * Output of an election node that led: it no longer leads {@code term} (its lease lapsed, or it saw a larger
 * term), so the application must stop acting as leader now.
 *
 * @param leader this node, which led
 * @param term the term it no longer leads
 * @param reason why, in a few words
 */
public record LeadershipLost(NodeId leader, long term, String reason) {}
