package dev.synchrony.explore.families;

import dev.synchrony.explore.Exploration;
import dev.synchrony.explore.ExploreHarness;
import dev.synchrony.explore.TimerPolicy;
import dev.synchrony.sim.RunSetup;

/** How the election family is explored. */
public final class ElectionExploration implements ExploreHarness {

    /**
     * Explored with timers that fire only when no message is in flight: both algorithms read a timeout as
     * "that process is down", which holds only when timeouts outlast message delays (a synchronous system).
     */
    @Override
    public Exploration exploration(RunSetup setup) {
        return Exploration.STANDARD.withTimers(TimerPolicy.WHEN_IDLE);
    }
}
