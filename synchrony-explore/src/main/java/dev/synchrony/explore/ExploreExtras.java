package dev.synchrony.explore;

import dev.synchrony.sim.RunSetup;
import java.util.List;
import java.util.Map;

/** What one algorithm adds to its family's {@link ExploreHarness}: everything else is the family's. */
public abstract class ExploreExtras implements ExploreHarness {

    protected final ExploreHarness family;

    protected ExploreExtras(ExploreHarness family) {
        this.family = family;
    }

    @Override
    public List<StateInvariant> invariants(RunSetup setup) {
        return family.invariants(setup);
    }

    @Override
    public Exploration exploration(RunSetup setup) {
        return family.exploration(setup);
    }

    @Override
    public Map<String, String> explorationParams() {
        return family.explorationParams();
    }

    @Override
    public boolean needsTime() {
        return family.needsTime();
    }
}
