/**
 * Cluster runs across real JVMs: each member process ({@link dev.synchrony.cluster.MemberMain},
 * {@link dev.synchrony.cluster.MemberProcess}) hosts an algorithm's node on the network runtime and carries out its
 * share of the simulator's workload; {@link dev.synchrony.cluster.ClusterRun} starts them on loopback, merges their
 * traces ({@link dev.synchrony.cluster.TraceMerge}) and checks the merged trace with the simulator's checks. This
 * is why the package lives above both the network runtime and the simulator.
 */
package dev.synchrony.cluster;
