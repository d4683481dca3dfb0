package dev.synchrony.explore;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@code synchrony explore} drives an algorithm beyond its invariants: the bounded workload, the liveness
 * goals, when timers may fire, and how a command is written back into a script so that a counterexample replays
 * in the simulator. An {@link ExploreHarness} returns one from {@code exploration(setup)};
 * the standard one leaves the workload to the explorer's generic ones (mutual exclusion, multicast).
 *
 * @param workload the bounded workload, or null for the explorer's generic workload for the node type
 * @param scriptFields a command as script fields ({@code {do: acquire}}), or null when a command has none
 * @param fifo whether the algorithm assumes FIFO channels (the explorer then keeps each link in send order)
 */
public record Exploration(
        ExploreWorkload workload,
        List<LivenessGoal> goals,
        TimerPolicy timers,
        Function<Object, Map<String, Object>> scriptFields,
        boolean fifo) {

    public static final Exploration STANDARD =
            new Exploration(null, List.of(), TimerPolicy.ANY_TIME, command -> null, false);

    public Exploration {
        goals = List.copyOf(goals);
        Objects.requireNonNull(timers);
        Objects.requireNonNull(scriptFields);
    }

    public Exploration withWorkload(ExploreWorkload newWorkload) {
        return new Exploration(newWorkload, goals, timers, scriptFields, fifo);
    }

    public Exploration withGoals(List<LivenessGoal> newGoals) {
        return new Exploration(workload, newGoals, timers, scriptFields, fifo);
    }

    public Exploration withTimers(TimerPolicy newTimers) {
        return new Exploration(workload, goals, newTimers, scriptFields, fifo);
    }

    public Exploration withScriptFields(Function<Object, Map<String, Object>> newScriptFields) {
        return new Exploration(workload, goals, timers, newScriptFields, fifo);
    }

    public Exploration withFifo(boolean newFifo) {
        return new Exploration(workload, goals, timers, scriptFields, newFifo);
    }
}
