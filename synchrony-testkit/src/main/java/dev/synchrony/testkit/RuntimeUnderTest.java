package dev.synchrony.testkit;

import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.Map;

/** A runtime as the contract suites see it: it hosts {@link ProbeNode}s and plays a {@link Scenario} over them. */
public interface RuntimeUnderTest {

    /**
     * Plays {@code scenario} on members n1..nN seeded with {@code seed}; each member's observations, in order.
     *
     * @param scenario what to do to the probes
     * @param seed what the runtime seeds the nodes' randomness with
     * @return the observations of each member, in the order its application got them
     * @throws Exception whatever playing the scenario threw: the suite fails with it
     */
    Map<NodeId, List<ProbeNode.Observation>> play(Scenario scenario, long seed) throws Exception;

    /**
     * Whether local clocks advance as the run goes on. The explorer holds time still (a state does not include
     * the time), so it answers false and the suite checks its timers by order alone.
     *
     * @return true when the runtime's clocks advance (the default)
     */
    default boolean timePasses() {
        return true;
    }

    /**
     * Whether its contexts offer stable storage ({@code Context.stableStorage()}). A runtime that does not must
     * say so when asked, naming itself, rather than fail otherwise.
     *
     * @return true when the runtime offers stable storage
     */
    default boolean offersStableStorage() {
        return false;
    }
}
