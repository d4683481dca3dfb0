package dev.synchrony.election;

import dev.synchrony.core.NodeId;

/** Output of an election node: it now takes {@code leader} as coordinator, for {@code term}. */
public record LeaderElected(NodeId leader, long term) {}
