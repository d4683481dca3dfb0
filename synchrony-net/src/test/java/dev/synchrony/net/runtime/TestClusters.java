package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.Security;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Configs of loopback clusters on free ports, for tests. */
public final class TestClusters {

    public static final String SECRET = "test-secret-0123456789";

    private TestClusters() {}

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ClusterConfig loopback(int members) {
        List<ClusterConfig.MemberConfig> list = new ArrayList<>();
        for (NodeId id : NodeId.range(members)) {
            list.add(new ClusterConfig.MemberConfig(id, "127.0.0.1", freePort(), id.number()));
        }
        // Each cluster keeps its members' stable storage (lease-lock's term and vote) in a fresh directory of its own.
        return ClusterConfig.of("test", list, Security.SHARED_SECRET, SECRET)
                .withStorage(storageRoot().resolve("{id}").toString());
    }

    /** A fresh directory for the members' stable storage of one run (each member gets DIR/ID). */
    static java.nio.file.Path storageRoot() {
        try {
            return java.nio.file.Files.createTempDirectory("synchrony-storage-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Removes a run's storage directory and everything in it (best effort: a test's leftovers are not a failure). */
    static void deleteTree(java.nio.file.Path root) {
        try (var paths = java.nio.file.Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (java.io.IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }
}
