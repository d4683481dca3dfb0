package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.core.Node;
import dev.synchrony.link.LinkConfig;
import dev.synchrony.link.LinkMessage;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.sim.spec.ParamSpec;
import dev.synchrony.sim.spec.Params;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The options that put an algorithm over {@link ReliableFifoLink}, shared by every harness of this package. */
final class LinkOptions {

    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("link", "reliable", "reliable: run over the reliable FIFO link layer; raw: straight on "
                    + "the simulated network (shows what goes wrong without it)", "reliable", "raw"),
            ParamSpec.of("retransmit", "25ms", "link: first retransmission wait (doubles while no progress)"),
            ParamSpec.of("max-retransmit", "1s", "link: bound of the retransmission backoff"),
            ParamSpec.of("max-retransmissions", "16", "link: rounds without progress before giving up on a peer"),
            ParamSpec.of("window", "64", "link: unacknowledged messages in flight per peer"));

    private LinkOptions() {
    }

    static boolean reliable(Params params) {
        return params.string("link").equals("reliable");
    }

    static LinkConfig config(Params params) {
        long first = params.durationNanos("retransmit");
        long max = params.durationNanos("max-retransmit");
        if (first <= 0) {
            throw new IllegalArgumentException("--retransmit: must be positive");
        }
        if (max < first) {
            throw new IllegalArgumentException("--max-retransmit: must be at least --retransmit");
        }
        int rounds = params.integer("max-retransmissions");
        int window = params.integer("window");
        if (rounds < 1) {
            throw new IllegalArgumentException("--max-retransmissions: must be at least 1");
        }
        if (window < 1) {
            throw new IllegalArgumentException("--window: must be at least 1");
        }
        return new LinkConfig(first, max, 2.0, rounds, window);
    }

    /** {@code inner}, over the link layer unless {@code --link raw}. */
    static Node<?, ?, ?> wrap(Node<?, ?, ?> inner, Params params) {
        return reliable(params) ? ReliableFifoLink.over(inner, config(params)) : inner;
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
