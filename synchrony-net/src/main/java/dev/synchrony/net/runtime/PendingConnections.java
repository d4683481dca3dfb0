package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The accepted connections whose peer has not proved itself yet, in two pools of at most {@code maxPerPool} each:
 * connections from the address of a peer's host (as the cluster config names it) and connections from anywhere
 * else. Anyone can open connections and leave them half-open until the handshake timeout; with one pool, a flood
 * from anywhere kept every place taken, and a member that lost its connection (or restarted) was refused until
 * the flood stopped. With two, a flood from elsewhere fills only the strangers' pool. A flood from a peer's own
 * host still fills the members' pool: that host is then the attacker, and the address is all a member can tell
 * before the handshake.
 *
 * <p>Admission checks a pool's size and adds under one lock: connections are accepted on several event loops
 * when a member hosts several services, and a check then an add apart would let a flood slip past the cap.
 */
final class PendingConnections {

    private final int maxPerPool;
    private final Set<InetAddress> peerHosts;
    private final LongSupplier nanoTime;
    /** When each waiting connection was admitted, for {@link #longestWaitNanos()}. */
    private final Map<Channel, Long> admittedAt = new HashMap<>();

    private final Set<Channel> fromPeerHosts = new HashSet<>();
    private final Set<Channel> fromElsewhere = new HashSet<>();
    private int peak;
    private long longestWait;

    PendingConnections(int maxPerPool, Set<InetAddress> peerHosts, LongSupplier nanoTime) {
        this.maxPerPool = maxPerPool;
        this.peerHosts = Set.copyOf(peerHosts);
        this.nanoTime = nanoTime;
    }

    /**
     * The addresses of {@code self}'s peers' hosts. A host name that does not resolve now is left out: its
     * connections then wait with the strangers', which is where they were before this pool existed.
     */
    static Set<InetAddress> peerHosts(ClusterConfig config, NodeId self) {
        Set<InetAddress> hosts = new HashSet<>();
        for (ClusterConfig.MemberConfig member : config.members()) {
            if (!member.id().equals(self)) {
                try {
                    hosts.addAll(Set.of(InetAddress.getAllByName(member.host())));
                } catch (UnknownHostException e) {
                    // Left to the strangers' pool (see above).
                }
            }
        }
        return hosts;
    }

    /** Adds {@code channel} to its pool: -1, or how many wait in that pool when it is full. */
    synchronized int admit(Channel channel) {
        Set<Channel> pool = poolOf(channel);
        if (pool.size() >= maxPerPool) {
            return pool.size();
        }
        pool.add(channel);
        admittedAt.put(channel, nanoTime.getAsLong());
        peak = Math.max(peak, size());
        return -1;
    }

    /** The connection authenticated or closed: its place is free (no effect if it held none). */
    synchronized void remove(Channel channel) {
        if (!fromPeerHosts.remove(channel)) {
            fromElsewhere.remove(channel);
        }
        Long since = admittedAt.remove(channel);
        if (since != null) {
            longestWait = Math.max(longestWait, nanoTime.getAsLong() - since);
        }
    }

    /**
     * The longest any connection held its place, from admission to authentication or close: what the handshake
     * timeout bounds, apart from the delay of the member's own loop.
     */
    synchronized long longestWaitNanos() {
        return longestWait;
    }

    /** How many wait now, in both pools. */
    synchronized int size() {
        return fromPeerHosts.size() + fromElsewhere.size();
    }

    /** The most that waited at once, in both pools; never above twice {@code maxPerPool}. */
    synchronized int peak() {
        return peak;
    }

    private Set<Channel> poolOf(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress remote && peerHosts.contains(remote.getAddress())
                ? fromPeerHosts
                : fromElsewhere;
    }
}
