package dev.synchrony.explore.families;

import dev.synchrony.explore.AtMostOne;
import dev.synchrony.explore.ExploreExtras;
import dev.synchrony.explore.ExploreHarness;
import dev.synchrony.explore.StateInvariant;
import dev.synchrony.lease.LeaseLock;
import dev.synchrony.sim.RunSetup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code lease-lock} is explored: only in time ({@code --timed}), since its leases and grace periods end only
 * when clocks move; with settings that are whole ticks of the explorer's default 100 ms tick; and with the lock and
 * the leadership judged as a lease holder judges them, by its own clock now (docs/lease-lock.md: a member acts as
 * holder only while {@code holdsAt(clock)} and as leader only while {@code leadsAt(clock)}). A holder whose lease
 * ran out on its clock holds nothing even before its next handler notices.
 */
public final class LeaseLockExploration extends ExploreExtras {

    public LeaseLockExploration(ExploreHarness family) {
        super(family);
    }

    @Override
    public boolean needsTime() {
        return true;
    }

    /**
     * Ticks of 100 ms: heartbeat 1, leader lease 4 (two ticks above a round trip of two 1-tick delays, so that a
     * leader keeps its lease when one acknowledgement comes a tick late), election timeout 5 (drawn from [5, 10)),
     * grant lease 4, renewal 2, no margin and rho 0 (every clock runs at the tick's rate), hence a grace period of
     * 8: small whole-tick settings, so that an election, a grace period, a fault and the next leader's election fit
     * in a horizon of some 40 ticks.
     */
    @Override
    public Map<String, String> explorationParams() {
        Map<String, String> params = new LinkedHashMap<>(family.explorationParams());
        params.put("heartbeat", "100ms");
        params.put("leader-lease", "400ms");
        params.put("election-timeout", "500ms");
        params.put("grant-lease", "400ms");
        params.put("margin", "0ms");
        params.put("renew", "200ms");
        params.put("rho", "0");
        return params;
    }

    @Override
    public List<StateInvariant> invariants(RunSetup setup) {
        List<StateInvariant> invariants = new ArrayList<>(family.invariants(setup));
        invariants.add(new AtMostOne(
                "mutual-exclusion",
                "hold the lock, each by its own clock,",
                (state, i) -> state.node(i) instanceof LeaseLock member && member.holdsAt(state.clockNanos(i))));
        invariants.add(new AtMostOne(
                "one-leader",
                "lead, each by its own clock,",
                (state, i) -> state.node(i) instanceof LeaseLock member && member.leadsAt(state.clockNanos(i))));
        return invariants;
    }
}
