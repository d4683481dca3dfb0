package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.catalog.MulticastEntries;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.spec.Summary;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The cost lines of a multicast summary: messages per multicast (measured beside the analytic count), latency. */
final class MulticastCost {

    private MulticastCost() {}

    /**
     * Algorithm messages one multicast needs in a group of {@code n}, with no fault; for total order an upper
     * bound, since an update stamped below what a process already sent to all needs no acknowledgement, and a
     * batch of publications travels in one update with at most one acknowledgement per receiver.
     */
    static long analytic(MulticastEntries.Ordering ordering, int n) {
        return switch (ordering) {
            case NONE, CAUSAL -> n - 1L;
            case TOTAL -> (n - 1L) + (n - 1L) * (n - 1L);
        };
    }

    static String formula(MulticastEntries.Ordering ordering) {
        return switch (ordering) {
            case NONE, CAUSAL -> "N-1 updates";
            case TOTAL -> "N-1 updates + at most (N-1)(N-1) acknowledgements";
        };
    }

    static void summarize(RunResult run, Summary summary, MulticastEntries.Ordering ordering) {
        summarize(
                run,
                summary,
                formula(ordering),
                analytic(ordering, run.trace().nodes().size()));
    }

    /** The cost lines, against the analytic count {@code expected} that {@code formula} explains. */
    static void summarize(RunResult run, Summary summary, String formula, long expected) {
        MulticastRuns runs = MulticastRuns.of(run.trace());
        int n = run.trace().nodes().size();
        long multicasts = runs.publications.size();
        Map<String, Long> byType = runs.algorithmMessages();
        long algorithmMessages =
                byType.values().stream().mapToLong(Long::longValue).sum();
        LinkOptions.Frames frames = LinkOptions.frames(run.trace());
        long[] latencies = runs.latencies();
        long deliveries = latencies.length;
        double meanNanos = 0;
        for (long latency : latencies) {
            meanNanos += latency / (double) Math.max(1, deliveries);
        }
        long p99 = MulticastRuns.percentile(latencies, 0.99);
        summary.line(String.format(
                Locale.ROOT,
                "multicasts: %d published, %d deliveries; delivery latency (virtual) " + "mean %.2f ms, p99 %.2f ms",
                multicasts,
                deliveries,
                meanNanos / 1e6,
                p99 / 1e6));
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("multicasts", multicasts);
        cost.put("deliveries", deliveries);
        cost.put("latencyMeanNanos", Math.round(meanNanos));
        cost.put("latencyP99Nanos", p99);
        if (multicasts > 0) {
            double perMulticast = algorithmMessages / (double) multicasts;
            summary.line(String.format(
                    Locale.ROOT,
                    "messages per multicast: %.2f algorithm messages measured %s; " + "analytic %s = %d for N=%d",
                    perMulticast,
                    byType,
                    formula,
                    expected,
                    n));
            cost.put("algorithmMessagesPerMulticast", perMulticast);
            cost.put("analyticMessagesPerMulticast", expected);
            cost.put("algorithmMessagesByType", byType);
            if (frames.data() > 0) {
                double wire = (frames.data() + frames.acks()) / (double) multicasts;
                summary.line(String.format(
                        Locale.ROOT,
                        "  on the wire with the link layer: %.2f frames per multicast "
                                + "(%d data frames of which %d retransmissions, %d of them spurious, %d detected by"
                                + " the echo, %d link acks)",
                        wire,
                        frames.data(),
                        frames.retransmissions(),
                        frames.spurious(),
                        frames.detected(),
                        frames.acks()));
                cost.put("framesPerMulticast", wire);
                cost.put("retransmissions", frames.retransmissions());
                cost.put("spuriousRetransmissions", frames.spurious());
                cost.put("spuriousDetectedByEcho", frames.detected());
                cost.put("linkAcks", frames.acks());
            }
        }
        summary.value("cost", cost);
    }
}
