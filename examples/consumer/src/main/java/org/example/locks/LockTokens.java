package org.example.locks;

import dev.synchrony.api.DistributedLock;
import dev.synchrony.api.Grant;
import dev.synchrony.api.SynchronyMember;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.tls.TrialCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Three members of one cluster, in this JVM, on loopback, talking mutual TLS with throwaway certificates made for
 * this run: each takes the distributed lock "orders" three times and records the fencing token of each grant while
 * it holds the lock. Fencing tokens must grow with every grant, so
 * the program checks that the tokens, in the order the grants happened, strictly increase, and exits with 1 if not.
 */
public final class LockTokens {

    private static final int MEMBERS = 3;
    private static final int ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        List<NodeId> ids = new ArrayList<>();
        for (int i = 1; i <= MEMBERS; i++) {
            ids.add(NodeId.of("n" + i));
        }
        // A trial CA and one certificate per member (a real cluster has its own CA and keeps the keys elsewhere).
        Path certs = Files.createTempDirectory("lock-tokens-certs");
        TrialCertificates.write(certs, ids, Duration.ofHours(1));
        // Every member keeps stable storage (the term and vote of the lease-lock node behind locks by name).
        Path storage = Files.createTempDirectory("lock-tokens-storage");
        ClusterConfig config = ClusterConfig.parse(clusterYaml(ids, freeLoopbackPorts(MEMBERS)), "LockTokens", certs)
                .withStorage(storage.resolve("{id}").toString());
        List<SynchronyMember> members = join(config);
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (SynchronyMember member : members) {
                work.add(threads.submit(() -> {
                    DistributedLock lock = member.lock("orders");
                    for (int round = 0; round < ROUNDS; round++) {
                        Grant grant = lock.tryLock(Duration.ofSeconds(30))
                                .orElseThrow(() -> new IllegalStateException(member.self() + ": no grant in 30 s"));
                        try {
                            // Recorded while holding the lock, so the list is in grant order.
                            tokens.add(grant.fencingToken());
                            System.out.println(member.self() + " holds orders with fencing token " + grant.fencingToken());
                        } finally {
                            lock.unlock(grant);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            members.forEach(SynchronyMember::close);
            try (var files = Files.list(certs)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(certs);
        }
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i) <= tokens.get(i - 1)) {
                System.err.println("fencing tokens did not increase: " + tokens);
                System.exit(1);
            }
        }
        if (tokens.size() != MEMBERS * ROUNDS) {
            System.err.println("expected " + MEMBERS * ROUNDS + " grants, got " + tokens.size());
            System.exit(1);
        }
        System.out.println(tokens.size() + " grants, fencing tokens increasing: " + tokens);
        System.exit(0);
    }

    /** Members join in parallel: each waits until it is linked to the others. */
    private static List<SynchronyMember> join(ClusterConfig config) throws Exception {
        List<SynchronyMember> members = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(pool.submit(() -> SynchronyMember.builder(config, id).join(Duration.ofSeconds(30))));
            }
            for (Future<SynchronyMember> future : joining) {
                members.add(future.get());
            }
        }
        return members;
    }

    /** The cluster config; the TLS paths are relative to the certificates' folder, given to the parser. */
    private static String clusterYaml(List<NodeId> ids, List<Integer> ports) {
        StringBuilder yaml = new StringBuilder()
                .append("cluster: consumer-example\n")
                .append("security: tls\n")
                .append("tls: {ca: ca.pem, cert: \"{id}.pem\", key: \"{id}.key\"}\n")
                .append("members:\n");
        for (int i = 0; i < ids.size(); i++) {
            yaml.append("  - {id: ").append(ids.get(i)).append(", host: 127.0.0.1, port: ").append(ports.get(i)).append("}\n");
        }
        return yaml.append("services:\n")
                .append("  - {name: orders, kind: lock, algorithm: central-mutex}\n")
                .toString();
    }

    /** Ports the system has just handed out as free; the members bind them right after. */
    private static List<Integer> freeLoopbackPorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
