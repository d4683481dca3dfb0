package dev.synchrony.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One search of an {@link Explorer}'s state space: breadth-first (shortest counterexamples) or bounded
 * depth-first, checking the invariants in every new state, keeping the transitions for the liveness goals
 * ({@link TransitionGraph}), and stopping at the first violation or a bound.
 */
final class Search {
    private final Explorer explorer;
    private final Consumer<Explorer.Progress> progress;
    private final long startNanos = System.nanoTime();
    private long lastProgressNanos = startNanos;
    private long expanded;
    private long transitions;
    private int deepest;
    private boolean truncatedByDepth;
    private String limit;
    private int[] buffer = new int[64];
    private int[] packed = new int[64];
    private final StepEffects[] effects = new StepEffects[1];
    /** The transitions, kept for the liveness check; null when there are no goals to check. */
    private final TransitionGraph graph;

    private final java.util.BitSet[] goalStates;

    private static final String TIME_STOPS =
            "time stops at the horizon, where a request may still be on its way: liveness is not judged";

    Search(Explorer explorer, Consumer<Explorer.Progress> progress) {
        this.explorer = explorer;
        this.progress = progress;
        boolean liveness = !explorer.goals.isEmpty() && !explorer.options.loss() && explorer.timed == null;
        this.graph = liveness ? new TransitionGraph() : null;
        this.goalStates = new java.util.BitSet[explorer.goals.size()];
        for (int i = 0; i < goalStates.length; i++) {
            goalStates[i] = new java.util.BitSet();
        }
    }

    ExploreResult execute() {
        Counterexample violation = null;
        long[] codes;
        GlobalState root;
        try {
            root = explorer.initial(effects, null);
        } catch (Explorer.HandlerFailure failure) {
            return result(explorer.counterexampleOf("handler-failed", failure.getMessage(), List.of()), List.of());
        }
        int length = root.encodedLength();
        buffer = explorer.grow(buffer, length);
        root.encode(buffer, explorer.fifo, explorer::linkOf);
        explorer.store.addIfAbsent(buffer, length, -1, -1, 0);
        ExploredState rootView = explorer.view(root, -1, effects[0], 0);
        markGoals(0, rootView);
        String[] problem = explorer.violated(explorer.stateInvariants, rootView);
        if (problem == null) {
            problem = explorer.violated(explorer.stepInvariants, rootView);
        }
        if (problem != null) {
            return result(counterexample(problem, 0, -1), List.of());
        }
        IntDeque frontier = new IntDeque();
        frontier.add(0);
        while (!frontier.isEmpty()) {
            int number = explorer.options.depthFirst() ? frontier.removeLast() : frontier.removeFirst();
            int depth = explorer.store.depth(number);
            if (depth >= explorer.options.maxDepth()) {
                truncatedByDepth = true;
                continue;
            }
            packed = explorer.store.read(number, packed);
            GlobalState state = GlobalState.decode(
                    packed, explorer.store.length(number), explorer.n, explorer.tickInvariants.size());
            int stepCount = explorer.enabledSteps(state, explorer.stepBuffer);
            codes = Arrays.copyOf(explorer.stepBuffer, stepCount);
            expanded++;
            for (long code : codes) {
                GlobalState next;
                try {
                    next = explorer.apply(state, code, effects, null);
                } catch (Explorer.HandlerFailure failure) {
                    violation = counterexample(new String[] {"handler-failed", failure.getMessage()}, number, code);
                    return result(violation, List.of());
                }
                transitions++;
                int nextLength = next.encodedLength();
                buffer = explorer.grow(buffer, nextLength);
                next.encode(buffer, explorer.fifo, explorer::linkOf);
                int found = explorer.store.addIfAbsent(buffer, nextLength, number, code, depth + 1);
                boolean fresh = found < 0;
                int target = fresh ? -found - 1 : found;
                if (tracking()) {
                    addEdge(number, target);
                }
                ExploredState nextView = null;
                if (fresh) {
                    deepest = Math.max(deepest, depth + 1);
                    if (!explorer.stateInvariants.isEmpty() || tracking()) {
                        nextView = explorer.view(next, code, effects[0], depth + 1);
                        markGoals(target, nextView);
                        problem = explorer.violated(explorer.stateInvariants, nextView);
                        if (problem != null) {
                            return result(counterexample(problem, number, code), List.of());
                        }
                    }
                    problem = explorer.tickViolation(next);
                    if (problem != null) {
                        return result(counterexample(problem, number, code), List.of());
                    }
                    frontier.add(target);
                } else if (explorer.options.depthFirst() && depth + 1 < explorer.store.depth(target)) {
                    explorer.store.reparent(target, number, code, depth + 1);
                    frontier.add(target);
                }
                if (!explorer.stepInvariants.isEmpty()) {
                    if (nextView == null) {
                        nextView = explorer.view(next, code, effects[0], depth + 1);
                    }
                    problem = explorer.violated(explorer.stepInvariants, nextView);
                    if (problem != null) {
                        return result(counterexample(problem, number, code), List.of());
                    }
                }
                if (explorer.store.size() >= explorer.options.maxStates()) {
                    limit = explorer.timed == null
                            ? "stopped at --max-states " + explorer.options.maxStates()
                            : String.format(
                                    java.util.Locale.ROOT,
                                    "bounded: %,d states, horizon %d ticks (stopped at --max-states %d at tick %d)",
                                    explorer.store.size(),
                                    explorer.timed.horizon(),
                                    explorer.options.maxStates(),
                                    state.tick);
                    return result(null, List.of());
                }
            }
            if ((expanded & 1023) == 0) {
                long now = System.nanoTime();
                if (now - lastProgressNanos >= explorer.PROGRESS_EVERY_NANOS) {
                    lastProgressNanos = now;
                    progress.accept(new Explorer.Progress(
                            expanded, explorer.store.size(), transitions, deepest, frontier.size(), now - startNanos));
                }
            }
        }
        if (truncatedByDepth) {
            limit = "paths cut at --max-depth " + explorer.options.maxDepth();
        }
        return result(null, checkLiveness());
    }

    /** Whether transitions and goal states are still being kept for the liveness check. */
    private boolean tracking() {
        return graph != null && graph.kept();
    }

    private void markGoals(int number, ExploredState view) {
        if (!tracking()) {
            return;
        }
        for (int g = 0; g < explorer.goals.size(); g++) {
            if (explorer.goals.get(g).reached().test(view)) {
                goalStates[g].set(number);
            }
        }
    }

    private void addEdge(int from, int to) {
        graph.add(from, to);
    }

    private List<LivenessOutcome> checkLiveness() {
        List<LivenessOutcome> outcomes = new ArrayList<>();
        for (int g = 0; g < explorer.goals.size(); g++) {
            LivenessGoal goal = explorer.goals.get(g);
            if (explorer.timed != null) {
                outcomes.add(LivenessOutcome.skipped(goal.name(), TIME_STOPS));
            } else if (explorer.options.loss()) {
                outcomes.add(LivenessOutcome.skipped(goal.name(), "with --loss a message may be lost for ever"));
            } else if (limit != null) {
                outcomes.add(LivenessOutcome.skipped(goal.name(), "the search was not complete (" + limit + ")"));
            } else if (graph == null || !graph.kept()) {
                outcomes.add(LivenessOutcome.skipped(goal.name(), "too many transitions to keep"));
            } else {
                outcomes.add(checkGoal(goal, goalStates[g]));
            }
        }
        return outcomes;
    }

    /** Marks every state from which a goal state is reachable, walking the transitions backwards. */
    private LivenessOutcome checkGoal(LivenessGoal goal, java.util.BitSet good) {
        int states = explorer.store.size();
        java.util.BitSet canReach = graph.canReach(good, states);
        int stuck = canReach.nextClearBit(0);
        if (stuck >= states) {
            return LivenessOutcome.held(
                    goal.name(), good.cardinality() + " goal states, reachable from all " + states + " states");
        }
        Counterexample path = counterexample(
                new String[] {
                    goal.name(),
                    "no state where " + goal.name() + " holds is reachable from the last state of this path"
                },
                explorer.store.parent(stuck),
                stuck == 0 ? -1 : explorer.store.step(stuck));
        return LivenessOutcome.violated(
                goal.name(), (states - canReach.cardinality()) + " states cannot reach a goal state", path);
    }

    private Counterexample counterexample(String[] problem, int parent, long code) {
        List<Long> codes = new ArrayList<>();
        if (code >= 0) {
            codes.add(code);
        }
        for (int s = parent; s > 0; s = explorer.store.parent(s)) {
            codes.add(explorer.store.step(s));
        }
        java.util.Collections.reverse(codes);
        if (parent < 0) {
            codes.clear();
        }
        return explorer.counterexampleOf(problem[0], problem[1], codes);
    }

    private ExploreResult result(Counterexample violation, List<LivenessOutcome> liveness) {
        if (violation != null) {
            liveness = explorer.goals.stream()
                    .map(goal -> LivenessOutcome.skipped(goal.name(), "a safety property failed first"))
                    .toList();
        } else if (liveness.isEmpty() && !explorer.goals.isEmpty()) {
            String why = limit != null
                    ? "the search was not complete (" + limit + ")"
                    : explorer.timed != null ? TIME_STOPS : "with --loss a message may be lost for ever";
            liveness = explorer.goals.stream()
                    .map(goal -> LivenessOutcome.skipped(goal.name(), why))
                    .toList();
        }
        long wall = System.nanoTime() - startNanos;
        Runtime runtime = Runtime.getRuntime();
        return new ExploreResult(
                explorer.algorithm.name(),
                explorer.members,
                explorer.options,
                explorer.timerPolicy,
                explorer.invariantNames(),
                expanded,
                explorer.store.size(),
                transitions,
                deepest,
                wall,
                violation == null && limit == null,
                limit,
                explorer.store.bytes() + (graph == null ? 0 : graph.bytes()),
                runtime.totalMemory() - runtime.freeMemory(),
                explorer.nodes.size(),
                explorer.envelopes.size(),
                violation,
                liveness);
    }
}
