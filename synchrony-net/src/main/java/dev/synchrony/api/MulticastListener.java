package dev.synchrony.api;

import dev.synchrony.core.NodeId;

/** Told of each delivered multicast, in the order the protocol guarantees. Runs on the event loop: never block. */
@FunctionalInterface
public interface MulticastListener {

    /**
     * {@code payload} is {@code origin}'s {@code sequence}-th publication (from 1).
     *
     * @param origin the member that published it
     * @param sequence its number among that member's publications, from 1
     * @param payload a copy of the bytes published
     */
    void delivered(NodeId origin, long sequence, byte[] payload);
}
