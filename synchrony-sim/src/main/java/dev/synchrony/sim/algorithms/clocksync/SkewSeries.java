package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.clocksync.ClockSyncCommand;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Every clock's offset to real (virtual) time at each sampling instant of a run, read from the trace's
 * {@link ClockSyncCommand.ReadClock} events: offset = C(t) - t.
 */
record SkewSeries(List<NodeId> nodes, List<Instant> instants) {

    /** The readings at one virtual time; a process that was down has no reading (null). */
    record Instant(long timeNanos, Long[] offsetsNanos, long[] eventIds) {

        /** The largest |C_p(t) - t|. */
        long maxToRealTime() {
            long max = 0;
            for (Long offset : offsetsNanos) {
                if (offset != null) {
                    max = Math.max(max, Math.abs(offset));
                }
            }
            return max;
        }

        /** The largest |C_p(t) - C_q(t)| over every pair that was up. */
        long maxBetweenClocks() {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (Long offset : offsetsNanos) {
                if (offset != null) {
                    min = Math.min(min, offset);
                    max = Math.max(max, offset);
                }
            }
            return max < min ? 0 : max - min;
        }

        /** The events of the two clocks furthest apart. */
        List<Long> extremeEvents() {
            int low = -1;
            int high = -1;
            for (int i = 0; i < offsetsNanos.length; i++) {
                if (offsetsNanos[i] != null) {
                    if (low < 0 || offsetsNanos[i] < offsetsNanos[low]) {
                        low = i;
                    }
                    if (high < 0 || offsetsNanos[i] > offsetsNanos[high]) {
                        high = i;
                    }
                }
            }
            return low < 0 ? List.of() : List.of(eventIds[low], eventIds[high]);
        }
    }

    static SkewSeries of(Trace trace) {
        int n = trace.nodes().size();
        TreeMap<Long, Instant> byTime = new TreeMap<>();
        for (TraceEvent event : trace.events()) {
            if (event.kind() == EventKind.COMMAND && event.payload() instanceof ClockSyncCommand.ReadClock) {
                Instant instant =
                        byTime.computeIfAbsent(event.timeNanos(), t -> new Instant(t, new Long[n], new long[n]));
                instant.offsetsNanos()[event.node()] = event.clockNanos() - event.timeNanos();
                instant.eventIds()[event.node()] = event.id();
            }
        }
        return new SkewSeries(trace.nodes(), new ArrayList<>(byTime.values()));
    }

    List<Instant> from(long startNanos) {
        return instants.stream().filter(i -> i.timeNanos() >= startNanos).toList();
    }

    static Instant worstBetweenClocks(List<Instant> instants) {
        Instant worst = null;
        for (Instant instant : instants) {
            if (worst == null || instant.maxBetweenClocks() > worst.maxBetweenClocks()) {
                worst = instant;
            }
        }
        return worst;
    }

    static long maxBetweenClocks(List<Instant> instants) {
        return instants.stream().mapToLong(Instant::maxBetweenClocks).max().orElse(0);
    }

    static long maxToRealTime(List<Instant> instants, List<Integer> indexes) {
        long max = 0;
        for (Instant instant : instants) {
            for (int index : indexes) {
                Long offset = instant.offsetsNanos()[index];
                if (offset != null) {
                    max = Math.max(max, Math.abs(offset));
                }
            }
        }
        return max;
    }
}
