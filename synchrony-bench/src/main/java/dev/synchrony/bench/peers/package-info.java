/**
 * The comparison benchmark of issue 12 ({@link dev.synchrony.bench.peers.PeersBench}): Synchrony's runtime beside
 * the systems users compare it with (JGroups for ordered multicast, Hazelcast's CP FencedLock and Curator over
 * ZooKeeper for locks), each in this JVM on loopback, driven by the same workloads ({@link
 * dev.synchrony.bench.peers.MulticastWorkload}, {@link dev.synchrony.bench.peers.LockWorkload}) and judged against
 * a raw Netty round trip measured in the same run.
 */
package dev.synchrony.bench.peers;
