package dev.synchrony.bench.peers;

/**
 * What the benchmark measures, under the same name for every system. Latencies are compared with the raw round
 * trip of the same round ({@link #perRoundTrip}); rates and counts are not.
 */
enum Figure {
    ROUND_TRIP("round trip, 64 B echo: median", "us", true, false),
    MULTICAST_RATE("multicast: delivered msgs/s per member, saturating senders", "msg/s", false, false),
    MULTICAST_LATENCY_MEDIAN("multicast latency, 1 in flight per sender: median", "us", true, true),
    MULTICAST_LATENCY_P99("multicast latency, 1 in flight per sender: p99", "us", true, true),
    ORDER_DISAGREEMENTS("multicast: members delivering in another order than the first", "members", true, false),
    RETRANSMISSIONS("link: windows sent again after a timeout in the multicast runs", "times", true, false),
    RETRANSMITTED_FRAMES("link: data frames sent again in the multicast runs", "frames", true, false),
    SPURIOUS_RETRANSMISSIONS("link: of those frames, found sent for nothing by the link", "frames", true, false),
    LOCK_MEDIAN("lock acquire+release, uncontended, not the coordinator: median", "us", true, true),
    LOCK_P99("lock acquire+release, uncontended, not the coordinator: p99", "us", true, true),
    LOCK_CONTENDED("lock: acquisitions/s, 3 members contending", "acq/s", false, false);

    final String label;
    final String unit;
    /** Lower values are better (latencies, counts), else higher (rates). */
    final boolean lowerIsBetter;
    /** Reported also as a multiple of the raw Netty round trip of the same round. */
    final boolean perRoundTrip;

    Figure(String label, String unit, boolean lowerIsBetter, boolean perRoundTrip) {
        this.label = label;
        this.unit = unit;
        this.lowerIsBetter = lowerIsBetter;
        this.perRoundTrip = perRoundTrip;
    }

    /** The name in the JSON file: lower case, dashes. */
    String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
