package dev.synchrony.catalog;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;

/** Builds one algorithm's node for a process of an environment (the algorithm's own node, without link layer). */
@FunctionalInterface
public interface NodeFactory {

    /**
     * Builds the node of process {@code id}.
     *
     * @param id the process
     * @param environment the members, options, seed and network it is built for
     * @return the algorithm's node
     * @throws IllegalArgumentException naming the option that is wrong
     */
    Node<?, ?, ?> create(NodeId id, Environment environment);
}
