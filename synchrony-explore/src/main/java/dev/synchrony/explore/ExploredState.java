package dev.synchrony.explore;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * A global state of an exploration as invariants and liveness goals see it: each process's node (null while it
 * is down), what each process handed its application so far, the messages in flight, the pending timers, and the
 * step that led here with what it did. Nodes are shared with the explorer: read them, never change them.
 */
public final class ExploredState {

    private final List<NodeId> members;
    private final Node<?, ?, ?>[] nodes;
    private final java.util.function.IntFunction<List<Object>> outputs;
    private final java.util.function.Supplier<List<InFlight>> inFlightSource;
    private final java.util.function.Supplier<List<PendingTimer>> timersSource;
    private List<InFlight> inFlight;
    private List<PendingTimer> timers;
    private final int crashes;
    private final Step step;
    private final StepEffects effects;
    private final int depth;
    private final Time time;

    /**
     * Where a timed exploration's state is in time: its tick, every process's clock reading, and the processes that
     * are paused or have resumed without acting yet (a bit set). Untimed explorations have {@link #UNTIMED}.
     */
    record Time(boolean timed, int tick, long clockNanos, int suspended) {
        static final Time UNTIMED = new Time(false, 0, 0, 0);
    }

    /** The lists are computed on first use: most invariants never ask for them. */
    ExploredState(
            List<NodeId> members,
            Node<?, ?, ?>[] nodes,
            java.util.function.IntFunction<List<Object>> outputs,
            java.util.function.Supplier<List<InFlight>> inFlight,
            java.util.function.Supplier<List<PendingTimer>> timers,
            int crashes,
            Step step,
            StepEffects effects,
            int depth,
            Time time) {
        this.members = members;
        this.nodes = nodes;
        this.outputs = outputs;
        this.inFlightSource = inFlight;
        this.timersSource = timers;
        this.crashes = crashes;
        this.step = step;
        this.effects = effects;
        this.depth = depth;
        this.time = time;
    }

    public List<NodeId> members() {
        return members;
    }

    /** The node of the {@code index}-th member, or null while it is down. */
    public Node<?, ?, ?> node(int index) {
        return nodes[index];
    }

    public Node<?, ?, ?> node(NodeId id) {
        return nodes[members.indexOf(id)];
    }

    public boolean isUp(int index) {
        return nodes[index] != null;
    }

    /** The up processes whose node is a {@code type} (e.g. every {@code MutexParticipant}), by member index. */
    public <T> List<T> nodesOf(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Node<?, ?, ?> node : nodes) {
            if (type.isInstance(node)) {
                found.add(type.cast(node));
            }
        }
        return found;
    }

    /** Everything the {@code index}-th member handed its application so far, in order (kept across crashes). */
    public List<Object> outputs(int index) {
        return outputs.apply(index);
    }

    public List<InFlight> inFlight() {
        if (inFlight == null) {
            inFlight = inFlightSource.get();
        }
        return inFlight;
    }

    /** Whether no message is in flight (cheaper than {@code inFlight().isEmpty()}). */
    public boolean networkIdle() {
        return inFlight == null ? inFlightSource.get().isEmpty() : inFlight.isEmpty();
    }

    public List<PendingTimer> timers() {
        if (timers == null) {
            timers = timersSource.get();
        }
        return timers;
    }

    /** How many crashes happened on the way here. */
    public int crashes() {
        return crashes;
    }

    /** The step that led here: {@link Step.Kind#START} for the initial state. */
    public Step step() {
        return step;
    }

    /** What the process did in {@link #step()}. */
    public StepEffects effects() {
        return effects;
    }

    /** The number of steps from the initial state on the path the explorer found first. */
    public int depth() {
        return depth;
    }

    /** Whether time passes in this exploration ({@link TimedModel}); if not, every clock reads 0. */
    public boolean timed() {
        return time.timed();
    }

    /** The global tick of a timed exploration (0 when untimed). */
    public int tick() {
        return time.tick();
    }

    /** What process {@code index}'s clock reads in this state (0 when untimed). */
    public long clockNanos(int index) {
        return time.clockNanos();
    }

    /**
     * Whether process {@code index} is paused, or has resumed and not yet acted: it executes nothing, so it uses
     * no resource and acts on no belief until its first handler after the pause has run.
     */
    public boolean suspended(int index) {
        return ((time.suspended() >>> index) & 1) != 0;
    }

    /** A message on its way. */
    public record InFlight(NodeId from, NodeId to, Object message) {
        @Override
        public String toString() {
            return message + " " + from + "->" + to;
        }
    }

    /** A timer set and not yet fired or cancelled. */
    public record PendingTimer(NodeId node, Object timer) {
        @Override
        public String toString() {
            return node + ":" + timer;
        }
    }
}
