package dev.synchrony.explore;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.explore.StateParts.Application;
import dev.synchrony.explore.StateParts.Envelope;
import dev.synchrony.explore.StateParts.TimerEntry;
import dev.synchrony.sim.RunSetup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Exhaustive exploration (explicit-state model checking) of one algorithm on a small system: every order of
 * message deliveries, every timer firing, every loss (with {@link Options#loss()}) and every crash up to a bound.
 *
 * <p><b>State.</b> A global state is each process's node (or "down"), what each process has handed its
 * application and still has to be asked by the workload, the multiset of messages in flight, the multiset of
 * pending timers (timers are values) and the number of crashes so far. Each part is interned (a node state, an
 * in-flight message, a timer get small int ids, see {@link Interner}), so a global state is a short int array:
 * node ids, application ids, crash count, then the timer ids and the message ids, each sorted, which makes the
 * multisets canonical. Two states are the same exactly when their arrays are equal ({@link StateStore}); node
 * equality is the nodes' own {@code equals}, which the {@link Node} contract makes cover their whole state.
 *
 * <p><b>Steps.</b> From a state: deliver one in-flight message (equal messages on the same link are one choice);
 * lose one (with loss); fire one pending timer (at any time, or only when no message is in flight: see
 * {@link TimerPolicy}); give a process its next workload command; crash an up process (while fewer than
 * {@link Options#maxCrashes()} crashes happened); recover a crashed one (with {@link Options#recover()}). A step
 * copies only the node that acts, which runs its handler against a {@link Context} that records what it does:
 * the clock reads a fixed 0, randomness is seeded per process and restarted at each step, so a handler is a
 * function of the state.
 *
 * <p><b>Search.</b> Breadth-first by default, which makes the first violation found a shortest one; bounded
 * depth-first on request (less memory on deep spaces; its counterexamples need not be shortest). Invariants are
 * checked in every new state (and, for those that read the step, on every transition). Liveness goals are checked
 * after a complete search as "from every reachable state a goal state is reachable", over the recorded
 * transitions.
 */
public final class Explorer {

    /**
     * The bounds and the fault model of one exploration.
     *
     * @param maxDepth steps from the initial state beyond which the search does not go
     * @param loss whether any in-flight message may be lost
     * @param maxCrashes how many crashes may happen along one path
     * @param recover whether a crashed process may start again (with a fresh state)
     * @param maxStates distinct states after which the search stops
     * @param depthFirst bounded depth-first search instead of breadth-first
     * @param timers when timers fire, or null for the algorithm's choice
     * @param requests commands per process in the generic workloads (lock requests, multicasts)
     * @param seed seeds the processes' randomness
     * @param fifo every link delivers in send order (the FIFO channels that, e.g., totally ordered multicast
     *     assumes); otherwise any in-flight message may arrive next
     * @param timed bounded discrete time (ticks, delay windows, due timers, one partition or pause), or null for
     *     the untimed exploration where timing is modelled only by the timer policy
     */
    public record Options(
            int maxDepth,
            boolean loss,
            int maxCrashes,
            boolean recover,
            long maxStates,
            boolean depthFirst,
            TimerPolicy timers,
            int requests,
            long seed,
            boolean fifo,
            TimedModel timed) {

        public Options {
            if (maxDepth < 0) {
                throw new IllegalArgumentException("--max-depth: must not be negative, got " + maxDepth);
            }
            if (maxCrashes < 0) {
                throw new IllegalArgumentException("--crashes: must not be negative, got " + maxCrashes);
            }
            if (maxStates < 1 || maxStates > 500_000_000L) {
                throw new IllegalArgumentException("--max-states: " + maxStates + " is not in 1..500000000");
            }
            if (requests < 0 || requests > 100) {
                throw new IllegalArgumentException("--requests: " + requests + " is not in 0..100");
            }
        }

        /**
         * The defaults: depth 1000, no loss, no crash, 5 million states, breadth-first, the algorithm's timer policy,
         * 2 requests, seed 1, untimed; the {@code with...} methods change them. A new bound is one more field and
         * {@code with...} method here, never one more constructor.
         */
        public static Options defaults() {
            return new Draft().build();
        }

        public Options withTimed(TimedModel timed) {
            return change(draft -> draft.timed = timed);
        }

        public Options withLoss(boolean loss) {
            return change(draft -> draft.loss = loss);
        }

        public Options withCrashes(int maxCrashes, boolean recover) {
            return change(draft -> {
                draft.maxCrashes = maxCrashes;
                draft.recover = recover;
            });
        }

        public Options withMaxDepth(int maxDepth) {
            return change(draft -> draft.maxDepth = maxDepth);
        }

        public Options withMaxStates(long maxStates) {
            return change(draft -> draft.maxStates = maxStates);
        }

        public Options withDepthFirst(boolean depthFirst) {
            return change(draft -> draft.depthFirst = depthFirst);
        }

        public Options withTimers(TimerPolicy timers) {
            return change(draft -> draft.timers = timers);
        }

        public Options withFifo(boolean fifo) {
            return change(draft -> draft.fifo = fifo);
        }

        public Options withRequests(int requests) {
            return change(draft -> draft.requests = requests);
        }

        public Options withSeed(long seed) {
            return change(draft -> draft.seed = seed);
        }

        // Every with... method goes through a mutable draft, so the full argument list is written once (Draft#build).
        private Options change(Consumer<Draft> edit) {
            Draft draft = new Draft(this);
            edit.accept(draft);
            return draft.build();
        }

        /** Options being changed: the defaults, or given options' values, until {@link #build()} checks them. */
        private static final class Draft {
            private int maxDepth = 1_000;
            private boolean loss;
            private int maxCrashes;
            private boolean recover;
            private long maxStates = 5_000_000;
            private boolean depthFirst;
            private TimerPolicy timers;
            private int requests = 2;
            private long seed = 1;
            private boolean fifo;
            private TimedModel timed;

            private Draft() {}

            private Draft(Options options) {
                maxDepth = options.maxDepth;
                loss = options.loss;
                maxCrashes = options.maxCrashes;
                recover = options.recover;
                maxStates = options.maxStates;
                depthFirst = options.depthFirst;
                timers = options.timers;
                requests = options.requests;
                seed = options.seed;
                fifo = options.fifo;
                timed = options.timed;
            }

            /** The options; the record's constructor checks every bound and names the flag of a bad one. */
            private Options build() {
                return new Options(
                        maxDepth,
                        loss,
                        maxCrashes,
                        recover,
                        maxStates,
                        depthFirst,
                        timers,
                        requests,
                        seed,
                        fifo,
                        timed);
            }
        }
    }

    /** How far a running search has got, for a progress line. */
    public record Progress(long expanded, long distinct, long transitions, int depth, long queued, long wallNanos) {}

    private static final Step.Kind[] KINDS = Step.Kind.values();
    static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    final Algorithm algorithm;
    private final ExploreHarness harness;
    private final RunSetup setup;
    final Options options;
    private final Exploration exploration;
    private final ExploreWorkload workload;
    final TimerPolicy timerPolicy;
    final List<NodeId> members;
    final int n;
    final List<StateInvariant> stateInvariants = new ArrayList<>();
    final List<StateInvariant> stepInvariants = new ArrayList<>();
    /** Timed: the {@link AtMostOne} invariants, checked over every order of each tick's concurrent events. */
    final List<AtMostOne> tickInvariants = new ArrayList<>();

    final List<LivenessGoal> goals;

    private final StateParts parts = new StateParts();
    final Interner<Node<Object, Object, Object>> nodes = parts.nodes;
    private final Interner<Application> applications = parts.applications;
    final Interner<Envelope> envelopes = parts.envelopes;
    private final Interner<TimerEntry> timers = parts.timers;
    final StateStore store = new StateStore();
    final boolean fifo;
    /** Bounded discrete time, or null for an untimed exploration. */
    final TimedModel timed;

    /**
     * @param harness how the algorithm of {@code setup} is explored (see
     *     {@link dev.synchrony.explore.families.ExploreHarnesses#forAlgorithm})
     * @param setup the algorithm, its members and options, as the simulator would run it
     */
    public Explorer(ExploreHarness harness, RunSetup setup, Options options) {
        this.harness = Objects.requireNonNull(harness);
        this.setup = Objects.requireNonNull(setup);
        this.algorithm = setup.algorithm();
        this.options = Objects.requireNonNull(options);
        this.members = setup.members();
        this.n = members.size();
        if (n > 4096) {
            throw new IllegalArgumentException("--nodes: an exploration takes at most 4096 processes");
        }
        this.timed = options.timed();
        if (timed != null && n > 24) {
            throw new IllegalArgumentException("--nodes: a timed exploration takes at most 24 processes");
        }
        if (timed == null && harness.needsTime()) {
            throw new IllegalArgumentException(algorithm.name() + ": its leases and timeouts only end when time passes,"
                    + " and an untimed exploration has none: explore it with --timed");
        }
        this.exploration = Objects.requireNonNull(harness.exploration(setup), "exploration");
        this.fifo = options.fifo() || exploration.fifo();
        algorithm.newNode(members.get(0), setup.environment()); // a bad option fails here, before the search
        this.workload = exploration.workload() != null
                ? exploration.workload()
                : GenericWorkloads.forFamily(algorithm.family(), options.requests(), options.timed() != null);
        this.timerPolicy = options.timers() != null ? options.timers() : exploration.timers();
        List<StateInvariant> all = new ArrayList<>(harness.invariants(setup));
        all.addAll(GenericInvariants.forFamily(algorithm.family(), harness.invariants(setup), options.timed() != null));
        for (StateInvariant invariant : all) {
            (invariant.inspectsSteps() ? stepInvariants : stateInvariants).add(invariant);
            if (timed != null && invariant instanceof AtMostOne atMostOne) {
                tickInvariants.add(atMostOne);
            }
        }
        List<LivenessGoal> allGoals = new ArrayList<>(exploration.goals());
        allGoals.addAll(GenericInvariants.goalsForFamily(
                algorithm.family(), options.requests(), options.maxCrashes(), exploration.goals()));
        this.goals = List.copyOf(allGoals);
    }

    /** The invariants this exploration checks, by name. */
    public List<String> invariantNames() {
        List<String> names = new ArrayList<>();
        stateInvariants.forEach(i -> names.add(i.name()));
        stepInvariants.forEach(i -> names.add(i.name()));
        return names;
    }

    public TimerPolicy timerPolicy() {
        return timerPolicy;
    }

    /** Whether links deliver in send order in this exploration. */
    public boolean fifoLinks() {
        return fifo;
    }

    /** Explores without progress reports. */
    public ExploreResult run() {
        return run(progress -> {});
    }

    /** Explores, calling {@code progress} every two seconds or so of a long search. */
    public ExploreResult run(Consumer<Progress> progress) {
        return new Search(this, progress).execute();
    }

    int linkOf(int envelopeId) {
        Envelope envelope = envelopes.get(envelopeId);
        return envelope.from() * n + envelope.to();
    }

    // ------------------------------------------------------------------------------------------------------
    // Steps.

    static long stepCode(Step.Kind kind, int node, int subject) {
        return ((long) kind.ordinal() << 56) | ((long) node << 32) | (subject & 0xffffffffL);
    }

    static Step.Kind kindOf(long code) {
        return KINDS[(int) (code >>> 56)];
    }

    static int nodeOf(long code) {
        return (int) ((code >>> 32) & 0xffffff);
    }

    static int subjectOf(long code) {
        return (int) code;
    }

    /** The steps enabled in {@code state}, in a fixed order. */
    int enabledSteps(GlobalState state, long[] into) {
        if (timed != null) {
            return timedSteps(state, into);
        }
        int count = 0;
        // A decoded state's multisets are sorted already (see GlobalState#encode); with FIFO links the messages are
        // grouped by link in send order, and only the first of each link may arrive.
        int[] sortedEnvelopes = state.envelopeIds;
        for (int i = 0; i < state.envelopeCount; i++) {
            int id = sortedEnvelopes[i];
            if (i > 0 && sortedEnvelopes[i - 1] == id) {
                continue;
            }
            Envelope envelope = envelopes.get(id);
            boolean headOfLink = !fifo || i == 0 || linkOf(sortedEnvelopes[i - 1]) != linkOf(id);
            into = ensure(into, count);
            if (state.up(envelope.to())) {
                // On a FIFO link only the head is lost: losing a later message instead cannot be told apart by any
                // process, since it would be lost before anything behind it arrives.
                if (headOfLink) {
                    into[count++] = stepCode(Step.Kind.DELIVER, envelope.to(), id);
                    if (options.loss()) {
                        into[count++] = stepCode(Step.Kind.LOSE, envelope.to(), id);
                    }
                }
            } else if (headOfLink) {
                into[count++] = stepCode(Step.Kind.DROP, envelope.to(), id);
            }
        }
        if (timerPolicy == TimerPolicy.ANY_TIME || state.envelopeCount == 0) {
            int[] sortedTimers = state.timerIds;
            for (int i = 0; i < state.timerCount; i++) {
                if (i > 0 && sortedTimers[i - 1] == sortedTimers[i]) {
                    continue;
                }
                into = ensure(into, count);
                into[count++] =
                        stepCode(Step.Kind.FIRE, timers.get(sortedTimers[i]).node(), sortedTimers[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            into = ensure(into, count);
            if (state.up(i) && !applications.get(state.appIds[i]).pending().isEmpty()) {
                into[count++] = stepCode(Step.Kind.COMMAND, i, 0);
            }
        }
        if (state.crashes < options.maxCrashes()) {
            for (int i = 0; i < n; i++) {
                into = ensure(into, count);
                if (state.up(i)) {
                    into[count++] = stepCode(Step.Kind.CRASH, i, 0);
                }
            }
        }
        if (options.recover()) {
            for (int i = 0; i < n; i++) {
                into = ensure(into, count);
                if (!state.up(i)) {
                    into[count++] = stepCode(Step.Kind.RECOVER, i, 0);
                }
            }
        }
        stepBuffer = into;
        return count;
    }

    long[] stepBuffer = new long[64];

    /** Whether process {@code index} is paused in {@code state} (a timed exploration's pause under way). */
    boolean paused(GlobalState state, int index) {
        return timed != null && timed.fault().kind() == TimedModel.FaultKind.PAUSE && state.faultSubject == index;
    }

    /**
     * The steps of a timed exploration. Within a tick the processes act in turn, in member order: the process
     * whose turn it is may take a delivered message whose window has opened, lose one, drop one while it is down,
     * fire a timer that is due, take a command, crash or recover; it passes the turn once nothing of its own is due
     * (what it leaves in flight arrives in a later tick). When every process has passed, time advances a tick. The
     * fault starts at the start of a tick, before anyone acts. A paused process takes no step: its due timers and
     * arrived messages wait for its resume.
     *
     * <p>Taking the processes in one order loses no run: a message takes at least a tick ({@link TimedModel}), so
     * what processes do within one tick is independent (each handler reads and writes its own node, application,
     * storage and timers, and what it sends cannot arrive in the same tick), and every combination of their choices
     * is reached. The states in between that another order would pass through are checked when the tick ends
     * ({@link #tickViolation}).
     */
    private int timedSteps(GlobalState state, long[] into) {
        int count = 0;
        int p = state.turn;
        if (p >= n) {
            if (state.tick < timed.horizon()) {
                into = ensure(into, count);
                boolean ends = state.faultSubject >= 0 && state.tick + 1 >= state.faultEnd;
                into[count++] = stepCode(Step.Kind.TICK, ends ? 1 : 0, state.tick + 1);
            }
            stepBuffer = into;
            return count;
        }
        TimedModel.Fault fault = timed.fault();
        if (p == 0
                && state.acted == 0
                && fault.kind() != TimedModel.FaultKind.NONE
                && state.faultUsed == 0
                && state.tick >= fault.firstStart()
                && state.tick <= fault.lastStart()) {
            for (int subject : faultSubjects(state)) {
                for (int length = fault.shortest(); length <= fault.longest(); length++) {
                    into = ensure(into, count);
                    into[count++] = stepCode(
                            fault.kind() == TimedModel.FaultKind.PARTITION ? Step.Kind.PARTITION : Step.Kind.PAUSE,
                            subject,
                            length);
                }
            }
        }
        boolean up = state.up(p);
        boolean paused = paused(state, p);
        boolean due = false;
        int[] sortedEnvelopes = state.envelopeIds;
        // What piled up while p was paused (windows closed before this tick) it reads in the order it arrived: by
        // the tick its window closed, then by sender. Its due timers may still run before, between or after.
        int oldest = -1;
        for (int i = 0; i < state.envelopeCount && up && !paused; i++) {
            Envelope envelope = envelopes.get(sortedEnvelopes[i]);
            if (envelope.to() == p
                    && envelope.latest() < state.tick
                    && (oldest < 0 || piledBefore(envelope, envelopes.get(oldest), sortedEnvelopes[i], oldest))) {
                oldest = sortedEnvelopes[i];
            }
        }
        for (int i = 0; i < state.envelopeCount; i++) {
            int id = sortedEnvelopes[i];
            Envelope envelope = envelopes.get(id);
            if (envelope.to() != p) {
                continue;
            }
            if (envelope.latest() <= state.tick && !(up && paused)) {
                due = true;
            }
            if (i > 0 && sortedEnvelopes[i - 1] == id) {
                continue;
            }
            boolean headOfLink = !fifo || i == 0 || linkOf(sortedEnvelopes[i - 1]) != linkOf(id);
            if (!headOfLink) {
                continue;
            }
            into = ensure(into, count);
            if (up) {
                boolean piled = envelope.latest() < state.tick;
                if (!paused && envelope.earliest() <= state.tick && (!piled || id == oldest)) {
                    into[count++] = stepCode(Step.Kind.DELIVER, p, id);
                }
                if (options.loss()) {
                    into[count++] = stepCode(Step.Kind.LOSE, p, id);
                }
            } else {
                into[count++] = stepCode(Step.Kind.DROP, p, id);
            }
        }
        int[] sortedTimers = state.timerIds;
        for (int i = 0; i < state.timerCount; i++) {
            TimerEntry entry = timers.get(sortedTimers[i]);
            if (entry.node() != p || entry.due() > state.tick || paused) {
                continue;
            }
            due = true;
            if (i > 0 && sortedTimers[i - 1] == sortedTimers[i]) {
                continue;
            }
            into = ensure(into, count);
            into[count++] = stepCode(Step.Kind.FIRE, p, sortedTimers[i]);
        }
        into = ensure(into, count);
        if (up && !paused && !applications.get(state.appIds[p]).pending().isEmpty()) {
            // The application acts in the tick it has something to ask: no think time, so time cannot run past a
            // command (what it asks next depends on what it was handed, not on a timer).
            into[count++] = stepCode(Step.Kind.COMMAND, p, 0);
            due = true;
        }
        into = ensure(into, count);
        if (state.crashes < options.maxCrashes() && up && !paused) {
            into[count++] = stepCode(Step.Kind.CRASH, p, 0);
        }
        into = ensure(into, count);
        if (options.recover() && !up) {
            into[count++] = stepCode(Step.Kind.RECOVER, p, 0);
        }
        if (!due) {
            into = ensure(into, count);
            into[count++] = stepCode(Step.Kind.PASS, p, 0);
        }
        stepBuffer = into;
        return count;
    }

    /**
     * Keeps, for each {@link AtMostOne} invariant, which processes were X at some point of the current tick: after
     * a step of one process its bit is added; when time advances (or the tick's fault starts, before anyone acts)
     * the tick starts over from the processes that are X now.
     */
    private void trackBelievers(GlobalState state, Step.Kind kind, int node) {
        if (tickInvariants.isEmpty()) {
            return;
        }
        boolean restart = kind == Step.Kind.TICK || kind == Step.Kind.PARTITION || kind == Step.Kind.PAUSE;
        if (!restart && kind == Step.Kind.PASS) {
            return;
        }
        ExploredState view = view(state, -1, StepEffects.NONE, 0);
        if (state.believers.length != tickInvariants.size()) {
            state.believers = new int[tickInvariants.size()];
        }
        for (int k = 0; k < tickInvariants.size(); k++) {
            AtMostOne invariant = tickInvariants.get(k);
            if (restart) {
                state.believers[k] = invariant.mask(view);
            } else if (invariant.holdsFor(view, node)) {
                state.believers[k] |= 1 << node;
            }
        }
    }

    /**
     * The first {@link AtMostOne} invariant that two processes broke within the current tick of {@code state}, each
     * at some point of its own events there (which some order of the tick's concurrent events puts at the same
     * moment), as its name and detail; or null.
     */
    String[] tickViolation(GlobalState state) {
        for (int k = 0; k < tickInvariants.size() && k < state.believers.length; k++) {
            if (Integer.bitCount(state.believers[k]) > 1) {
                AtMostOne invariant = tickInvariants.get(k);
                return new String[] {
                    invariant.name(),
                    invariant.violationInTick(state.believers[k], view(state, -1, StepEffects.NONE, 0))
                };
            }
        }
        return null;
    }

    private static boolean piledBefore(Envelope a, Envelope b, int idA, int idB) {
        if (a.latest() != b.latest()) {
            return a.latest() < b.latest();
        }
        return a.from() != b.from() ? a.from() < b.from() : idA < idB;
    }

    /**
     * Who the fault may strike: for a partition, every minority side as a bit set (for an even split, only the
     * halves without the first process, since a cut of S from the rest is the cut of the rest from S); for a pause,
     * every process that is up.
     */
    private List<Integer> faultSubjects(GlobalState state) {
        List<Integer> subjects = new ArrayList<>();
        if (timed.fault().kind() == TimedModel.FaultKind.PAUSE) {
            for (int i = 0; i < n; i++) {
                if (state.up(i)) {
                    subjects.add(i);
                }
            }
            return subjects;
        }
        for (int side = 1; side < (1 << n) - 1; side++) {
            int size = Integer.bitCount(side);
            if (2 * size < n || (2 * size == n && (side & 1) == 0)) {
                subjects.add(side);
            }
        }
        return subjects;
    }

    private static long[] ensure(long[] array, int count) {
        return count + 2 <= array.length ? array : Arrays.copyOf(array, array.length * 2);
    }

    /** A handler threw: the search reports it like a violated invariant. */
    static final class HandlerFailure extends RuntimeException {
        HandlerFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The state after {@code code} from {@code base}; {@code effects[0]} gets what the step did. */
    GlobalState apply(GlobalState base, long code, StepEffects[] effects, Tracker tracker) {
        GlobalState next = base.copy();
        Step.Kind kind = kindOf(code);
        int node = nodeOf(code);
        int subject = subjectOf(code);
        ExploreContext context = null;
        switch (kind) {
            case DELIVER -> {
                Envelope envelope = envelopes.get(subject);
                next.removeEnvelope(subject);
                if (tracker != null) {
                    tracker.messageGone(subject, true);
                }
                Node<Object, Object, Object> actor =
                        nodes.get(next.nodeIds[node]).copy();
                ExploreContext handed = newContext(node, next);
                next.waking &= ~(1 << node);
                run(
                        handed,
                        kind,
                        envelope.message(),
                        () -> actor.onMessage(members.get(envelope.from()), envelope.message(), handed));
                next.nodeIds[node] = nodes.intern(actor);
                context = handed;
            }
            case LOSE, DROP -> {
                next.removeEnvelope(subject);
                if (tracker != null) {
                    tracker.messageGone(subject, false);
                }
            }
            case FIRE -> {
                TimerEntry entry = timers.get(subject);
                next.removeTimer(subject, false);
                if (tracker != null) {
                    tracker.timerGone(subject, true);
                }
                Node<Object, Object, Object> actor =
                        nodes.get(next.nodeIds[node]).copy();
                ExploreContext handed = newContext(node, next);
                next.waking &= ~(1 << node);
                run(handed, kind, entry.timer(), () -> actor.onTimer(entry.timer(), handed));
                next.nodeIds[node] = nodes.intern(actor);
                context = handed;
            }
            case COMMAND -> {
                Application application = applications.get(next.appIds[node]);
                Object command = application.pending().get(0);
                lastCommand = command;
                next.appIds[node] = applications.intern(new Application(
                        application.outputs(),
                        List.copyOf(application
                                .pending()
                                .subList(1, application.pending().size()))));
                if (tracker != null) {
                    tracker.commanded(node, command);
                }
                Node<Object, Object, Object> actor =
                        nodes.get(next.nodeIds[node]).copy();
                ExploreContext handed = newContext(node, next);
                next.waking &= ~(1 << node);
                run(handed, kind, command, () -> actor.onCommand(command, handed));
                next.nodeIds[node] = nodes.intern(actor);
                context = handed;
            }
            case CRASH -> {
                next.nodeIds[node] = -1;
                next.crashes++;
                next.waking &= ~(1 << node);
                if (tracker != null) {
                    tracker.crashed(node, false);
                }
                for (int i = next.timerCount - 1; i >= 0; i--) {
                    int id = next.timerIds[i];
                    if (timers.get(id).node() == node) {
                        next.removeTimer(id, false);
                        if (tracker != null) {
                            tracker.timerGone(id, false);
                        }
                    }
                }
                if (!options.recover()) {
                    // Without recovery nothing can receive them: dropping them now keeps the state space small.
                    for (int i = next.envelopeCount - 1; i >= 0; i--) {
                        int id = next.envelopeIds[i];
                        if (envelopes.get(id).to() == node) {
                            next.removeEnvelope(id);
                            if (tracker != null) {
                                tracker.messageGone(id, false);
                            }
                        }
                    }
                }
                Application application = applications.get(next.appIds[node]);
                next.appIds[node] = applications.intern(new Application(application.outputs(), List.of()));
            }
            case RECOVER -> {
                if (tracker != null) {
                    tracker.crashed(node, true);
                }
                Node<Object, Object, Object> actor = recoveredNode(node);
                ExploreContext handed = newContext(node, next);
                run(handed, kind, null, () -> actor.onStart(handed));
                next.nodeIds[node] = nodes.intern(actor);
                context = handed;
            }
            case TICK -> {
                next.tick = subject;
                next.turn = 0;
                if (next.faultSubject >= 0 && next.tick >= next.faultEnd) {
                    if (timed.fault().kind() == TimedModel.FaultKind.PAUSE) {
                        // It resumes; until its first handler runs it has not acted on anything since the pause.
                        next.waking |= 1 << next.faultSubject;
                    }
                    next.faultSubject = -1;
                    next.faultEnd = 0;
                }
                next.wakingAtTickStart = next.waking;
            }
            case PASS -> next.turn++;
            case PARTITION -> {
                next.faultSubject = node;
                next.faultEnd = next.tick + subject;
                next.faultUsed = 1;
                // Packets on the wire when the cut comes are lost, as with a packet filter.
                for (int i = next.envelopeCount - 1; i >= 0; i--) {
                    int id = next.envelopeIds[i];
                    Envelope envelope = envelopes.get(id);
                    if (ExploreContext.cutBy(timed, next, envelope.from(), envelope.to())) {
                        next.removeEnvelope(id);
                        if (tracker != null) {
                            tracker.messageGone(id, false);
                        }
                    }
                }
            }
            case PAUSE -> {
                next.faultSubject = node;
                next.faultEnd = next.tick + subject;
                next.faultUsed = 1;
            }
            case START -> throw new IllegalStateException("START is not a step");
        }
        effects[0] = context == null ? StepEffects.NONE : context.apply(next, tracker);
        if (timed != null) {
            if (kind == Step.Kind.TICK) {
                next.acted = 0;
            } else if (kind != Step.Kind.PARTITION && kind != Step.Kind.PAUSE && kind != Step.Kind.PASS) {
                next.acted = 1;
            }
            trackBelievers(next, kind, node);
        }
        return next;
    }

    /** The command the last {@link Step.Kind#COMMAND} step gave, for describing that step. */
    private Object lastCommand;

    /** The node a crashed process restarts with (the catalog's choice: it may differ from a first start). */
    @SuppressWarnings("unchecked")
    private Node<Object, Object, Object> recoveredNode(int index) {
        return (Node<Object, Object, Object>) algorithm.recoveredNode(members.get(index), setup.environment());
    }

    @SuppressWarnings("unchecked")
    private Node<Object, Object, Object> newNode(int index) {
        return (Node<Object, Object, Object>) algorithm.newNode(members.get(index), setup.environment());
    }

    /** The context a handler of process {@code index} acts through, for one step from {@code state}. */
    private ExploreContext newContext(int index, GlobalState state) {
        return new ExploreContext(
                index,
                members,
                parts,
                workload,
                options.seed(),
                options.recover(),
                timed,
                state.tick,
                algorithm.needsStableStorage() ? parts.storages.get(state.storageIds[index]) : null);
    }

    private void run(ExploreContext context, Step.Kind kind, Object subject, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            throw new HandlerFailure(
                    members.get(context.index) + " failed handling "
                            + kind.name().toLowerCase(java.util.Locale.ROOT) + (subject == null ? "" : " " + subject)
                            + ": " + e,
                    e);
        }
    }

    GlobalState initial(StepEffects[] effects, Tracker tracker) {
        GlobalState state = new GlobalState(new int[n], new int[n], new int[n], 0, new int[8], 0, new int[16], 0);
        List<StepEffects.Sent> sent = new ArrayList<>();
        List<Object> outputs = new ArrayList<>();
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            state.appIds[i] = applications.intern(
                    new Application(List.of(), List.copyOf(workload.initialCommands(members.get(i)))));
        }
        for (int i = 0; i < n; i++) {
            Node<Object, Object, Object> node = newNode(i);
            ExploreContext context = newContext(i, state);
            run(context, Step.Kind.START, null, () -> node.onStart(context));
            state.nodeIds[i] = nodes.intern(node);
            StepEffects done = context.apply(state, tracker);
            sent.addAll(done.sent());
            outputs.addAll(done.outputs());
            records.addAll(done.records());
        }
        effects[0] = new StepEffects(sent, outputs, records);
        if (timed != null) {
            trackBelievers(state, Step.Kind.TICK, 0);
        }
        return state;
    }

    /** A walk through the step relation taken by hand ({@code synchrony play}), from the initial state. */
    public Session session() {
        return new Session();
    }

    /**
     * The state a person has reached by choosing steps one at a time: the steps enabled there, the processes'
     * states, and the invariants checked after every step. Not thread-safe: one person drives it.
     */
    public final class Session {
        private record Reached(GlobalState state, long code, Step step, StepEffects effects, String[] violation) {}

        private final List<Reached> path = new ArrayList<>();
        private long[] enabledCodes = new long[0];

        private Session() {
            StepEffects[] effects = new StepEffects[1];
            GlobalState root = initial(effects, null);
            path.add(new Reached(root, -1, describe(-1), effects[0], check(root, -1, effects[0], 0)));
            refresh();
        }

        private String[] check(GlobalState state, long code, StepEffects effects, int depth) {
            ExploredState view = view(state, code, effects, depth);
            String[] problem = violated(stateInvariants, view);
            problem = problem != null ? problem : violated(stepInvariants, view);
            return problem != null ? problem : tickViolation(state);
        }

        private void refresh() {
            GlobalState current = path.get(path.size() - 1).state();
            int count = enabledSteps(current, stepBuffer);
            enabledCodes = Arrays.copyOf(stepBuffer, count);
        }

        /** The steps enabled now, in the explorer's fixed order. */
        public List<Step> enabled() {
            GlobalState current = path.get(path.size() - 1).state();
            List<Step> steps = new ArrayList<>(enabledCodes.length);
            for (long code : enabledCodes) {
                if (kindOf(code) == Step.Kind.COMMAND) {
                    // The command the process would be given: the head of its application's queue.
                    int node = nodeOf(code);
                    steps.add(new Step(
                            Step.Kind.COMMAND,
                            members.get(node),
                            null,
                            applications.get(current.appIds[node]).pending().get(0)));
                } else {
                    steps.add(describe(code));
                }
            }
            return steps;
        }

        /** Takes enabled step {@code index}; a handler that throws is reported as a violation of "handler". */
        public void take(int index) {
            if (index < 0 || index >= enabledCodes.length) {
                throw new IllegalArgumentException(
                        "step " + index + " is not enabled (" + enabledCodes.length + " steps are)");
            }
            long code = enabledCodes[index];
            Step step = enabled().get(index);
            StepEffects[] effects = new StepEffects[1];
            Reached last = path.get(path.size() - 1);
            try {
                GlobalState next = apply(last.state(), code, effects, null);
                path.add(new Reached(next, code, step, effects[0], check(next, code, effects[0], path.size())));
            } catch (HandlerFailure failure) {
                path.add(new Reached(
                        last.state(), code, step, new StepEffects(List.of(), List.of(), List.of()), new String[] {
                            "handler", failure.getMessage()
                        }));
            }
            refresh();
        }

        /** Goes back one step; false at the initial state. */
        public boolean undo() {
            if (path.size() == 1) {
                return false;
            }
            path.remove(path.size() - 1);
            refresh();
            return true;
        }

        /** The steps taken so far, from the processes' start. */
        public List<Step> taken() {
            return path.stream().skip(1).map(Reached::step).toList();
        }

        /** The current state, as invariants see it. */
        public ExploredState state() {
            Reached last = path.get(path.size() - 1);
            return view(last.state(), last.code(), last.effects(), path.size() - 1);
        }

        /**
         * The path taken so far as a script that {@code synchrony simulate --script} replays: the script's text, and
         * a note on what the simulator cannot replay exactly (or null).
         */
        public String[] script() {
            List<Long> codes = path.stream().skip(1).map(Reached::code).toList();
            return scriptOf(
                    replay(codes),
                    List.of(
                            "A path through " + algorithm.name() + " taken by hand in synchrony play (" + codes.size()
                                    + " steps).",
                            "Replay and draw it: synchrony simulate " + algorithm.name() + " --script THIS_FILE"));
        }

        /** The first violated invariant's name and message in the current state, or null. */
        public String[] violation() {
            return path.get(path.size() - 1).violation();
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Views for invariants, and steps for people.

    ExploredState view(GlobalState state, long code, StepEffects effects, int depth) {
        Node<?, ?, ?>[] current = new Node<?, ?, ?>[n];
        for (int i = 0; i < n; i++) {
            current[i] = state.up(i) ? nodes.get(state.nodeIds[i]) : null;
        }
        int[] appIds = state.appIds;
        int[] envelopeIds = Arrays.copyOf(state.envelopeIds, state.envelopeCount);
        int[] timerIds = Arrays.copyOf(state.timerIds, state.timerCount);
        return new ExploredState(
                members,
                current,
                index -> applications.get(appIds[index]).outputs(),
                () -> {
                    List<ExploredState.InFlight> inFlight = new ArrayList<>(envelopeIds.length);
                    for (int id : envelopeIds) {
                        Envelope envelope = envelopes.get(id);
                        inFlight.add(new ExploredState.InFlight(
                                members.get(envelope.from()), members.get(envelope.to()), envelope.message()));
                    }
                    return inFlight;
                },
                () -> {
                    List<ExploredState.PendingTimer> pending = new ArrayList<>(timerIds.length);
                    for (int id : timerIds) {
                        TimerEntry entry = timers.get(id);
                        pending.add(new ExploredState.PendingTimer(members.get(entry.node()), entry.timer()));
                    }
                    return pending;
                },
                state.crashes,
                describe(code),
                effects,
                depth,
                timeOf(state));
    }

    private ExploredState.Time timeOf(GlobalState state) {
        if (timed == null) {
            return ExploredState.Time.UNTIMED;
        }
        int suspended = state.waking;
        if (timed.fault().kind() == TimedModel.FaultKind.PAUSE && state.faultSubject >= 0) {
            suspended |= 1 << state.faultSubject;
        }
        return new ExploredState.Time(true, state.tick, timed.clockAt(state.tick), suspended);
    }

    private Step describe(long code) {
        if (code < 0) {
            return new Step(Step.Kind.START, null, null, null);
        }
        Step.Kind kind = kindOf(code);
        int node = nodeOf(code);
        int subject = subjectOf(code);
        return switch (kind) {
            case DELIVER, LOSE, DROP -> {
                Envelope envelope = envelopes.get(subject);
                yield new Step(kind, members.get(envelope.to()), members.get(envelope.from()), envelope.message());
            }
            case FIRE ->
                new Step(kind, members.get(node), null, timers.get(subject).timer());
            case COMMAND -> new Step(kind, members.get(node), null, lastCommand);
            case CRASH, RECOVER, START -> new Step(kind, members.get(node), null, null);
            case TICK -> new Step(kind, null, null, subject + (node == 1 ? healing() : ""));
            case PARTITION ->
                new Step(kind, null, null, sideOf(node) + " off from the others for " + subject + " ticks");
            case PAUSE -> new Step(kind, members.get(node), null, subject + " ticks (its inputs pile up)");
            case PASS -> new Step(kind, members.get(node), null, null);
        };
    }

    private String healing() {
        return timed.fault().kind() == TimedModel.FaultKind.PAUSE
                ? "; the paused process resumes"
                : "; the partition heals";
    }

    private List<NodeId> sideOf(int mask) {
        List<NodeId> side = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (((mask >>> i) & 1) != 0) {
                side.add(members.get(i));
            }
        }
        return side;
    }

    /** The first violated invariant's name and detail, or null. */
    String[] violated(List<StateInvariant> invariants, ExploredState view) {
        for (StateInvariant invariant : invariants) {
            String problem = invariant.violation(view);
            if (problem != null) {
                return new String[] {invariant.name(), problem};
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------------
    // The search.

    static int[] grow(int[] array, int length) {
        return array.length >= length ? array : new int[Math.max(length, array.length * 2)];
    }

    // ------------------------------------------------------------------------------------------------------
    // Counterexamples: the path again, step by step, with everything the script needs.

    Counterexample counterexampleOf(String property, String detail, List<Long> codes) {
        ReplayedPath path = replay(codes);
        List<String> header = List.of(
                "A counterexample found by synchrony explore " + algorithm.name() + ": " + property + " is violated:",
                detail,
                "Replay and draw it: synchrony simulate " + algorithm.name() + " --script THIS_FILE");
        String[] script = scriptOf(path, header);
        return new Counterexample(property, detail, path.steps, !options.depthFirst(), script[0], script[1]);
    }

    /** A path as a script that {@code simulate --script} replays, and a note on what it cannot replay (or null). */
    private String[] scriptOf(ReplayedPath path, List<String> header) {
        java.util.function.Function<Object, Map<String, Object>> fields = command -> {
            Map<String, Object> own = exploration.scriptFields().apply(command);
            return own != null ? own : GenericWorkloads.scriptFields(command);
        };
        return CounterexampleScript.write(
                algorithm.name(), setup.params().explicit(), path, fields, header, timed == null ? "1ms" : "1ns");
    }

    private ReplayedPath replay(List<Long> codes) {
        ReplayedPath path = new ReplayedPath(members);
        StepEffects[] effects = new StepEffects[1];
        path.time = 0;
        GlobalState state;
        try {
            state = initial(effects, path);
        } catch (HandlerFailure failure) {
            path.steps.add(new Counterexample.PathStep(new Step(Step.Kind.START, null, null, null), StepEffects.NONE));
            return path;
        }
        path.steps.add(new Counterexample.PathStep(new Step(Step.Kind.START, null, null, null), effects[0]));
        for (long code : codes) {
            // Timed: a step happens at its tick's time plus its place in the path in nanoseconds, so every clock
            // reading keeps the order and (to within nanoseconds) the value it had in the exploration.
            path.time = timed != null && kindOf(code) == Step.Kind.TICK
                    ? Math.max(path.time + 1, timed.clockAt(subjectOf(code)) + path.steps.size())
                    : path.time + 1;
            try {
                state = apply(state, code, effects, path);
                path.steps.add(new Counterexample.PathStep(describe(code), effects[0]));
            } catch (HandlerFailure failure) {
                path.steps.add(new Counterexample.PathStep(describe(code), StepEffects.NONE));
            }
        }
        return path;
    }
}
