package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.link.LinkMessage;
import dev.synchrony.multicast.Delivered;
import dev.synchrony.multicast.MulticastCommand;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the multicast checks and summaries read from a trace: each publication (the Publish command a process
 * took) and each delivery, matched by (origin, sequence, payload). Works the same with or without the link layer
 * beneath, and never looks at the algorithm's own clocks.
 */
final class MulticastRuns {

    /** The {@code sequence}-th Publish that process {@code origin} handled (counted per incarnation). */
    record Publication(int index, int origin, long sequence, Object payload, TraceEvent event) {}

    /** Process {@code node} delivered {@code publication} (null when it matches none: an invented message). */
    record Delivery(int node, Delivered delivered, Publication publication, TraceEvent event) {}

    final Trace trace;
    final List<Publication> publications = new ArrayList<>();
    /** Every process event that matters, in trace order: publications, deliveries, restarts. */
    final List<Object> timeline = new ArrayList<>();

    final List<List<Delivery>> deliveriesByNode = new ArrayList<>();
    final boolean anyRestart;

    /** A process restarted here (it lost its state). */
    record Restart(int node, TraceEvent event) {}

    private MulticastRuns(Trace trace) {
        this.trace = trace;
        int n = trace.nodes().size();
        for (int i = 0; i < n; i++) {
            deliveriesByNode.add(new ArrayList<>());
        }
        long[] published = new long[n];
        Map<List<Object>, Publication> byKey = new HashMap<>();
        boolean restarted = false;
        for (TraceEvent event : trace.events()) {
            if (event.kind() == EventKind.RECOVER) {
                published[event.node()] = 0;
                restarted = true;
                timeline.add(new Restart(event.node(), event));
            } else if (event.kind() == EventKind.COMMAND
                    && event.payload() instanceof MulticastCommand.Publish publish) {
                Publication publication = new Publication(
                        publications.size(), event.node(), ++published[event.node()], publish.payload(), event);
                publications.add(publication);
                byKey.put(List.of(trace.node(event.node()), publication.sequence(), publish.payload()), publication);
                timeline.add(publication);
            } else if (event.kind() == EventKind.DELIVER && event.payload() instanceof Delivered delivered) {
                Publication publication =
                        byKey.get(List.of(delivered.origin(), delivered.sequence(), delivered.payload()));
                Delivery delivery = new Delivery(event.node(), delivered, publication, event);
                deliveriesByNode.get(event.node()).add(delivery);
                timeline.add(delivery);
            }
        }
        this.anyRestart = restarted;
    }

    static MulticastRuns of(Trace trace) {
        return new MulticastRuns(trace);
    }

    String describe(Publication publication) {
        return trace.node(publication.origin()) + "#" + publication.sequence() + " (" + publication.payload() + ")";
    }

    /** Processes that never crashed in the run. */
    Set<Integer> neverCrashed() {
        Set<Integer> crashed = new HashSet<>();
        for (TraceEvent event : trace.events()) {
            if (event.kind() == EventKind.CRASH) {
                crashed.add(event.node());
            }
        }
        Set<Integer> result = new java.util.TreeSet<>();
        for (int i = 0; i < trace.nodes().size(); i++) {
            if (!crashed.contains(i)) {
                result.add(i);
            }
        }
        return result;
    }

    /** Delivery latencies in virtual nanoseconds (publication to each delivery), sorted. */
    long[] latencies() {
        List<Long> values = new ArrayList<>();
        for (List<Delivery> deliveries : deliveriesByNode) {
            for (Delivery delivery : deliveries) {
                if (delivery.publication() != null) {
                    values.add(delivery.event().timeNanos()
                            - delivery.publication().event().timeNanos());
                }
            }
        }
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    static long percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /**
     * Messages the algorithm sent, by message type (first transmissions only: the link's retransmissions and
     * acknowledgements are counted by {@link LinkOptions#frames}).
     */
    Map<String, Long> algorithmMessages() {
        Map<String, Long> counts = new LinkedHashMap<>();
        Set<List<Long>> seen = new HashSet<>();
        for (TraceEvent event : trace.events()) {
            if (event.kind() != EventKind.SEND) {
                continue;
            }
            Object message = event.payload();
            if (message instanceof LinkMessage.Ack<?>) {
                continue;
            }
            if (message instanceof LinkMessage.Data<?> frame) {
                if (!seen.add(List.of(
                        (long) event.node(),
                        (long) event.peer(),
                        frame.senderEpoch(),
                        (long) frame.stream(),
                        frame.sequence()))) {
                    continue;
                }
                message = frame.payload();
            }
            counts.merge(message.getClass().getSimpleName(), 1L, Long::sum);
        }
        return counts;
    }
}
