package dev.synchrony.sim.explore;

import dev.synchrony.core.Context;
import dev.synchrony.core.LocalClock;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.RunSetup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

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
     */
    public record Options(int maxDepth, boolean loss, int maxCrashes, boolean recover, long maxStates,
            boolean depthFirst, TimerPolicy timers, int requests, long seed, boolean fifo) {

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

        public static Options defaults() {
            return new Options(1_000, false, 0, false, 5_000_000, false, null, 2, 1, false);
        }

        public Options withLoss(boolean newLoss) {
            return new Options(maxDepth, newLoss, maxCrashes, recover, maxStates, depthFirst, timers, requests, seed, fifo);
        }

        public Options withCrashes(int newMaxCrashes, boolean newRecover) {
            return new Options(maxDepth, loss, newMaxCrashes, newRecover, maxStates, depthFirst, timers, requests, seed, fifo);
        }

        public Options withMaxDepth(int newMaxDepth) {
            return new Options(newMaxDepth, loss, maxCrashes, recover, maxStates, depthFirst, timers, requests, seed, fifo);
        }

        public Options withMaxStates(long newMaxStates) {
            return new Options(maxDepth, loss, maxCrashes, recover, newMaxStates, depthFirst, timers, requests, seed, fifo);
        }

        public Options withDepthFirst(boolean newDepthFirst) {
            return new Options(maxDepth, loss, maxCrashes, recover, maxStates, newDepthFirst, timers, requests, seed, fifo);
        }

        public Options withTimers(TimerPolicy newTimers) {
            return new Options(maxDepth, loss, maxCrashes, recover, maxStates, depthFirst, newTimers, requests, seed, fifo);
        }

        public Options withFifo(boolean newFifo) {
            return new Options(maxDepth, loss, maxCrashes, recover, maxStates, depthFirst, timers, requests, seed,
                    newFifo);
        }

        public Options withRequests(int newRequests) {
            return new Options(maxDepth, loss, maxCrashes, recover, maxStates, depthFirst, timers, newRequests, seed, fifo);
        }
    }

    /** How far a running search has got, for a progress line. */
    public record Progress(long expanded, long distinct, long transitions, int depth, long queued, long wallNanos) {
    }

    private static final Step.Kind[] KINDS = Step.Kind.values();
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final AlgorithmSpec spec;
    private final RunSetup setup;
    private final Options options;
    private final Exploration exploration;
    private final ExploreWorkload workload;
    private final TimerPolicy timerPolicy;
    private final List<NodeId> members;
    private final int n;
    private final List<StateInvariant> stateInvariants = new ArrayList<>();
    private final List<StateInvariant> stepInvariants = new ArrayList<>();
    private final List<LivenessGoal> goals;

    private final Interner<Node<Object, Object, Object>> nodes = new Interner<>();
    private final Interner<Application> applications = new Interner<>();
    private final Interner<Envelope> envelopes = new Interner<>();
    private final Interner<TimerEntry> timers = new Interner<>();
    private final StateStore store = new StateStore();
    private final boolean fifo;

    public Explorer(AlgorithmSpec spec, RunSetup setup, Options options) {
        this.spec = Objects.requireNonNull(spec);
        this.setup = Objects.requireNonNull(setup);
        this.options = Objects.requireNonNull(options);
        this.members = setup.members();
        this.n = members.size();
        if (n > 4096) {
            throw new IllegalArgumentException("--nodes: an exploration takes at most 4096 processes");
        }
        this.exploration = Objects.requireNonNull(spec.exploration(setup), "exploration");
        this.fifo = options.fifo() || exploration.fifo();
        spec.newNode(members.get(0), setup); // a bad option fails here, before the search
        this.workload = exploration.workload() != null ? exploration.workload()
                : GenericWorkloads.forFamily(spec.family(), options.requests());
        this.timerPolicy = options.timers() != null ? options.timers() : exploration.timers();
        List<StateInvariant> all = new ArrayList<>(spec.invariants(setup));
        all.addAll(GenericInvariants.forFamily(spec.family(), spec.invariants(setup)));
        for (StateInvariant invariant : all) {
            (invariant.inspectsSteps() ? stepInvariants : stateInvariants).add(invariant);
        }
        List<LivenessGoal> allGoals = new ArrayList<>(exploration.goals());
        allGoals.addAll(GenericInvariants.goalsForFamily(spec.family(), options.requests(), options.maxCrashes(),
                exploration.goals()));
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
        return run(progress -> { });
    }

    /** Explores, calling {@code progress} every two seconds or so of a long search. */
    public ExploreResult run(Consumer<Progress> progress) {
        return new Search(progress).execute();
    }

    // ------------------------------------------------------------------------------------------------------
    // The parts of a state.

    /** What the application of one process has seen and still has to ask. */
    private record Application(List<Object> outputs, List<Object> pending) {
    }

    /** A message in flight. */
    private record Envelope(int from, int to, Object message) {
    }

    /** A pending timer of one process. */
    private record TimerEntry(int node, Object timer) {
    }

    /** A decoded state that a step changes in place. */
    private final class Working {
        final int[] nodeIds;
        final int[] appIds;
        int crashes;
        int[] timerIds;
        int timerCount;
        int[] envelopeIds;
        int envelopeCount;

        Working(int[] nodeIds, int[] appIds, int crashes, int[] timerIds, int timerCount, int[] envelopeIds,
                int envelopeCount) {
            this.nodeIds = nodeIds;
            this.appIds = appIds;
            this.crashes = crashes;
            this.timerIds = timerIds;
            this.timerCount = timerCount;
            this.envelopeIds = envelopeIds;
            this.envelopeCount = envelopeCount;
        }

        Working copy() {
            return new Working(nodeIds.clone(), appIds.clone(), crashes, Arrays.copyOf(timerIds, timerCount + 4),
                    timerCount, Arrays.copyOf(envelopeIds, envelopeCount + 4), envelopeCount);
        }

        boolean up(int index) {
            return nodeIds[index] >= 0;
        }

        void addEnvelope(int id) {
            if (envelopeCount == envelopeIds.length) {
                envelopeIds = Arrays.copyOf(envelopeIds, envelopeCount * 2 + 4);
            }
            envelopeIds[envelopeCount++] = id;
        }

        /** Removes the first occurrence, keeping the others in order (a FIFO link's order matters). */
        void removeEnvelope(int id) {
            for (int i = 0; i < envelopeCount; i++) {
                if (envelopeIds[i] == id) {
                    System.arraycopy(envelopeIds, i + 1, envelopeIds, i, envelopeCount - i - 1);
                    envelopeCount--;
                    return;
                }
            }
            throw new IllegalStateException("no message " + id + " in flight");
        }

        void addTimer(int id) {
            if (timerCount == timerIds.length) {
                timerIds = Arrays.copyOf(timerIds, timerCount * 2 + 4);
            }
            timerIds[timerCount++] = id;
        }

        /** Removes one firing of timer {@code id}, or all of them. */
        int removeTimer(int id, boolean all) {
            int removed = 0;
            for (int i = 0; i < timerCount; ) {
                if (timerIds[i] == id) {
                    timerIds[i] = timerIds[--timerCount];
                    removed++;
                    if (!all) {
                        return removed;
                    }
                } else {
                    i++;
                }
            }
            return removed;
        }

        /** The packed form: node ids, application ids, crashes, timer count, sorted timers, sorted messages. */
        int encode(int[] into) {
            int at = 0;
            for (int i = 0; i < n; i++) {
                into[at++] = nodeIds[i];
            }
            for (int i = 0; i < n; i++) {
                into[at++] = appIds[i];
            }
            into[at++] = crashes;
            into[at++] = timerCount;
            System.arraycopy(timerIds, 0, into, at, timerCount);
            Arrays.sort(into, at, at + timerCount);
            at += timerCount;
            System.arraycopy(envelopeIds, 0, into, at, envelopeCount);
            if (fifo) {
                sortByLink(into, at, at + envelopeCount);
            } else {
                Arrays.sort(into, at, at + envelopeCount);
            }
            return at + envelopeCount;
        }

        int encodedLength() {
            return 2 * n + 2 + timerCount + envelopeCount;
        }
    }

    /**
     * Groups in-flight messages by link, keeping send order within each link (a stable insertion sort: the
     * arrays are short). The canonical form of FIFO channels: a sequence per link.
     */
    private void sortByLink(int[] ids, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int id = ids[i];
            int key = linkOf(id);
            int j = i - 1;
            while (j >= from && linkOf(ids[j]) > key) {
                ids[j + 1] = ids[j];
                j--;
            }
            ids[j + 1] = id;
        }
    }

    private int linkOf(int envelopeId) {
        Envelope envelope = envelopes.get(envelopeId);
        return envelope.from * n + envelope.to;
    }

    private Working decode(int[] packed, int length) {
        int[] nodeIds = Arrays.copyOfRange(packed, 0, n);
        int[] appIds = Arrays.copyOfRange(packed, n, 2 * n);
        int crashes = packed[2 * n];
        int timerCount = packed[2 * n + 1];
        int timersStart = 2 * n + 2;
        int[] timerIds = Arrays.copyOfRange(packed, timersStart, timersStart + timerCount + 4);
        int envelopesStart = timersStart + timerCount;
        int envelopeCount = length - envelopesStart;
        int[] envelopeIds = Arrays.copyOfRange(packed, envelopesStart, envelopesStart + envelopeCount + 4);
        return new Working(nodeIds, appIds, crashes, timerIds, timerCount, envelopeIds, envelopeCount);
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
    private int enabledSteps(Working state, long[] into) {
        int count = 0;
        // A decoded state's multisets are sorted already (see Working#encode); with FIFO links the messages are
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
            if (state.up(envelope.to)) {
                // On a FIFO link only the head is lost: losing a later message instead cannot be told apart by any
                // process, since it would be lost before anything behind it arrives.
                if (headOfLink) {
                    into[count++] = stepCode(Step.Kind.DELIVER, envelope.to, id);
                    if (options.loss()) {
                        into[count++] = stepCode(Step.Kind.LOSE, envelope.to, id);
                    }
                }
            } else if (headOfLink) {
                into[count++] = stepCode(Step.Kind.DROP, envelope.to, id);
            }
        }
        if (timerPolicy == TimerPolicy.ANY_TIME || state.envelopeCount == 0) {
            int[] sortedTimers = state.timerIds;
            for (int i = 0; i < state.timerCount; i++) {
                if (i > 0 && sortedTimers[i - 1] == sortedTimers[i]) {
                    continue;
                }
                into = ensure(into, count);
                into[count++] = stepCode(Step.Kind.FIRE, timers.get(sortedTimers[i]).node, sortedTimers[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            into = ensure(into, count);
            if (state.up(i) && !applications.get(state.appIds[i]).pending.isEmpty()) {
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

    private long[] stepBuffer = new long[64];

    private static long[] ensure(long[] array, int count) {
        return count + 2 <= array.length ? array : Arrays.copyOf(array, array.length * 2);
    }

    /** Follows every send, timer and crash of a replayed path, to write the counterexample as a script. */
    interface Tracker {
        void sent(int from, int to, Object message, int envelope, boolean droppedNow);

        void messageGone(int envelope, boolean delivered);

        void timerSet(int node, Object timer, int timerId);

        void timerGone(int timerId, boolean fired);

        void crashed(int node, boolean recovered);

        void commanded(int node, Object command);
    }

    /** A handler threw: the search reports it like a violated invariant. */
    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The state after {@code code} from {@code base}; {@code effects[0]} gets what the step did. */
    private Working apply(Working base, long code, StepEffects[] effects, Tracker tracker) {
        Working next = base.copy();
        Step.Kind kind = kindOf(code);
        int node = nodeOf(code);
        int subject = subjectOf(code);
        StepContext context = null;
        switch (kind) {
            case DELIVER -> {
                Envelope envelope = envelopes.get(subject);
                next.removeEnvelope(subject);
                if (tracker != null) {
                    tracker.messageGone(subject, true);
                }
                Node<Object, Object, Object> actor = nodes.get(next.nodeIds[node]).copy();
                StepContext handed = new StepContext(node);
                run(handed, kind, envelope.message,
                        () -> actor.onMessage(members.get(envelope.from), envelope.message, handed));
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
                Node<Object, Object, Object> actor = nodes.get(next.nodeIds[node]).copy();
                StepContext handed = new StepContext(node);
                run(handed, kind, entry.timer, () -> actor.onTimer(entry.timer, handed));
                next.nodeIds[node] = nodes.intern(actor);
                context = handed;
            }
            case COMMAND -> {
                Application application = applications.get(next.appIds[node]);
                Object command = application.pending.get(0);
                lastCommand = command;
                next.appIds[node] = applications.intern(new Application(application.outputs,
                        List.copyOf(application.pending.subList(1, application.pending.size()))));
                if (tracker != null) {
                    tracker.commanded(node, command);
                }
                Node<Object, Object, Object> actor = nodes.get(next.nodeIds[node]).copy();
                StepContext handed = new StepContext(node);
                run(handed, kind, command, () -> actor.onCommand(command, handed));
                next.nodeIds[node] = nodes.intern(actor);
                context = handed;
            }
            case CRASH -> {
                next.nodeIds[node] = -1;
                next.crashes++;
                if (tracker != null) {
                    tracker.crashed(node, false);
                }
                for (int i = next.timerCount - 1; i >= 0; i--) {
                    int id = next.timerIds[i];
                    if (timers.get(id).node == node) {
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
                        if (envelopes.get(id).to == node) {
                            next.removeEnvelope(id);
                            if (tracker != null) {
                                tracker.messageGone(id, false);
                            }
                        }
                    }
                }
                Application application = applications.get(next.appIds[node]);
                next.appIds[node] = applications.intern(new Application(application.outputs, List.of()));
            }
            case RECOVER -> {
                if (tracker != null) {
                    tracker.crashed(node, true);
                }
                Node<Object, Object, Object> actor = recoveredNode(node);
                StepContext handed = new StepContext(node);
                run(handed, kind, null, () -> actor.onStart(handed));
                next.nodeIds[node] = nodes.intern(actor);
                context = handed;
            }
            case START -> throw new IllegalStateException("START is not a step");
        }
        effects[0] = context == null ? StepEffects.NONE : context.apply(next, tracker);
        return next;
    }

    /** The command the last {@link Step.Kind#COMMAND} step gave, for describing that step. */
    private Object lastCommand;

    /** The node a crashed process restarts with (the spec's choice: it may differ from a first start). */
    @SuppressWarnings("unchecked")
    private Node<Object, Object, Object> recoveredNode(int index) {
        return (Node<Object, Object, Object>) spec.recoveredNode(members.get(index), setup);
    }

    @SuppressWarnings("unchecked")
    private Node<Object, Object, Object> newNode(int index) {
        return (Node<Object, Object, Object>) spec.newNode(members.get(index), setup);
    }

    private void run(StepContext context, Step.Kind kind, Object subject, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            throw new HandlerFailure(members.get(context.index) + " failed handling "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + (subject == null ? "" : " " + subject)
                    + ": " + e, e);
        }
    }

    private Working initial(StepEffects[] effects, Tracker tracker) {
        Working state = new Working(new int[n], new int[n], 0, new int[8], 0, new int[16], 0);
        List<StepEffects.Sent> sent = new ArrayList<>();
        List<Object> outputs = new ArrayList<>();
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            state.appIds[i] = applications.intern(new Application(List.of(),
                    List.copyOf(workload.initialCommands(members.get(i)))));
        }
        for (int i = 0; i < n; i++) {
            Node<Object, Object, Object> node = newNode(i);
            StepContext context = new StepContext(i);
            run(context, Step.Kind.START, null, () -> node.onStart(context));
            state.nodeIds[i] = nodes.intern(node);
            StepEffects done = context.apply(state, tracker);
            sent.addAll(done.sent());
            outputs.addAll(done.outputs());
            records.addAll(done.records());
        }
        effects[0] = new StepEffects(sent, outputs, records);
        return state;
    }

    /** The context of one handler call: it records what the node does, for the step to apply afterwards. */
    private final class StepContext implements Context<Object, Object> {
        private final int index;
        private final List<Object> operations = new ArrayList<>(4);
        private List<Object> outputs;
        private List<Object> records;
        private RandomGenerator random;

        StepContext(int index) {
            this.index = index;
        }

        private record Send(int to, Object message) {
        }

        private record SetTimer(Object timer) {
        }

        private record CancelTimer(Object timer) {
        }

        @Override
        public NodeId self() {
            return members.get(index);
        }

        @Override
        public List<NodeId> members() {
            return members;
        }

        @Override
        public void send(NodeId to, Object message) {
            int target = members.indexOf(to);
            if (target < 0) {
                throw new IllegalArgumentException(self() + " sent " + message + " to " + to + ", which is not a member");
            }
            operations.add(new Send(target, Objects.requireNonNull(message, "message")));
        }

        @Override
        public void setTimer(Object timer, long delayNanos) {
            if (delayNanos < 0) {
                throw new IllegalArgumentException("negative timer delay " + delayNanos + " for " + timer);
            }
            operations.add(new SetTimer(Objects.requireNonNull(timer, "timer")));
        }

        @Override
        public void cancelTimer(Object timer) {
            operations.add(new CancelTimer(timer));
        }

        @Override
        public LocalClock clock() {
            return FIXED_CLOCK;
        }

        @Override
        public RandomGenerator random() {
            if (random == null) {
                random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + index);
            }
            return random;
        }

        @Override
        public void deliver(Object output) {
            if (outputs == null) {
                outputs = new ArrayList<>(2);
            }
            outputs.add(output);
        }

        @Override
        public void record(Object event) {
            if (records == null) {
                records = new ArrayList<>(2);
            }
            records.add(event);
        }

        /** Puts what the handler did into {@code state}, in the order it did it. */
        StepEffects apply(Working state, Tracker tracker) {
            List<StepEffects.Sent> sent = new ArrayList<>(operations.size());
            for (Object operation : operations) {
                switch (operation) {
                    case Send send -> {
                        int id = envelopes.intern(new Envelope(index, send.to, send.message));
                        boolean dropped = !state.up(send.to) && !options.recover();
                        if (!dropped) {
                            state.addEnvelope(id);
                        }
                        if (tracker != null) {
                            tracker.sent(index, send.to, send.message, id, dropped);
                        }
                        sent.add(new StepEffects.Sent(self(), members.get(send.to), send.message));
                    }
                    case SetTimer set -> {
                        int id = timers.intern(new TimerEntry(index, set.timer));
                        state.addTimer(id);
                        if (tracker != null) {
                            tracker.timerSet(index, set.timer, id);
                        }
                    }
                    case CancelTimer cancel -> {
                        int id = timers.intern(new TimerEntry(index, cancel.timer));
                        int removed = state.removeTimer(id, true);
                        for (int i = 0; tracker != null && i < removed; i++) {
                            tracker.timerGone(id, false);
                        }
                    }
                    default -> throw new IllegalStateException("unknown operation " + operation);
                }
            }
            if (outputs != null) {
                Application application = applications.get(state.appIds[index]);
                List<Object> history = new ArrayList<>(application.outputs);
                List<Object> pending = new ArrayList<>(application.pending);
                for (Object output : outputs) {
                    history.add(output);
                    pending.addAll(workload.commandsAfter(self(), output));
                }
                state.appIds[index] = applications.intern(new Application(List.copyOf(history), List.copyOf(pending)));
            }
            return new StepEffects(sent, outputs == null ? List.of() : outputs, records == null ? List.of() : records);
        }
    }

    /** The explorer's clock: time does not pass in an exploration, so it reads 0 and ignores corrections. */
    private static final LocalClock FIXED_CLOCK = new LocalClock() {
        @Override
        public long nanos() {
            return 0;
        }

        @Override
        public void slew(long correctionNanos, long periodNanos) {
        }

        @Override
        public void step(long correctionNanos) {
        }
    };

    /** A walk through the step relation taken by hand ({@code synchrony play}), from the initial state. */
    public Session session() {
        return new Session();
    }

    /**
     * The state a person has reached by choosing steps one at a time: the steps enabled there, the processes'
     * states, and the invariants checked after every step. Not thread-safe: one person drives it.
     */
    public final class Session {
        private record Reached(Working state, long code, Step step, StepEffects effects, String[] violation) {
        }

        private final List<Reached> path = new ArrayList<>();
        private long[] enabledCodes = new long[0];

        private Session() {
            StepEffects[] effects = new StepEffects[1];
            Working root = initial(effects, null);
            path.add(new Reached(root, -1, describe(-1), effects[0], check(root, -1, effects[0], 0)));
            refresh();
        }

        private String[] check(Working state, long code, StepEffects effects, int depth) {
            ExploredState view = view(state, code, effects, depth);
            String[] problem = violated(stateInvariants, view);
            return problem != null ? problem : violated(stepInvariants, view);
        }

        private void refresh() {
            Working current = path.get(path.size() - 1).state();
            int count = enabledSteps(current, stepBuffer);
            enabledCodes = Arrays.copyOf(stepBuffer, count);
        }

        /** The steps enabled now, in the explorer's fixed order. */
        public List<Step> enabled() {
            Working current = path.get(path.size() - 1).state();
            List<Step> steps = new ArrayList<>(enabledCodes.length);
            for (long code : enabledCodes) {
                if (kindOf(code) == Step.Kind.COMMAND) {
                    // The command the process would be given: the head of its application's queue.
                    int node = nodeOf(code);
                    steps.add(new Step(Step.Kind.COMMAND, members.get(node), null,
                            applications.get(current.appIds[node]).pending.get(0)));
                } else {
                    steps.add(describe(code));
                }
            }
            return steps;
        }

        /** Takes enabled step {@code index}; a handler that throws is reported as a violation of "handler". */
        public void take(int index) {
            if (index < 0 || index >= enabledCodes.length) {
                throw new IllegalArgumentException("step " + index + " is not enabled (" + enabledCodes.length
                        + " steps are)");
            }
            long code = enabledCodes[index];
            Step step = enabled().get(index);
            StepEffects[] effects = new StepEffects[1];
            Reached last = path.get(path.size() - 1);
            try {
                Working next = apply(last.state(), code, effects, null);
                path.add(new Reached(next, code, step, effects[0], check(next, code, effects[0], path.size())));
            } catch (HandlerFailure failure) {
                path.add(new Reached(last.state(), code, step, new StepEffects(List.of(), List.of(), List.of()),
                        new String[] {"handler", failure.getMessage()}));
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
            return scriptOf(replay(codes), List.of(
                    "A path through " + spec.name() + " taken by hand in synchrony play (" + codes.size() + " steps).",
                    "Replay and draw it: synchrony simulate " + spec.name() + " --script THIS_FILE"));
        }

        /** The first violated invariant's name and message in the current state, or null. */
        public String[] violation() {
            return path.get(path.size() - 1).violation();
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Views for invariants, and steps for people.

    private ExploredState view(Working state, long code, StepEffects effects, int depth) {
        Node<?, ?, ?>[] current = new Node<?, ?, ?>[n];
        for (int i = 0; i < n; i++) {
            current[i] = state.up(i) ? nodes.get(state.nodeIds[i]) : null;
        }
        int[] appIds = state.appIds;
        int[] envelopeIds = Arrays.copyOf(state.envelopeIds, state.envelopeCount);
        int[] timerIds = Arrays.copyOf(state.timerIds, state.timerCount);
        return new ExploredState(members, current, index -> applications.get(appIds[index]).outputs, () -> {
            List<ExploredState.InFlight> inFlight = new ArrayList<>(envelopeIds.length);
            for (int id : envelopeIds) {
                Envelope envelope = envelopes.get(id);
                inFlight.add(new ExploredState.InFlight(members.get(envelope.from), members.get(envelope.to),
                        envelope.message));
            }
            return inFlight;
        }, () -> {
            List<ExploredState.PendingTimer> pending = new ArrayList<>(timerIds.length);
            for (int id : timerIds) {
                TimerEntry entry = timers.get(id);
                pending.add(new ExploredState.PendingTimer(members.get(entry.node), entry.timer));
            }
            return pending;
        }, state.crashes, describe(code), effects, depth);
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
                yield new Step(kind, members.get(envelope.to), members.get(envelope.from), envelope.message);
            }
            case FIRE -> new Step(kind, members.get(node), null, timers.get(subject).timer);
            case COMMAND -> new Step(kind, members.get(node), null, lastCommand);
            case CRASH, RECOVER, START -> new Step(kind, members.get(node), null, null);
        };
    }

    /** The first violated invariant's name and detail, or null. */
    private String[] violated(List<StateInvariant> invariants, ExploredState view) {
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

    private final class Search {
        private final Consumer<Progress> progress;
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
        /** Transition pairs (from, to), kept for the liveness check. */
        private int[] edges;
        private int edgeCount;
        private final java.util.BitSet[] goalStates;
        private static final int MAX_EDGES = 100_000_000;

        Search(Consumer<Progress> progress) {
            this.progress = progress;
            boolean liveness = !goals.isEmpty() && !options.loss();
            this.edges = liveness ? new int[1 << 16] : null;
            this.goalStates = new java.util.BitSet[goals.size()];
            for (int i = 0; i < goalStates.length; i++) {
                goalStates[i] = new java.util.BitSet();
            }
        }

        ExploreResult execute() {
            Counterexample violation = null;
            long[] codes;
            Working root;
            try {
                root = initial(effects, null);
            } catch (HandlerFailure failure) {
                return result(counterexampleOf("handler-failed", failure.getMessage(), List.of()), List.of());
            }
            int length = root.encodedLength();
            buffer = grow(buffer, length);
            root.encode(buffer);
            store.addIfAbsent(buffer, length, -1, -1, 0);
            ExploredState rootView = view(root, -1, effects[0], 0);
            markGoals(0, rootView);
            String[] problem = violated(stateInvariants, rootView);
            if (problem == null) {
                problem = violated(stepInvariants, rootView);
            }
            if (problem != null) {
                return result(counterexample(problem, 0, -1), List.of());
            }
            IntDeque frontier = new IntDeque();
            frontier.add(0);
            while (!frontier.isEmpty()) {
                int number = options.depthFirst() ? frontier.removeLast() : frontier.removeFirst();
                int depth = store.depth(number);
                if (depth >= options.maxDepth()) {
                    truncatedByDepth = true;
                    continue;
                }
                packed = store.read(number, packed);
                Working state = decode(packed, store.length(number));
                int stepCount = enabledSteps(state, stepBuffer);
                codes = Arrays.copyOf(stepBuffer, stepCount);
                expanded++;
                for (long code : codes) {
                    Working next;
                    try {
                        next = apply(state, code, effects, null);
                    } catch (HandlerFailure failure) {
                        violation = counterexample(new String[] {"handler-failed", failure.getMessage()}, number, code);
                        return result(violation, List.of());
                    }
                    transitions++;
                    int nextLength = next.encodedLength();
                    buffer = grow(buffer, nextLength);
                    next.encode(buffer);
                    int found = store.addIfAbsent(buffer, nextLength, number, code, depth + 1);
                    boolean fresh = found < 0;
                    int target = fresh ? -found - 1 : found;
                    if (edges != null) {
                        addEdge(number, target);
                    }
                    ExploredState nextView = null;
                    if (fresh) {
                        deepest = Math.max(deepest, depth + 1);
                        if (!stateInvariants.isEmpty() || edges != null) {
                            nextView = view(next, code, effects[0], depth + 1);
                            markGoals(target, nextView);
                            problem = violated(stateInvariants, nextView);
                            if (problem != null) {
                                return result(counterexample(problem, number, code), List.of());
                            }
                        }
                        frontier.add(target);
                    } else if (options.depthFirst() && depth + 1 < store.depth(target)) {
                        store.reparent(target, number, code, depth + 1);
                        frontier.add(target);
                    }
                    if (!stepInvariants.isEmpty()) {
                        if (nextView == null) {
                            nextView = view(next, code, effects[0], depth + 1);
                        }
                        problem = violated(stepInvariants, nextView);
                        if (problem != null) {
                            return result(counterexample(problem, number, code), List.of());
                        }
                    }
                    if (store.size() >= options.maxStates()) {
                        limit = "stopped at --max-states " + options.maxStates();
                        return result(null, List.of());
                    }
                }
                if ((expanded & 1023) == 0) {
                    long now = System.nanoTime();
                    if (now - lastProgressNanos >= PROGRESS_EVERY_NANOS) {
                        lastProgressNanos = now;
                        progress.accept(new Progress(expanded, store.size(), transitions, deepest, frontier.size(),
                                now - startNanos));
                    }
                }
            }
            if (truncatedByDepth) {
                limit = "paths cut at --max-depth " + options.maxDepth();
            }
            return result(null, checkLiveness());
        }

        private void markGoals(int number, ExploredState view) {
            if (edges == null) {
                return;
            }
            for (int g = 0; g < goals.size(); g++) {
                if (goals.get(g).reached().test(view)) {
                    goalStates[g].set(number);
                }
            }
        }

        private void addEdge(int from, int to) {
            if (edgeCount + 2 > edges.length) {
                if (edges.length >= MAX_EDGES) {
                    edges = null;
                    return;
                }
                edges = Arrays.copyOf(edges, Math.min(MAX_EDGES, edges.length * 2));
            }
            edges[edgeCount++] = from;
            edges[edgeCount++] = to;
        }

        private List<LivenessOutcome> checkLiveness() {
            List<LivenessOutcome> outcomes = new ArrayList<>();
            for (int g = 0; g < goals.size(); g++) {
                LivenessGoal goal = goals.get(g);
                if (options.loss()) {
                    outcomes.add(LivenessOutcome.skipped(goal.name(), "with --loss a message may be lost for ever"));
                } else if (limit != null) {
                    outcomes.add(LivenessOutcome.skipped(goal.name(), "the search was not complete (" + limit + ")"));
                } else if (edges == null) {
                    outcomes.add(LivenessOutcome.skipped(goal.name(), "too many transitions to keep"));
                } else {
                    outcomes.add(checkGoal(goal, goalStates[g]));
                }
            }
            return outcomes;
        }

        /** Marks every state from which a goal state is reachable, walking the transitions backwards. */
        private LivenessOutcome checkGoal(LivenessGoal goal, java.util.BitSet good) {
            int states = store.size();
            int[] incomingCount = new int[states + 1];
            for (int e = 0; e < edgeCount; e += 2) {
                incomingCount[edges[e + 1] + 1]++;
            }
            for (int i = 0; i < states; i++) {
                incomingCount[i + 1] += incomingCount[i];
            }
            int[] sources = new int[edgeCount / 2];
            int[] fill = Arrays.copyOf(incomingCount, states);
            for (int e = 0; e < edgeCount; e += 2) {
                sources[fill[edges[e + 1]]++] = edges[e];
            }
            java.util.BitSet canReach = (java.util.BitSet) good.clone();
            IntDeque work = new IntDeque();
            for (int s = good.nextSetBit(0); s >= 0; s = good.nextSetBit(s + 1)) {
                work.add(s);
            }
            while (!work.isEmpty()) {
                int s = work.removeFirst();
                for (int i = incomingCount[s]; i < incomingCount[s + 1]; i++) {
                    int source = sources[i];
                    if (!canReach.get(source)) {
                        canReach.set(source);
                        work.add(source);
                    }
                }
            }
            int stuck = canReach.nextClearBit(0);
            if (stuck >= states) {
                return LivenessOutcome.held(goal.name(), good.cardinality() + " goal states, reachable from all "
                        + states + " states");
            }
            Counterexample path = counterexample(new String[] {goal.name(),
                    "no state where " + goal.name() + " holds is reachable from the last state of this path"},
                    store.parent(stuck), stuck == 0 ? -1 : store.step(stuck));
            return LivenessOutcome.violated(goal.name(), (states - canReach.cardinality())
                    + " states cannot reach a goal state", path);
        }

        private Counterexample counterexample(String[] problem, int parent, long code) {
            List<Long> codes = new ArrayList<>();
            if (code >= 0) {
                codes.add(code);
            }
            for (int s = parent; s > 0; s = store.parent(s)) {
                codes.add(store.step(s));
            }
            java.util.Collections.reverse(codes);
            if (parent < 0) {
                codes.clear();
            }
            return counterexampleOf(problem[0], problem[1], codes);
        }

        private ExploreResult result(Counterexample violation, List<LivenessOutcome> liveness) {
            if (violation != null) {
                liveness = goals.stream().map(goal -> LivenessOutcome.skipped(goal.name(),
                        "a safety property failed first")).toList();
            } else if (liveness.isEmpty() && !goals.isEmpty()) {
                String why = limit != null ? "the search was not complete (" + limit + ")"
                        : "with --loss a message may be lost for ever";
                liveness = goals.stream().map(goal -> LivenessOutcome.skipped(goal.name(), why)).toList();
            }
            long wall = System.nanoTime() - startNanos;
            Runtime runtime = Runtime.getRuntime();
            return new ExploreResult(spec.name(), members, options, timerPolicy, invariantNames(), expanded,
                    store.size(), transitions, deepest, wall, violation == null && limit == null, limit,
                    store.bytes() + (edges == null ? 0 : 4L * edges.length),
                    runtime.totalMemory() - runtime.freeMemory(), nodes.size(), envelopes.size(), violation,
                    liveness);
        }
    }

    private static int[] grow(int[] array, int length) {
        return array.length >= length ? array : new int[Math.max(length, array.length * 2)];
    }

    /** A growable deque of ints (the search frontier). */
    private static final class IntDeque {
        private int[] items = new int[1024];
        private int head;
        private int tail;

        void add(int value) {
            if (tail == items.length) {
                if (head > items.length / 2) {
                    System.arraycopy(items, head, items, 0, tail - head);
                    tail -= head;
                    head = 0;
                } else {
                    items = Arrays.copyOf(items, items.length * 2);
                }
            }
            items[tail++] = value;
        }

        int removeFirst() {
            return items[head++];
        }

        int removeLast() {
            return items[--tail];
        }

        boolean isEmpty() {
            return head == tail;
        }

        int size() {
            return tail - head;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Counterexamples: the path again, step by step, with everything the script needs.

    private Counterexample counterexampleOf(String property, String detail, List<Long> codes) {
        ReplayedPath path = replay(codes);
        List<String> header = List.of(
                "A counterexample found by synchrony explore " + spec.name() + ": " + property + " is violated:",
                detail,
                "Replay and draw it: synchrony simulate " + spec.name() + " --script THIS_FILE");
        String[] script = scriptOf(path, header);
        return new Counterexample(property, detail, path.steps, !options.depthFirst(), script[0], script[1]);
    }

    /** A path as a script that {@code simulate --script} replays, and a note on what it cannot replay (or null). */
    private String[] scriptOf(ReplayedPath path, List<String> header) {
        java.util.function.Function<Object, Map<String, Object>> fields = command -> {
            Map<String, Object> own = exploration.scriptFields().apply(command);
            return own != null ? own : GenericWorkloads.scriptFields(command);
        };
        return CounterexampleScript.write(spec.name(), setup.params().explicit(), path, fields, header);
    }

    private ReplayedPath replay(List<Long> codes) {
        ReplayedPath path = new ReplayedPath(members);
        StepEffects[] effects = new StepEffects[1];
        path.time = 0;
        Working state;
        try {
            state = initial(effects, path);
        } catch (HandlerFailure failure) {
            path.steps.add(new Counterexample.PathStep(new Step(Step.Kind.START, null, null, null), StepEffects.NONE));
            return path;
        }
        path.steps.add(new Counterexample.PathStep(new Step(Step.Kind.START, null, null, null), effects[0]));
        for (long code : codes) {
            path.time++;
            try {
                state = apply(state, code, effects, path);
                path.steps.add(new Counterexample.PathStep(describe(code), effects[0]));
            } catch (HandlerFailure failure) {
                path.steps.add(new Counterexample.PathStep(describe(code), StepEffects.NONE));
            }
        }
        return path;
    }

    /** The scripted form of a path: which message arrived when, which timer fired when, who crashed. */
    static final class ReplayedPath implements Tracker {
        final List<NodeId> members;
        final List<Counterexample.PathStep> steps = new ArrayList<>();
        final List<SentMessage> sent = new ArrayList<>();
        final List<SetTimer> timersSet = new ArrayList<>();
        final List<int[]> crashes = new ArrayList<>();
        final List<Object[]> commands = new ArrayList<>();
        int time;

        ReplayedPath(List<NodeId> members) {
            this.members = members;
        }

        static final class SentMessage {
            final int from;
            final int to;
            final Object message;
            final int envelope;
            final int sentAt;
            int arrivedAt = -1;
            boolean lost;

            SentMessage(int from, int to, Object message, int envelope, int sentAt) {
                this.from = from;
                this.to = to;
                this.message = message;
                this.envelope = envelope;
                this.sentAt = sentAt;
            }

            boolean settled() {
                return lost || arrivedAt >= 0;
            }
        }

        static final class SetTimer {
            final int node;
            final Object timer;
            final int timerId;
            final int setAt;
            int firedAt = -1;
            boolean gone;

            SetTimer(int node, Object timer, int timerId, int setAt) {
                this.node = node;
                this.timer = timer;
                this.timerId = timerId;
                this.setAt = setAt;
            }
        }

        @Override
        public void sent(int from, int to, Object message, int envelope, boolean droppedNow) {
            SentMessage record = new SentMessage(from, to, message, envelope, time);
            record.lost = droppedNow;
            sent.add(record);
        }

        @Override
        public void messageGone(int envelope, boolean delivered) {
            for (SentMessage record : sent) {
                if (record.envelope == envelope && !record.settled()) {
                    if (delivered) {
                        record.arrivedAt = time;
                    } else {
                        record.lost = true;
                    }
                    return;
                }
            }
        }

        @Override
        public void timerSet(int node, Object timer, int timerId) {
            timersSet.add(new SetTimer(node, timer, timerId, time));
        }

        @Override
        public void timerGone(int timerId, boolean fired) {
            for (SetTimer record : timersSet) {
                if (record.timerId == timerId && !record.gone) {
                    record.gone = true;
                    if (fired) {
                        record.firedAt = time;
                    }
                    return;
                }
            }
        }

        @Override
        public void crashed(int node, boolean recovered) {
            if (recovered) {
                for (int i = crashes.size() - 1; i >= 0; i--) {
                    if (crashes.get(i)[0] == node && crashes.get(i)[2] < 0) {
                        crashes.get(i)[2] = time;
                        return;
                    }
                }
            } else {
                crashes.add(new int[] {node, time, -1});
            }
        }

        @Override
        public void commanded(int node, Object command) {
            commands.add(new Object[] {time, node, command});
        }
    }
}
