package dev.synchrony.net.runtime;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Environment;
import dev.synchrony.catalog.NetworkAssumptions;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.testkit.MutexBehaviour;
import dev.synchrony.testkit.MutexRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;

/**
 * Every mutex of the catalog, hosted by the network runtime (three members in this JVM, TCP on loopback), against
 * the family's behaviour suite. Times are this JVM's monotonic clock, shared by the three members.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetworkMutexBehaviourTest extends MutexBehaviour {

    @Override
    protected long holdNanos() {
        return 5_000_000L;
    }

    @Override
    protected MutexRuntime runtime() {
        return new MutexRuntime() {
            @Override
            public List<Held> run(Algorithm algorithm, int members, int rounds, long holdNanos) throws Exception {
                return NetworkMutexBehaviourTest.run(algorithm, members, rounds, holdNanos);
            }

            @Override
            public boolean offersStableStorage() {
                return true;
            }
        };
    }

    private static List<MutexRuntime.Held> run(Algorithm algorithm, int members, int rounds, long holdNanos)
            throws Exception {
        java.nio.file.Path storage = TestClusters.storageRoot();
        ClusterConfig config = TestClusters.loopback(members).withStorage(storage + "/{id}");
        Environment environment = new Environment(
                config.memberIds(),
                algorithm.resolve(Map.of()),
                config.seed(),
                NetworkAssumptions.reliable(50_000_000L).withReconnects(true),
                0,
                false);
        Function<NodeId, Node<?, ?, ?>> factory = id -> algorithm.newNode(id, environment);
        List<MutexRuntime.Held> held = Collections.synchronizedList(new ArrayList<>());
        Map<NodeId, Integer> granted = new ConcurrentHashMap<>();
        List<Member> started = new ArrayList<>();
        ScheduledExecutorService application = Executors.newSingleThreadScheduledExecutor();
        try {
            for (NodeId id : config.memberIds()) {
                Member member = Member.builder(config, id)
                        .service(new Member.Service("lock", factory, Protocols.codecFor(factory.apply(id))))
                        .build();
                NodeHost host = member.host("lock");
                host.addOutputListener(output -> {
                    if (output instanceof MutexOutput.Granted grant) {
                        long grantedAt = System.nanoTime();
                        application.schedule(
                                () -> {
                                    held.add(new MutexRuntime.Held(
                                            id, grant.requestId(), grant.fencingToken(), grantedAt, System.nanoTime()));
                                    host.command(new MutexCommand.Release(grant.requestId()));
                                    if (granted.merge(id, 1, Integer::sum) < rounds) {
                                        host.command(new MutexCommand.Acquire(grant.requestId() + 1));
                                    }
                                },
                                holdNanos,
                                TimeUnit.NANOSECONDS);
                    }
                });
                started.add(member.listen());
            }
            for (Member member : started) {
                if (!member.awaitLinks(Duration.ofSeconds(20))) {
                    throw new IllegalStateException(member.self() + " did not connect to its peers in 20 s");
                }
            }
            started.forEach(Member::startNodes);
            started.forEach(member -> member.host("lock").command(new MutexCommand.Acquire(1)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (held.size() < members * rounds && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            started.forEach(Member::close);
            application.shutdownNow();
            TestClusters.deleteTree(storage);
        }
        synchronized (held) {
            return List.copyOf(held);
        }
    }
}
