package dev.synchrony.sim.spec;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.check.PropertyCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How the simulator (and {@code synchrony simulate}/{@code check}) runs one algorithm: its nodes, its workload,
 * its property checks and what its summary adds. The algorithm itself lives in the core module; this is the
 * harness around it.
 */
public interface AlgorithmSpec {

    /** The name users type: {@code lamport}, {@code ricart-agrawala}. */
    String name();

    /** One line for {@code synchrony list}. */
    String description();

    /** Options of its own ({@code --ordering total}). */
    default List<ParamSpec> params() {
        return List.of();
    }

    default int defaultNodes() {
        return 3;
    }

    /** A fresh node: at start, and again when a crashed process recovers with its volatile state lost. */
    Node<?, ?, ?> newNode(NodeId id, RunSetup setup);

    /**
     * The node a crashed process restarts with, its volatile state lost. By default the same as a fresh one;
     * an algorithm whose first start presumes something (an initial coordinator) returns a node that does not.
     */
    default Node<?, ?, ?> recoveredNode(NodeId id, RunSetup setup) {
        return newNode(id, setup);
    }

    /** The random workload of an unscripted run (a scripted run replaces it by the script's commands). */
    default Workload workload(RunSetup setup) {
        return Workload.NONE;
    }

    /**
     * A scripted command, from the fields the script gives ({@code {type: send, to: P2, label: m1}}).
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    default Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        throw new IllegalArgumentException(name() + " takes no scripted command, got " + fields);
    }

    List<PropertyCheck> checks(RunSetup setup);

    /** Extra lines for the human summary and fields for summary.json. */
    default void summarize(RunResult run, Summary summary) {
    }

    /**
     * Whether {@code node} has a perfect clock (a UTC receiver: rate 1, offset 0) instead of a drifting one, as
     * an NTP time server does. A script's clock settings still win.
     */
    default boolean referenceClock(NodeId node, RunSetup setup) {
        return false;
    }

    /**
     * When positive, drifting clocks do not run at a constant rate: each one's rate wanders through
     * [1 - rho, 1 + rho] as 1 + rho sin(2 pi t / P + phase), with P drawn around this period (see
     * {@link dev.synchrony.sim.SimulatedClock#wander}). 0 keeps constant rates.
     */
    default long clockWanderPeriodNanos(RunSetup setup) {
        return 0;
    }

    /** Files of the algorithm's own (a plot, a table) written beside the trace into {@code directory}. */
    default void writeExtraFiles(RunResult run, Path directory) throws IOException {
    }
}
