package dev.synchrony.catalog;

/**
 * What a node may assume about the network it runs on: the facts its timeouts and its link policy derive from.
 * The simulator states them from its network model; the network runtime from its cluster configuration.
 *
 * @param faulty the network may lose, duplicate or reorder messages (a simulated faulty network)
 * @param reconnects connections may break and come back (TCP between processes): messages in flight across a
 *     reconnect may be lost although each connection is reliable and ordered
 * @param worstLatencyNanos the longest a message may take (reordering included), at least 1
 * @param driftRho the largest drift rate of a physical clock, in [0, 1)
 */
public record NetworkAssumptions(boolean faulty, boolean reconnects, long worstLatencyNanos, double driftRho) {

    /**
     * Checks the latency and drift.
     *
     * @throws IllegalArgumentException when the latency is below 1 ns or the drift outside [0, 1)
     */
    public NetworkAssumptions {
        if (worstLatencyNanos < 1) {
            throw new IllegalArgumentException("worst latency must be at least 1ns, got " + worstLatencyNanos);
        }
        if (!(driftRho >= 0 && driftRho < 1)) {
            throw new IllegalArgumentException("drift rate must be in [0, 1), got " + driftRho);
        }
    }

    /**
     * A network that delivers every message once, in order, within {@code worstLatencyNanos}; clocks do not drift.
     *
     * @param worstLatencyNanos the longest a message may take (raised to 1 ns if lower)
     * @return those assumptions
     */
    public static NetworkAssumptions reliable(long worstLatencyNanos) {
        return new NetworkAssumptions(false, false, Math.max(1, worstLatencyNanos), 0);
    }

    /**
     * The same network, where connections may (or may not) break and come back.
     *
     * @param reconnects whether connections may break and come back
     * @return the new assumptions
     */
    public NetworkAssumptions withReconnects(boolean reconnects) {
        return new NetworkAssumptions(faulty, reconnects, worstLatencyNanos, driftRho);
    }
}
