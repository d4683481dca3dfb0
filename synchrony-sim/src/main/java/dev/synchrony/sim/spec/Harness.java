package dev.synchrony.sim.spec;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The simulation glue of one family of algorithms, in one shape for every family: the workload of an unscripted
 * run, the commands a script may give, the properties checked, the summary's lines, clock settings and extra
 * files. A family's harness serves every algorithm of the family; an algorithm that needs more wraps it in
 * {@link HarnessExtras}. The algorithm itself (options, nodes, link layer) is its catalog entry in core.
 */
public interface Harness {

    /** The random workload of an unscripted run (a scripted run replaces it by the script's commands). */
    default Workload workload(RunSetup setup) {
        return Workload.NONE;
    }

    /**
     * A scripted command, from the fields the script gives ({@code {do: send, to: P2, label: m1}}).
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    default Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        throw new IllegalArgumentException(setup.algorithm().name() + " takes no scripted command, got " + fields);
    }

    default List<PropertyCheck> checks(RunSetup setup) {
        return List.of();
    }

    /** Extra lines for the human summary and fields for summary.json. */
    default void summarize(RunResult run, Summary summary) {}

    /** Whether {@code node} has a perfect clock instead of a drifting one (an NTP time server). */
    default boolean referenceClock(NodeId node, RunSetup setup) {
        return false;
    }

    /** When positive, the period around which drifting clocks' rates wander; 0 keeps constant rates. */
    default long clockWanderPeriodNanos(RunSetup setup) {
        return 0;
    }

    /** Files of the algorithm's own (a plot, a table) written beside the trace into {@code directory}. */
    default void writeExtraFiles(RunResult run, Path directory) throws IOException {}
}
