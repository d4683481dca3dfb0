package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.core.Node;
import dev.synchrony.link.LinkMessage;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.link.SpuriousRetransmission;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the link layer did in a run, for the summaries of the harnesses over {@link ReliableFifoLink}. */
final class LinkOptions {

    private LinkOptions() {}

    /** The algorithm node inside {@code node} (itself when it runs raw). */
    static Node<?, ?, ?> unwrap(Node<?, ?, ?> node) {
        return node instanceof ReliableFifoLink<?, ?, ?> link ? link.inner() : node;
    }

    /**
     * What the link layer put on the wire in a run.
     *
     * @param spurious retransmissions of a frame an earlier copy of which reached the peer (the original, or a
     *     copy, was not lost: it or its acknowledgement was slower than the wait, or the acknowledgement was lost),
     *     counted from the whole trace
     * @param detected the retransmissions the senders themselves found spurious from the echoed timestamps
     *     ({@link SpuriousRetransmission}); fewer than {@code spurious}, since a retransmission that only made up
     *     for a lost acknowledgement looks needed to the sender
     */
    record Frames(long data, long retransmissions, long spurious, long detected, long acks) {}

    static Frames frames(Trace trace) {
        long data = 0;
        long retransmissions = 0;
        long spurious = 0;
        long acks = 0;
        long detected = 0;
        Set<Long> arrived = new HashSet<>();
        for (TraceEvent event : trace.events()) {
            if (event.kind() == EventKind.RECEIVE && event.payload() instanceof LinkMessage.Data<?>) {
                arrived.add(event.messageId());
            } else if (event.kind() == EventKind.INTERNAL && event.payload() instanceof SpuriousRetransmission found) {
                detected += found.copies();
            }
        }
        // each frame (sender, receiver, sender epoch, stream, sequence) -> did a copy sent so far arrive
        Map<List<Long>, Boolean> copyArrived = new HashMap<>();
        for (TraceEvent event : trace.events()) {
            if (event.kind() != EventKind.SEND) {
                continue;
            }
            switch (event.payload()) {
                case LinkMessage.Data<?> frame -> {
                    data++;
                    List<Long> key = List.of(
                            (long) event.node(),
                            (long) event.peer(),
                            frame.senderEpoch(),
                            (long) frame.stream(),
                            frame.sequence());
                    Boolean earlier = copyArrived.get(key);
                    if (earlier != null) {
                        retransmissions++;
                        if (earlier) {
                            spurious++;
                        }
                    }
                    copyArrived.merge(key, arrived.contains(event.messageId()), Boolean::logicalOr);
                }
                case LinkMessage.Ack<?> ack -> acks++;
                default -> {}
            }
        }
        return new Frames(data, retransmissions, spurious, detected, acks);
    }
}
