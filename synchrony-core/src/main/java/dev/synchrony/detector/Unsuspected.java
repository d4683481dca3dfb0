package dev.synchrony.detector;

import dev.synchrony.core.NodeId;

/**
 * Recorded in the trace when a suspected {@code peer} is heard from again: the suspicion was false.
 *
 * @param peer the process no longer suspected
 */
public record Unsuspected(NodeId peer) {}
