package dev.synchrony.detector;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A heartbeat failure detector, as a value a node embeds: it does no I/O and sets no timer. The node that owns it
 * sends heartbeats every {@link #heartbeatIntervalNanos()} from its own timer, tells the detector whenever it
 * hears from a peer ({@link #heardFrom}), and asks it on each of its timer ticks which peers have gone silent
 * ({@link #check}). All times are readings of the owner's local clock.
 *
 * <p>Contract: a watched peer is <em>suspected</em> once nothing has been heard from it for more than
 * {@link #timeoutNanos()}; it is <em>unsuspected</em> as soon as something is heard again. The detector is
 * eventually-perfect in the sense of Chandra and Toueg (1996) only when the timeout exceeds the real gap
 * between two heartbeats ({@link #safeTimeoutNanos}); below that it makes false suspicions, which the algorithms
 * built on it must survive. A crashed peer is suspected at most {@code timeout + checkPeriod} after the last
 * heartbeat it sent was received, where {@code checkPeriod} is how often the owner calls {@link #check}.
 *
 * <p>Value semantics: {@link #copy()}, {@code equals} and {@code hashCode} cover the parameters, the watched
 * peers with the time each was last heard, and the suspected set. Peers are kept in {@link NodeId} order.
 */
public final class FailureDetector {

    private final long heartbeatIntervalNanos;
    private final long timeoutNanos;
    private final TreeMap<NodeId, Long> lastHeardNanos = new TreeMap<>();
    private final TreeSet<NodeId> suspected = new TreeSet<>();

    /**
     * A detector that watches no one yet.
     *
     * @param heartbeatIntervalNanos how often the watched peers send heartbeats (what the owner's tick uses too)
     * @param timeoutNanos silence after which a peer is suspected; must exceed the heartbeat interval
     * @throws IllegalArgumentException when the interval is not positive or the timeout does not exceed it
     */
    public FailureDetector(long heartbeatIntervalNanos, long timeoutNanos) {
        if (heartbeatIntervalNanos <= 0) {
            throw new IllegalArgumentException("heartbeat interval must be positive, got " + heartbeatIntervalNanos);
        }
        if (timeoutNanos <= heartbeatIntervalNanos) {
            throw new IllegalArgumentException("detector timeout (" + timeoutNanos
                    + " ns) must exceed the heartbeat interval (" + heartbeatIntervalNanos + " ns)");
        }
        this.heartbeatIntervalNanos = heartbeatIntervalNanos;
        this.timeoutNanos = timeoutNanos;
    }

    private FailureDetector(FailureDetector other) {
        this(other.heartbeatIntervalNanos, other.timeoutNanos);
        lastHeardNanos.putAll(other.lastHeardNanos);
        suspected.addAll(other.suspected);
    }

    /**
     * The smallest timeout that never suspects a live peer on a network that loses nothing: one heartbeat
     * interval stretched by the worst rate difference of two clocks drifting by {@code rho}, plus the spread of
     * the latency, plus one nanosecond.
     *
     * @param heartbeatIntervalNanos how often heartbeats are sent
     * @param latencyMinNanos the least one-way latency
     * @param latencyMaxNanos the worst one-way latency
     * @param rho the largest drift rate of a clock, in [0, 1)
     * @return the timeout in nanoseconds
     */
    public static long safeTimeoutNanos(
            long heartbeatIntervalNanos, long latencyMinNanos, long latencyMaxNanos, double rho) {
        double stretched = heartbeatIntervalNanos * (1 + rho) / (1 - rho);
        return (long) Math.ceil(stretched) + (latencyMaxNanos - latencyMinNanos) + 1;
    }

    /**
     * How often the watched peers send heartbeats.
     *
     * @return the interval in nanoseconds
     */
    public long heartbeatIntervalNanos() {
        return heartbeatIntervalNanos;
    }

    /**
     * The silence after which a peer is suspected.
     *
     * @return the timeout in nanoseconds
     */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    /**
     * Starts watching {@code peer} as if it had just been heard from (a no-op on a peer already watched).
     *
     * @param peer the watched process
     * @param nowNanos the owner's local clock now
     */
    public void watch(NodeId peer, long nowNanos) {
        lastHeardNanos.putIfAbsent(Objects.requireNonNull(peer), nowNanos);
    }

    /**
     * Stops watching {@code peer} and forgets any suspicion of it.
     *
     * @param peer the watched process
     */
    public void unwatch(NodeId peer) {
        lastHeardNanos.remove(peer);
        suspected.remove(peer);
    }

    /** Stops watching everyone. */
    public void clear() {
        lastHeardNanos.clear();
        suspected.clear();
    }

    /**
     * Any message from {@code peer} counts as a heartbeat. Ignored for a peer not watched.
     *
     * @param peer the sender of a message
     * @param nowNanos the owner's local clock at its receipt
     * @return true when this un-suspects the peer (it was suspected and has spoken again)
     */
    public boolean heardFrom(NodeId peer, long nowNanos) {
        Long last = lastHeardNanos.get(peer);
        if (last == null) {
            return false;
        }
        // A local clock never runs backwards, but keep the later reading should a caller pass an old one.
        lastHeardNanos.put(peer, Math.max(last, nowNanos));
        return suspected.remove(peer);
    }

    /**
     * Suspects every watched peer silent for more than the timeout.
     *
     * @param nowNanos the owner's local clock now
     * @return the peers suspected by this call (not those suspected before), in id order
     */
    public List<NodeId> check(long nowNanos) {
        List<NodeId> newly = new ArrayList<>();
        for (Map.Entry<NodeId, Long> entry : lastHeardNanos.entrySet()) {
            if (nowNanos - entry.getValue() > timeoutNanos && suspected.add(entry.getKey())) {
                newly.add(entry.getKey());
            }
        }
        return newly;
    }

    /**
     * Whether {@code peer} is suspected now.
     *
     * @param peer a process
     * @return true while it is suspected
     */
    public boolean suspects(NodeId peer) {
        return suspected.contains(peer);
    }

    /**
     * Whether {@code peer} is watched.
     *
     * @param peer a process
     * @return true between {@link #watch} and {@link #unwatch}
     */
    public boolean watches(NodeId peer) {
        return lastHeardNanos.containsKey(peer);
    }

    /**
     * The suspected peers, in id order.
     *
     * @return a copy of the suspected set
     */
    public List<NodeId> suspected() {
        return List.copyOf(suspected);
    }

    /**
     * The watched peers, in id order.
     *
     * @return a copy of the watched set
     */
    public List<NodeId> watched() {
        return List.copyOf(lastHeardNanos.keySet());
    }

    /**
     * An independent detector in the same state, for the copy of the node that owns it.
     *
     * @return the copy
     */
    public FailureDetector copy() {
        return new FailureDetector(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FailureDetector that
                && heartbeatIntervalNanos == that.heartbeatIntervalNanos
                && timeoutNanos == that.timeoutNanos
                && lastHeardNanos.equals(that.lastHeardNanos)
                && suspected.equals(that.suspected);
    }

    @Override
    public int hashCode() {
        return Objects.hash(heartbeatIntervalNanos, timeoutNanos, lastHeardNanos, suspected);
    }

    @Override
    public String toString() {
        return "FailureDetector[interval=" + heartbeatIntervalNanos + "ns, timeout=" + timeoutNanos + "ns, watched="
                + lastHeardNanos.keySet() + ", suspected=" + suspected + "]";
    }
}
