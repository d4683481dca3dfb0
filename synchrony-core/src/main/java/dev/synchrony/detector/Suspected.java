package dev.synchrony.detector;

import dev.synchrony.core.NodeId;

/** Recorded in the trace when a node's failure detector starts suspecting {@code peer}. */
public record Suspected(NodeId peer) {}
