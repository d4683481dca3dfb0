package dev.synchrony.bench.peers;

import dev.synchrony.api.SynchronyMember;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.metrics.RuntimeMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Synchrony members in this JVM on loopback, each joined through the Java API with one configured service, under
 * mutual TLS (throwaway certificates) or the shared-secret handshake. Counts the reliable link's retransmissions
 * of all members through the runtime's metrics.
 */
final class SynchronyCluster implements AutoCloseable {

    final List<SynchronyMember> members = new ArrayList<>();
    private final AtomicLong retransmissions = new AtomicLong();
    private java.nio.file.Path storage;

    private SynchronyCluster() {}

    /**
     * The service's params: none (every algorithm's defaults), unless {@code -Dbench.params.ALGORITHM=k=v,k=v} asks
     * for others, e.g. {@code -Dbench.params.total-order=max-batch=1} to measure the lecture's total order without
     * batching beside the default in another run.
     */
    static Map<String, String> params(String algorithm) {
        String given = System.getProperty("bench.params." + algorithm, "").trim();
        Map<String, String> params = new java.util.TreeMap<>();
        for (String pair : given.isEmpty() ? new String[0] : given.split(",")) {
            String[] keyValue = pair.split("=", 2);
            if (keyValue.length != 2 || keyValue[0].isBlank()) {
                throw new IllegalArgumentException("-Dbench.params." + algorithm + ": '" + pair + "' is not key=value");
            }
            params.put(keyValue[0].trim(), keyValue[1].trim());
        }
        return Map.copyOf(params);
    }

    /**
     * Joins {@code size} members that all run service {@code service} of {@code kind} with {@code algorithm}.
     *
     * @param security {@code tls} or {@code shared-secret}
     */
    static SynchronyCluster join(int size, String security, String service, String kind, String algorithm)
            throws Exception {
        ClusterConfig base = LoopbackClusters.loopback(size);
        SynchronyCluster cluster = new SynchronyCluster();
        // Stable storage (lease-lock's votes and terms) in a folder of its own, not in the working directory.
        cluster.storage = java.nio.file.Files.createTempDirectory("peers-bench-storage");
        ClusterConfig config = (security.equals("tls") ? LoopbackClusters.withTls(base) : base)
                .withServices(List.of(new ClusterConfig.ServiceConfig(service, kind, algorithm, params(algorithm))))
                .withStorage(cluster.storage.resolve("{id}").toString());
        RuntimeMetrics metrics = new RuntimeMetrics() {
            @Override
            public void retransmission(String name, NodeId peer) {
                cluster.retransmissions.incrementAndGet();
            }
        };
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(pool.submit(() ->
                        SynchronyMember.builder(config, id).metrics(metrics).join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                try {
                    cluster.members.add(future.get());
                } catch (Exception e) {
                    cluster.close();
                    throw e;
                }
            }
        }
        return cluster;
    }

    /**
     * Times the reliable link sent its unacknowledged window again, over all members (the runtime's
     * {@link RuntimeMetrics#retransmission} count).
     */
    long retransmissions() {
        return retransmissions.get();
    }

    /**
     * Of those, the ones whose frames had arrived: all of them while no member dropped a frame or closed a
     * connection on a bad frame (TCP over loopback loses nothing, so a frame sent again had been delivered, or was
     * on its way); -1 when a member did, since the count is then not known.
     */
    long spuriousRetransmissions() {
        for (SynchronyMember member : members) {
            if (member.member().droppedFrames() > 0 || member.member().badFrames() > 0) {
                return -1;
            }
        }
        return retransmissions();
    }

    @Override
    public void close() {
        members.forEach(SynchronyMember::close);
        if (storage != null) {
            try (var files = java.nio.file.Files.walk(storage)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (java.io.IOException e) {
                // a temporary folder left behind
            }
        }
    }
}
