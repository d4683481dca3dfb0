/**
 * Fault injection into the real member processes of a cluster run, after Jepsen's nemesis: a {@link
 * dev.synchrony.cluster.nemesis.Schedule} of {@link dev.synchrony.cluster.nemesis.Fault}s (drawn from the seed or
 * written out) that {@link dev.synchrony.cluster.nemesis.Nemesis} carries out against the running JVMs: partitions
 * by packet filter inside a network namespace of the run's own ({@link
 * dev.synchrony.cluster.nemesis.NetworkNamespace}, {@link dev.synchrony.cluster.nemesis.PacketFilter}), pauses by
 * SIGSTOP/SIGCONT, kills and restarts on the same storage, clock skew through the member's software clock, and
 * packet loss. {@link dev.synchrony.cluster.nemesis.ClientHistory} then judges the lock and the leadership as the
 * members' applications saw them, in the machine's one monotonic time.
 */
package dev.synchrony.cluster.nemesis;
