package dev.synchrony.sim.trace;

import dev.synchrony.clocks.VectorClock;
import java.util.HashMap;
import java.util.Map;

/**
 * The vector timestamp of every process event of a trace, with every event counted (the lecture's rule for
 * timestamping events: tick on each event, merge on receipt). A loss has none.
 */
public final class VectorClocks {

    private final VectorClock[] byEvent;

    private VectorClocks(VectorClock[] byEvent) {
        this.byEvent = byEvent;
    }

    static VectorClocks of(Trace trace) {
        int n = trace.nodes().size();
        VectorClock[] current = new VectorClock[n];
        for (int i = 0; i < n; i++) {
            current[i] = VectorClock.zero(n);
        }
        Map<Long, VectorClock> atSend = new HashMap<>();
        VectorClock[] byEvent = new VectorClock[trace.events().size()];
        for (TraceEvent event : trace.events()) {
            if (!event.kind().isProcessEvent()) {
                continue;
            }
            int node = event.node();
            VectorClock next = event.kind() == EventKind.RECEIVE && atSend.containsKey(event.messageId())
                    ? current[node].receive(atSend.get(event.messageId()), node)
                    : current[node].tick(node);
            current[node] = next;
            byEvent[(int) event.id()] = next;
            if (event.kind() == EventKind.SEND) {
                atSend.put(event.messageId(), next);
            }
        }
        return new VectorClocks(byEvent);
    }

    /** The vector timestamp of process event {@code id}, or null for a loss. */
    public VectorClock of(long id) {
        return byEvent[(int) id];
    }

    /** Whether event {@code a} happened before event {@code b}. */
    public boolean happenedBefore(long a, long b) {
        VectorClock first = byEvent[(int) a];
        VectorClock second = byEvent[(int) b];
        return first != null && second != null && first.happenedBefore(second);
    }
}
