package dev.synchrony.clocksync;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Berkeley algorithm's fault-tolerant average (Gusella and Zatti): the largest set of clocks that agree
 * with each other within a bound, averaged; a clock far off from the rest does not pull them.
 */
public final class FaultTolerantAverage {

    private FaultTolerantAverage() {}

    /**
     * The largest group of values whose spread (max - min) is at most {@code agreementBoundNanos}. Among groups
     * of the same size, the one whose mean is nearest to 0 (the daemon's own clock) wins, then the lower one.
     *
     * @param values each clock's difference to the daemon, in a deterministic (sorted-key) order
     * @param agreementBoundNanos the largest spread a group may have
     * @return the group's members, in id order
     */
    public static List<NodeId> agreeing(Map<NodeId, Long> values, long agreementBoundNanos) {
        List<Map.Entry<NodeId, Long>> sorted = new ArrayList<>(values.entrySet());
        sorted.sort(Map.Entry.<NodeId, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        int bestFrom = 0;
        int bestTo = 0;
        double bestDistance = Double.MAX_VALUE;
        int to = 0;
        for (int from = 0; from < sorted.size(); from++) {
            to = Math.max(to, from);
            while (to + 1 < sorted.size()
                    && sorted.get(to + 1).getValue() - sorted.get(from).getValue() <= agreementBoundNanos) {
                to++;
            }
            int size = to - from + 1;
            double distance = Math.abs(mean(sorted, from, to));
            if (size > bestTo - bestFrom + 1 || (size == bestTo - bestFrom + 1 && distance < bestDistance)) {
                bestFrom = from;
                bestTo = to;
                bestDistance = distance;
            }
        }
        List<NodeId> group = new ArrayList<>();
        for (int i = bestFrom; i <= bestTo && i < sorted.size(); i++) {
            group.add(sorted.get(i).getKey());
        }
        group.sort(Comparator.naturalOrder());
        return group;
    }

    /**
     * The mean of the values of {@code group}, rounded to the nearest nanosecond.
     *
     * @param values each clock's difference to the daemon
     * @param group the clocks to average, at least one
     * @return their mean difference
     * @throws IllegalArgumentException when the group is empty
     */
    public static long average(Map<NodeId, Long> values, List<NodeId> group) {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("no clock to average");
        }
        // Sum as differences to the first value so that large readings cannot overflow.
        long base = values.get(group.get(0));
        long sum = 0;
        for (NodeId node : group) {
            sum += values.get(node) - base;
        }
        return base + Math.round((double) sum / group.size());
    }

    private static double mean(List<Map.Entry<NodeId, Long>> sorted, int from, int to) {
        double sum = 0;
        for (int i = from; i <= to; i++) {
            sum += sorted.get(i).getValue();
        }
        return sum / (to - from + 1);
    }
}
