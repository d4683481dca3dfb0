package dev.synchrony.cluster;

import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The skew between the members' clocks over a real run, read from the merged trace: every event carries the
 * member's clock reading and the machine's monotonic time, so each member's offset (clock - monotonic) is known at
 * each of its events and, between two of them, interpolated. The skew at an instant is the largest minus the
 * smallest offset over the members. Sampled at {@value #SAMPLES} instants between the last first event and the
 * first last event of the members (a killed member ends the window).
 */
public record ClockSkew(
        long firstNanos, long lastNanos, long maxLastHalfNanos, long medianLastHalfNanos, int instants) {

    static final int SAMPLES = 200;

    /** Empty when some member has fewer than two events, or their events do not overlap in time. */
    public static java.util.Optional<ClockSkew> of(Trace trace) {
        int n = trace.nodes().size();
        List<List<long[]>> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new ArrayList<>());
        }
        for (TraceEvent event : trace.events()) {
            if (event.kind().isProcessEvent()
                    && event.kind() != dev.synchrony.sim.trace.EventKind.CRASH
                    && event.kind() != dev.synchrony.sim.trace.EventKind.RECOVER) {
                points.get(event.node()).add(new long[] {event.timeNanos(), event.clockNanos() - event.timeNanos()});
            }
        }
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        for (List<long[]> node : points) {
            if (node.size() < 2) {
                return java.util.Optional.empty();
            }
            from = Math.max(from, node.get(0)[0]);
            to = Math.min(to, node.get(node.size() - 1)[0]);
        }
        if (to <= from) {
            return java.util.Optional.empty();
        }
        long[] skews = new long[SAMPLES];
        int[] cursor = new int[n];
        for (int s = 0; s < SAMPLES; s++) {
            long t = from + (to - from) * s / (SAMPLES - 1);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                List<long[]> node = points.get(i);
                while (cursor[i] + 1 < node.size() - 1 && node.get(cursor[i] + 1)[0] <= t) {
                    cursor[i]++;
                }
                long[] a = node.get(cursor[i]);
                long[] b = node.get(Math.min(cursor[i] + 1, node.size() - 1));
                long offset =
                        b[0] == a[0] ? a[1] : a[1] + Math.round((double) (b[1] - a[1]) * (t - a[0]) / (b[0] - a[0]));
                min = Math.min(min, offset);
                max = Math.max(max, offset);
            }
            skews[s] = max - min;
        }
        long maxLastHalf = 0;
        for (int s = SAMPLES / 2; s < SAMPLES; s++) {
            maxLastHalf = Math.max(maxLastHalf, skews[s]);
        }
        long[] lastHalf = java.util.Arrays.copyOfRange(skews, SAMPLES / 2, SAMPLES);
        java.util.Arrays.sort(lastHalf);
        return java.util.Optional.of(
                new ClockSkew(skews[0], skews[SAMPLES - 1], maxLastHalf, lastHalf[lastHalf.length / 2], SAMPLES));
    }
}
