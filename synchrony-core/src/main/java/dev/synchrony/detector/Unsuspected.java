package dev.synchrony.detector;

import dev.synchrony.core.NodeId;

/** Recorded in the trace when a suspected {@code peer} is heard from again: the suspicion was false. */
public record Unsuspected(NodeId peer) {}
