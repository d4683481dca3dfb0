package dev.synchrony.explore.families;

import dev.synchrony.explore.Exploration;
import dev.synchrony.explore.ExploreExtras;
import dev.synchrony.explore.ExploreHarness;
import dev.synchrony.explore.GenericInvariants;
import dev.synchrony.explore.StateInvariant;
import dev.synchrony.sim.RunSetup;
import java.util.List;
import java.util.Map;

/** How the multicast family is explored, and what total order adds. */
public final class MulticastExploration implements ExploreHarness {

    @Override
    public Exploration exploration(RunSetup setup) {
        return Exploration.STANDARD.withFifo(true);
    }

    @Override
    public Map<String, String> explorationParams() {
        return Map.of("link", "raw");
    }

    /**
     * What {@code causal-order} adds: no process delivers a message before one that causally precedes it, in
     * every explored state (so every split of publications into batches is checked, not only the runs sampled).
     */
    public static final class CausalOrderExtras extends ExploreExtras {

        public CausalOrderExtras(ExploreHarness family) {
            super(family);
        }

        @Override
        public List<StateInvariant> invariants(RunSetup setup) {
            return List.of(GenericInvariants.causalOrder());
        }
    }

    /** What {@code total-order} adds: every process delivers the same sequence. */
    public static final class TotalOrderExtras extends ExploreExtras {

        public TotalOrderExtras(ExploreHarness family) {
            super(family);
        }

        @Override
        public List<StateInvariant> invariants(RunSetup setup) {
            return List.of(GenericInvariants.totalOrder());
        }
    }
}
