package dev.synchrony.explore;

import java.util.Objects;
import java.util.function.Function;

/**
 * A safety property that must hold in every reachable state of an exploration ("at most one process in its
 * critical section"). The explorer checks it in the initial state and in every state it reaches; an invariant
 * that {@linkplain #inspectsSteps() looks at the step} that led to a state is checked on every transition instead,
 * since two paths into one state may differ in what their last step did.
 *
 * <p>An invariant reads the state only; it must not change the nodes it is shown.
 */
public interface StateInvariant {

    /** A short name: {@code mutual-exclusion}, {@code agreement}. */
    String name();

    /**
     * @return null when the property holds in {@code state}, else one line saying what is wrong
     */
    String violation(ExploredState state);

    /** Whether {@link #violation} reads {@link ExploredState#step()}; such invariants see every transition. */
    default boolean inspectsSteps() {
        return false;
    }

    /** An invariant over states, from a name and a check returning null when it holds. */
    static StateInvariant of(String name, Function<ExploredState, String> check) {
        Objects.requireNonNull(name);
        Objects.requireNonNull(check);
        return new StateInvariant() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String violation(ExploredState state) {
                return check.apply(state);
            }
        };
    }

    /** Like {@link #of}, for a check that reads the step into the state (its outputs, records, message). */
    static StateInvariant ofSteps(String name, Function<ExploredState, String> check) {
        Objects.requireNonNull(name);
        Objects.requireNonNull(check);
        return new StateInvariant() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String violation(ExploredState state) {
                return check.apply(state);
            }

            @Override
            public boolean inspectsSteps() {
                return true;
            }
        };
    }
}
