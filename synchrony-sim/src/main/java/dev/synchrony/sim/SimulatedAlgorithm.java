package dev.synchrony.sim;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.Map;

/**
 * What the simulator needs of an algorithm beyond its catalog entry: the workload of an unscripted run, the
 * commands of a script, the properties to check, and clock settings. The harness packages above the engine
 * implement it, so the engine depends on none of them.
 */
public interface SimulatedAlgorithm {

    /** The catalog entry: name, options, how nodes are built. */
    Algorithm algorithm();

    /** The random workload of an unscripted run (a scripted run replaces it by the script's commands). */
    Workload workload(RunSetup setup);

    /**
     * A scripted command, from the fields the script gives ({@code {type: send, to: P2, label: m1}}).
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    Object scriptCommand(Map<String, Object> fields, RunSetup setup);

    List<PropertyCheck> checks(RunSetup setup);

    /**
     * Whether {@code node} has a perfect clock (a UTC receiver: rate 1, offset 0) instead of a drifting one, as
     * an NTP time server does. A script's clock settings still win.
     */
    boolean referenceClock(NodeId node, RunSetup setup);

    /**
     * When positive, drifting clocks do not run at a constant rate: each one's rate wanders through
     * [1 - rho, 1 + rho] as 1 + rho sin(2 pi t / P + phase), with P drawn around this period (see
     * {@link SimulatedClock#wander}). 0 keeps constant rates.
     */
    long clockWanderPeriodNanos(RunSetup setup);
}
