package dev.synchrony.explore.families;

import dev.synchrony.explore.Exploration;
import dev.synchrony.explore.ExploreHarness;
import dev.synchrony.explore.LivenessGoal;
import dev.synchrony.explore.StateInvariant;
import dev.synchrony.explore.TimerPolicy;
import dev.synchrony.generals.General;
import dev.synchrony.sim.RunSetup;
import java.util.List;

/** How the agreement family (the Two Generals) is explored: agreement in every state, both attacking as a goal. */
public final class AgreementExploration implements ExploreHarness {

    @Override
    public List<StateInvariant> invariants(RunSetup setup) {
        return List.of(StateInvariant.of("agreement", state -> {
            if (state.node(0) instanceof General first
                    && state.node(1) instanceof General second
                    && first.decided()
                    && second.decided()
                    && first.attacks() != second.attacks()) {
                return state.members().get(0) + (first.attacks() ? " attacks" : " retreats") + " but "
                        + state.members().get(1) + (second.attacks() ? " attacks" : " retreats");
            }
            return null;
        }));
    }

    @Override
    public Exploration exploration(RunSetup setup) {
        // Dawn comes after every messenger has arrived or been captured: the deadline the problem states.
        return Exploration.STANDARD
                .withTimers(TimerPolicy.WHEN_IDLE)
                .withGoals(List.of(new LivenessGoal(
                        "both-attack",
                        state -> state.node(0) instanceof General first
                                && state.node(1) instanceof General second
                                && first.decided()
                                && second.decided()
                                && first.attacks()
                                && second.attacks())));
    }
}
