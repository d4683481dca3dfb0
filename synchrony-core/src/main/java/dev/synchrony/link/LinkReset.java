package dev.synchrony.link;

import dev.synchrony.core.NodeId;

/**
 * Recorded in the trace (an internal event) when {@link ReliableFifoLink} starts its link to {@code peer} afresh
 * and so drops the {@code droppedMessages} messages it had not seen acknowledged: the peer restarted with fresh
 * state, or it stayed silent for {@link LinkConfig#maxRetransmissions()} rounds.
 */
public record LinkReset(NodeId peer, Reason reason, int droppedMessages) {

    public enum Reason {
        /** An acknowledgement came from a newer incarnation of the peer. */
        PEER_RESTARTED,
        /** The retransmission bound was reached without progress. */
        GAVE_UP
    }
}
