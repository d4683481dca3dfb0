package dev.synchrony.explore.families;

import dev.synchrony.core.NodeId;
import dev.synchrony.explore.Exploration;
import dev.synchrony.explore.ExploreHarness;
import dev.synchrony.explore.ExploreWorkload;
import dev.synchrony.explore.StateInvariant;
import dev.synchrony.link.LinkProbe;
import dev.synchrony.sim.RunSetup;
import java.util.List;
import java.util.Map;

/** How the link family is explored. */
public final class LinkExploration implements ExploreHarness {

    /** Explored: what each process hands over from each sender is 1, 2, 3, ...: no gap, no duplicate, in order. */
    @Override
    public List<StateInvariant> invariants(RunSetup setup) {
        return List.of(StateInvariant.of("fifo-exactly-once", state -> {
            for (int i = 0; i < state.members().size(); i++) {
                Map<NodeId, Long> next = new java.util.TreeMap<>();
                for (Object output : state.outputs(i)) {
                    if (output instanceof LinkProbe.Received received) {
                        long expected = next.merge(received.from(), 1L, Long::sum);
                        if (received.number() != expected) {
                            return state.members().get(i) + " handed over message " + received.number() + " from "
                                    + received.from() + " where " + expected + " was due";
                        }
                    }
                }
            }
            return null;
        }));
    }

    /** Explored: each process sends two numbered messages to the next process of the ring. */
    @Override
    public Exploration exploration(RunSetup setup) {
        List<NodeId> members = setup.members();
        ExploreWorkload workload = node -> {
            NodeId next = members.get((members.indexOf(node) + 1) % members.size());
            return next.equals(node) ? List.of() : List.of(new LinkProbe.SendTo(next), new LinkProbe.SendTo(next));
        };
        return Exploration.STANDARD
                .withWorkload(workload)
                .withScriptFields(command -> command instanceof LinkProbe.SendTo send
                        ? Map.of("do", "send", "to", send.to().name())
                        : null);
    }
}
