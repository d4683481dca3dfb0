package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.core.Node;
import dev.synchrony.link.LinkConfig;
import dev.synchrony.link.LinkMessage;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.catalog.ParamSpec;
import dev.synchrony.catalog.Params;
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


    private LinkOptions() {
    }

    /** The algorithm node inside {@code node} (itself when it runs raw). */
    static Node<?, ?, ?> unwrap(Node<?, ?, ?> node) {
        return node instanceof ReliableFifoLink<?, ?, ?> link ? link.inner() : node;
    }

    /**
     * What the link layer put on the wire in a run.
     *
     * @param spurious retransmissions of a frame the peer had already acknowledged when the copy was sent (the
     *     acknowledgement was lost or still on its way): the original had arrived, so the copy was not needed
     */
    record Frames(long data, long retransmissions, long spurious, long acks) {
    }

    static Frames frames(Trace trace) {
        long data = 0;
        long retransmissions = 0;
        long spurious = 0;
        long acks = 0;
        Set<List<Long>> seen = new HashSet<>();
        // (acknowledging node, data sender, sender epoch, stream) -> highest cumulative acknowledgement sent so far
        Map<List<Long>, Long> acknowledged = new HashMap<>();
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
                        Long cumulative = acknowledged.get(List.of((long) event.peer(), (long) event.node(),
                                frame.senderEpoch(), (long) frame.stream()));
                        if (cumulative != null && cumulative >= frame.sequence()) {
                            spurious++;
                        }
                    }
                }
                case LinkMessage.Ack<?> ack -> {
                    acks++;
                    acknowledged.merge(List.of((long) event.node(), (long) event.peer(), ack.senderEpoch(),
                            (long) ack.stream()), ack.cumulative(), Math::max);
                }
                default -> {
                }
            }
        }
        return new Frames(data, retransmissions, spurious, acks);
    }
}
