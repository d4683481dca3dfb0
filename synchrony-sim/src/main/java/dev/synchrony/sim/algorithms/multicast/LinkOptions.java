package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.core.Node;
import dev.synchrony.link.LinkMessage;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the link layer did in a run, for the summaries of the harnesses over {@link ReliableFifoLink}. */
final class LinkOptions {

    private LinkOptions() {
    }

    /** The algorithm node inside {@code node} (itself when it runs raw). */
    static Node<?, ?, ?> unwrap(Node<?, ?, ?> node) {
        return node instanceof ReliableFifoLink<?, ?, ?> link ? link.inner() : node;
    }

    /** What the link layer put on the wire in a run. */
    record Frames(long data, long retransmissions, long acks) {
    }

    static Frames frames(Trace trace) {
        long data = 0;
        long retransmissions = 0;
        long acks = 0;
        Set<List<Long>> seen = new HashSet<>();
        for (TraceEvent event : trace.events()) {
            if (event.kind() != EventKind.SEND) {
                continue;
            }
            switch (event.payload()) {
                case LinkMessage.Data<?> frame -> {
                    data++;
                    if (!seen.add(List.of((long) event.node(), (long) event.peer(), frame.senderEpoch(),
                            (long) frame.stream(), frame.sequence()))) {
                        retransmissions++;
                    }
                }
                case LinkMessage.Ack<?> ack -> acks++;
                default -> {
                }
            }
        }
        return new Frames(data, retransmissions, acks);
    }
}
