package dev.synchrony.election;

import dev.synchrony.core.NodeId;

/**
 * Output of an election node that led: it no longer leads {@code term} (its lease lapsed, or it saw a larger
 * term), so the application must stop acting as leader now.
 */
public record LeadershipLost(NodeId leader, long term, String reason) {}
