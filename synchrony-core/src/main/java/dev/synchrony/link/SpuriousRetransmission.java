package dev.synchrony.link;

import dev.synchrony.core.NodeId;

/**
 * Recorded in the trace (an internal event) when {@link ReliableFifoLink} learns that it retransmitted the
 * {@code sequence}-th frame to {@code peer} for nothing: the acknowledgement that first covered the frame echoes
 * a timestamp older than the frame's first retransmission, so an earlier copy had already arrived (the Eifel
 * detection of RFC 3522, with the timestamps of RFC 7323). {@code copies} is how many times the frame was sent
 * again. It cannot tell a retransmission that was needed because an acknowledgement was lost from one that was
 * not: the retransmitted copy's own acknowledgement answers then, and the retransmission counts as needed. And a
 * frame whose retransmission arrived first but whose acknowledgement was triggered by an older, overtaken copy of
 * a later frame is taken for spurious; both need reordering beyond the wait and are rare.
 */
public record SpuriousRetransmission(NodeId peer, long sequence, int copies) {}
