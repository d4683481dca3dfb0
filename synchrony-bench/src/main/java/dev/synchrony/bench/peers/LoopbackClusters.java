package dev.synchrony.bench.peers;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.Security;
import dev.synchrony.net.tls.TrialCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster configurations every runtime benchmark starts from: members on free loopback ports, with the shared
 * secret or with throwaway TLS certificates. Kept here, below the benchmarks that use it, so that {@code bench} and
 * {@code bench.peers} depend on each other in one direction only.
 */
public final class LoopbackClusters {

    private LoopbackClusters() {}

    /** {@code count} members n1..n{count} on 127.0.0.1, each on a port that was free a moment ago, shared secret. */
    public static ClusterConfig loopback(int count) throws IOException {
        List<ClusterConfig.MemberConfig> list = new ArrayList<>();
        for (NodeId id : NodeId.range(count)) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                list.add(new ClusterConfig.MemberConfig(id, "127.0.0.1", socket.getLocalPort(), id.number()));
            }
        }
        return ClusterConfig.of("bench", list, Security.SHARED_SECRET, "bench-secret-0123456789");
    }

    /** {@code config} under mutual TLS, with a throwaway CA and one certificate per member in a temporary folder. */
    public static ClusterConfig withTls(ClusterConfig config) throws IOException {
        Path directory = Files.createTempDirectory("synchrony-bench-certs");
        TrialCertificates.write(directory, config.memberIds(), Duration.ofDays(1));
        return config.withSecurity(Security.tls(
                directory.resolve("ca.pem"),
                directory.resolve("{id}.pem").toString(),
                directory.resolve("{id}.key").toString()));
    }
}
