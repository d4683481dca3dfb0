package dev.synchrony.clocksync;

import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.Map;

/**
 * Recorded by the time daemon when it closes a round.
 *
 * @param round the round's number
 * @param differencesNanos each machine's clock minus the daemon's, as estimated (the daemon's own is 0)
 * @param agreeing the machines whose clocks agree within the bound: only they make the average
 * @param outliers the machines left out of the average (still told to adjust)
 * @param averageNanos the average difference: where every clock is moved to, relative to the daemon
 * @param adjustmentsNanos what each machine is told to add to its clock, the daemon included
 */
public record BerkeleyRound(
        long round,
        Map<NodeId, Long> differencesNanos,
        List<NodeId> agreeing,
        List<NodeId> outliers,
        long averageNanos,
        Map<NodeId, Long> adjustmentsNanos) {

    /** Copies the maps and lists, keeping their order. */
    public BerkeleyRound {
        differencesNanos = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(differencesNanos));
        adjustmentsNanos = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(adjustmentsNanos));
        agreeing = List.copyOf(agreeing);
        outliers = List.copyOf(outliers);
    }
}
