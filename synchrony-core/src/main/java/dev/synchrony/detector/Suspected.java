package dev.synchrony.detector;

import dev.synchrony.core.NodeId;

/**
 * Recorded in the trace when a node's failure detector starts suspecting {@code peer}.
 *
 * @param peer the process now suspected
 */
public record Suspected(NodeId peer) {}
