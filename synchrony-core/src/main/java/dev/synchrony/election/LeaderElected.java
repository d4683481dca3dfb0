package dev.synchrony.election;

import dev.synchrony.core.NodeId;

/**
 * Output of an election node: it now takes {@code leader} as coordinator, for {@code term}.
 *
 * @param leader the new coordinator
 * @param term its term
 */
public record LeaderElected(NodeId leader, long term) {}
