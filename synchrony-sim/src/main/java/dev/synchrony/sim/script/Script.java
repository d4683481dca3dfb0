package dev.synchrony.sim.script;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PauseSpec;
import java.util.List;
import java.util.Map;

/**
 * A scripted run: it fixes the processes, their clocks, the commands given at given times and, where a figure
 * needs it, when each message arrives. Loaded from YAML or JSON by {@link ScriptLoader}. Times are in
 * {@code timeUnitNanos} units in the file and in nanoseconds here.
 *
 * @param latencyNanos the latency of messages that no delivery rule names, or -1 for the run's latency flags
 * @param pauses processes that stop executing for a while, as {@code --pause} makes them
 */
public record Script(
        String source,
        String algorithm,
        long timeUnitNanos,
        List<ProcessSpec> processes,
        List<ScriptEvent> events,
        List<ScriptDelivery> deliveries,
        List<CrashSpec> crashes,
        Map<String, String> params,
        long durationNanos,
        long latencyNanos,
        List<ScriptTimer> timers,
        List<PauseSpec> pauses) {

    public Script {
        pauses = List.copyOf(pauses);
        processes = List.copyOf(processes);
        events = List.copyOf(events);
        deliveries = List.copyOf(deliveries);
        crashes = List.copyOf(crashes);
        params = Map.copyOf(params);
        timers = List.copyOf(timers);
    }

    public List<NodeId> nodeIds() {
        return processes.stream().map(ProcessSpec::id).toList();
    }

    /**
     * A process and its physical clock: C(t) = offset + rate * t. A rate of 6 with a one-second time unit reads 6
     * units per tick, as in the lecture's Lamport figure.
     */
    public record ProcessSpec(NodeId id, double rate, long offsetNanos) {}

    /** At {@code atNanos}, {@code node} is given {@code command} (fields as written; the algorithm reads them). */
    public record ScriptEvent(long atNanos, NodeId node, Map<String, Object> command) {
        public ScriptEvent {
            command = Map.copyOf(command);
        }
    }

    /**
     * The first message from {@code from} to {@code to} sent at {@code sentAtNanos} arrives at
     * {@code arriveAtNanos}, or is lost when {@code lost}.
     */
    public record ScriptDelivery(NodeId from, NodeId to, long sentAtNanos, long arriveAtNanos, boolean lost) {}

    /**
     * The first timer that {@code node} sets at {@code setAtNanos} fires at {@code fireAtNanos} whatever its delay,
     * or never when {@code fireAtNanos} is {@link #NEVER}. Written by the explorer, so that a counterexample's
     * interleaving replays exactly.
     */
    public record ScriptTimer(NodeId node, long setAtNanos, long fireAtNanos) {
        public static final long NEVER = Long.MAX_VALUE;
    }
}
