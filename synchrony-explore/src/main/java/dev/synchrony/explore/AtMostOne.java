package dev.synchrony.explore;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * An invariant of the form "at most one process is X" (holds the lock, leads), from a test of one process. Besides
 * checking a state like any {@link StateInvariant}, it lets a timed exploration check every order of a tick's
 * concurrent events without visiting them all: a process that is X at any point of its events in a tick counts
 * for that whole tick, since some order of the same events puts that point beside any point of another process
 * ({@link Explorer}).
 */
public final class AtMostOne implements StateInvariant {

    private final String name;
    private final String what;
    private final BiPredicate<ExploredState, Integer> test;

    /**
     * @param name the invariant's name ({@code mutual-exclusion})
     * @param what what the processes do together when it is violated ("are in the critical section")
     * @param test whether the process of the given index is X in the state
     */
    public AtMostOne(String name, String what, BiPredicate<ExploredState, Integer> test) {
        this.name = Objects.requireNonNull(name);
        this.what = Objects.requireNonNull(what);
        this.test = Objects.requireNonNull(test);
    }

    @Override
    public String name() {
        return name;
    }

    /** Whether process {@code index} is X in {@code state}. */
    public boolean holdsFor(ExploredState state, int index) {
        return test.test(state, index);
    }

    /** The processes that are X, as a bit set. */
    int mask(ExploredState state) {
        int mask = 0;
        for (int i = 0; i < state.members().size() && i < 31; i++) {
            if (holdsFor(state, i)) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    @Override
    public String violation(ExploredState state) {
        List<NodeId> found = new ArrayList<>(2);
        for (int i = 0; i < state.members().size(); i++) {
            if (holdsFor(state, i)) {
                found.add(state.members().get(i));
            }
        }
        return found.size() <= 1 ? null : describe(found, state);
    }

    /** The violation for the processes of {@code mask}, each X at some point of tick {@code state.tick()}. */
    String violationInTick(int mask, ExploredState state) {
        List<NodeId> found = new ArrayList<>(2);
        for (int i = 0; i < state.members().size(); i++) {
            if (((mask >>> i) & 1) != 0) {
                found.add(state.members().get(i));
            }
        }
        return describe(found, state) + " (within tick " + state.tick() + ", whose events at different processes"
                + " are concurrent: some order of them has these points at once)";
    }

    private String describe(List<NodeId> found, ExploredState state) {
        return "processes " + found + " " + what + " together" + (state.timed() ? " at tick " + state.tick() : "");
    }
}
