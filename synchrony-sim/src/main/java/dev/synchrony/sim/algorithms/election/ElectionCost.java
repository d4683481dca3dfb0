package dev.synchrony.sim.algorithms.election;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.BullyMessage;
import dev.synchrony.election.ElectionStarted;
import dev.synchrony.election.RingMessage;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost of the elections of a run. An episode opens with the first {@link ElectionStarted} while none is
 * open; its time to elect runs to the first moment all live processes name the same coordinator, and its cost
 * is the number of election messages (heartbeats excluded) sent until that agreement holds with none of them
 * still in flight.
 */
public final class ElectionCost {

    /** One election episode: {@code endNanos} is when all live processes first agreed. */
    public record Episode(long startNanos, long endNanos, long messages, NodeId leader) {
        public long durationNanos() {
            return endNanos - startNanos;
        }
    }

    private ElectionCost() {}

    /** Whether {@code message} is an election message rather than a heartbeat. */
    public static boolean electionMessage(Object message) {
        return message instanceof BullyMessage m && !(m instanceof BullyMessage.Heartbeat)
                || message instanceof RingMessage r && !(r instanceof RingMessage.Heartbeat);
    }

    /** Election messages sent in the whole run, by message type. */
    public static Map<String, Long> messagesByType(Trace trace) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TraceEvent event : trace.events()) {
            if (event.kind() == EventKind.SEND && electionMessage(event.payload())) {
                counts.merge(event.payload().getClass().getSimpleName(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The episodes of a run, in order; one still open at the end is left out. */
    public static List<Episode> episodes(Trace trace) {
        int n = trace.nodes().size();
        NodeId[] belief = new NodeId[n];
        boolean[] up = new boolean[n];
        List<Episode> episodes = new ArrayList<>();
        java.util.Set<Long> inFlight = new java.util.HashSet<>();
        long openedAt = -1;
        long agreedAt = -1;
        NodeId agreedOn = null;
        long messages = 0;
        long closingAt = -1;
        for (TraceEvent event : trace.events()) {
            // A handler's sends follow its output in the trace: an episode that looked finished closes only
            // once time moves on with nothing more sent.
            if (closingAt >= 0 && event.timeNanos() > closingAt) {
                episodes.add(new Episode(openedAt, agreedAt, messages, agreedOn));
                openedAt = -1;
                closingAt = -1;
            }
            switch (event.kind()) {
                case SEND -> {
                    if (electionMessage(event.payload())) {
                        inFlight.add(event.messageId());
                        if (openedAt >= 0) {
                            messages++;
                        }
                    }
                }
                case RECEIVE, LOSS -> inFlight.remove(event.messageId());
                default -> {
                    if (ElectionChecks.apply(event, belief, up) && openedAt < 0 && event.kind() == EventKind.INTERNAL) {
                        openedAt = event.timeNanos();
                        agreedAt = -1;
                        messages = 0;
                    }
                }
            }
            if (openedAt < 0) {
                continue;
            }
            NodeId agreed = agreed(belief, up);
            if (agreed == null) {
                agreedAt = -1;
            } else if (agreedAt < 0) {
                agreedAt = event.timeNanos();
                agreedOn = agreed;
            }
            // The episode ends once all agree and its last message has arrived (a ring's coordinator message
            // still goes round after everyone has adopted the leader it names).
            closingAt = agreedAt >= 0 && inFlight.isEmpty() ? event.timeNanos() : -1;
        }
        if (closingAt >= 0) {
            episodes.add(new Episode(openedAt, agreedAt, messages, agreedOn));
        }
        return episodes;
    }

    private static NodeId agreed(NodeId[] belief, boolean[] up) {
        NodeId agreed = null;
        for (int i = 0; i < belief.length; i++) {
            if (!up[i]) {
                continue;
            }
            if (belief[i] == null || agreed != null && !agreed.equals(belief[i])) {
                return null;
            }
            agreed = belief[i];
        }
        return agreed;
    }
}
