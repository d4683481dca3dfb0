package dev.synchrony.sim.trace;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The happened-before relation among chosen events of a trace, computed straight from its definition (process
 * order, send before receive, transitivity) by propagating ancestor sets along the trace. It uses no vector
 * clock, so it can judge them.
 */
public final class HappenedBefore {

    private final Map<Long, Integer> indexOf = new HashMap<>();
    private final BitSet[] ancestors;

    /** @param chosen the events to relate (process events of {@code trace}) */
    public HappenedBefore(Trace trace, List<TraceEvent> chosen) {
        for (int i = 0; i < chosen.size(); i++) {
            indexOf.put(chosen.get(i).id(), i);
        }
        ancestors = new BitSet[chosen.size()];
        int n = trace.nodes().size();
        BitSet[] pastOfProcess = new BitSet[n];
        for (int i = 0; i < n; i++) {
            pastOfProcess[i] = new BitSet(chosen.size());
        }
        Map<Long, BitSet> pastAtSend = new HashMap<>();
        for (TraceEvent event : trace.events()) {
            if (!event.kind().isProcessEvent()) {
                continue;
            }
            BitSet past = pastOfProcess[event.node()];
            if (event.kind() == EventKind.RECEIVE) {
                BitSet sender = pastAtSend.get(event.messageId());
                if (sender != null) {
                    past.or(sender);
                }
            }
            Integer index = indexOf.get(event.id());
            if (index != null) {
                ancestors[index] = (BitSet) past.clone();
                past.set(index);
            }
            if (event.kind() == EventKind.SEND) {
                pastAtSend.put(event.messageId(), (BitSet) past.clone());
            }
        }
    }

    /** Whether chosen event {@code a} happened before chosen event {@code b} (by position in the chosen list). */
    public boolean before(int a, int b) {
        return ancestors[b].get(a);
    }
}
