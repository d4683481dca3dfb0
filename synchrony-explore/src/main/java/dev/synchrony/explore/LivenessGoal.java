package dev.synchrony.explore;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A liveness property in the form an exhaustive search can decide: from every reachable state, some state where
 * {@code reached} holds is reachable ("every request is eventually granted" becomes "a state where every request
 * has been granted can still be reached"). It is checked only when the whole state space was explored.
 */
public record LivenessGoal(String name, Predicate<ExploredState> reached) {

    public LivenessGoal {
        Objects.requireNonNull(name);
        Objects.requireNonNull(reached);
    }
}
