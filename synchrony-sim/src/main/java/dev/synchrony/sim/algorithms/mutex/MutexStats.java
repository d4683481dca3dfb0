package dev.synchrony.sim.algorithms.mutex;

import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.DecentralizedMutex;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost figures of one mutual-exclusion run, read from its trace.
 *
 * @param entries critical-section entries
 * @param messages messages the processes sent (every copy handed to the network)
 * @param meanDelayTransits mean wait from request to entry, in mean message transit times
 * @param medianDelayTransits median of the same
 * @param entriesPerSecond entries per virtual second
 * @param overlaps entries made while another process was inside (safety violations)
 * @param coordinatorResets simulated coordinator resets (decentralized algorithm)
 */
public record MutexStats(
        long entries,
        long messages,
        double meanDelayTransits,
        double medianDelayTransits,
        double entriesPerSecond,
        long overlaps,
        long coordinatorResets) {

    public double messagesPerEntry() {
        return entries == 0 ? Double.NaN : (double) messages / entries;
    }

    public static MutexStats of(RunResult run) {
        Trace trace = run.trace();
        NetworkModel network = run.config().network();
        double transitNanos = Math.max(1, (network.latencyMinNanos() + network.latencyMaxNanos()) / 2.0);
        if (run.config().script() != null && run.config().script().latencyNanos() >= 0) {
            transitNanos = Math.max(1, run.config().script().latencyNanos()); // a script fixes every latency
        }
        Map<String, Long> askedAt = new HashMap<>();
        List<Double> delays = new ArrayList<>();
        long entries = 0;
        for (TraceEvent event : trace.events()) {
            if (event.kind() == EventKind.COMMAND && event.payload() instanceof MutexCommand.Acquire acquire) {
                askedAt.put(event.node() + "/" + acquire.requestId(), event.timeNanos());
            } else if (event.kind() == EventKind.INTERNAL
                    && event.payload() instanceof CriticalSection.Entered entered) {
                entries++;
                Long asked = askedAt.remove(event.node() + "/" + entered.requestId());
                if (asked != null) {
                    delays.add((event.timeNanos() - asked) / transitNanos);
                }
            }
        }
        Collections.sort(delays);
        double mean = delays.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double median = delays.isEmpty()
                ? Double.NaN
                : delays.size() % 2 == 1
                        ? delays.get(delays.size() / 2)
                        : (delays.get(delays.size() / 2 - 1) + delays.get(delays.size() / 2)) / 2;
        double seconds = run.endNanos() / 1e9;
        long resets =
                trace.withPayload(DecentralizedMutex.CoordinatorReset.class).size();
        return new MutexStats(
                entries,
                run.network().sent(),
                mean,
                median,
                entries / seconds,
                MutexChecks.overlaps(trace).size(),
                resets);
    }
}
