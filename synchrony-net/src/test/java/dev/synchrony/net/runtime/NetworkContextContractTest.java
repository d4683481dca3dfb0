package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.testkit.ContextContract;
import dev.synchrony.testkit.ProbeNode;
import dev.synchrony.testkit.RuntimeUnderTest;
import dev.synchrony.testkit.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The network runtime's {@code Context} (a {@link NodeHost} on its event loop, members talking TCP on loopback)
 * against the contract every runtime keeps. A crash closes the member; a recovery starts a new member process
 * object under the same id, whose node starts afresh, as a restarted JVM's would, on the same storage directory.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkContextContractTest extends ContextContract {

    private static final String SERVICE = "probe";

    @Override
    protected RuntimeUnderTest runtime() {
        return new RuntimeUnderTest() {
            @Override
            public Map<NodeId, List<ProbeNode.Observation>> play(Scenario scenario, long seed) throws Exception {
                return NetworkContextContractTest.play(scenario, seed);
            }

            @Override
            public boolean offersStableStorage() {
                return true;
            }
        };
    }

    private static Map<NodeId, List<ProbeNode.Observation>> play(Scenario scenario, long seed) throws Exception {
        ClusterConfig loopback = TestClusters.loopback(scenario.members());
        // Each member's disk: a recovered member (a new Member object, as a restarted JVM) reopens the same directory.
        java.nio.file.Path storage = TestClusters.storageRoot();
        ClusterConfig config = loopback.withSeed(seed).withStorage(storage + "/{id}");
        Map<NodeId, List<ProbeNode.Observation>> seen = new LinkedHashMap<>();
        Map<NodeId, Member> running = new LinkedHashMap<>();
        for (NodeId id : NodeId.range(scenario.members())) {
            seen.put(id, Collections.synchronizedList(new ArrayList<>()));
        }
        try {
            for (NodeId id : seen.keySet()) {
                running.put(id, build(config, id, seen.get(id)));
            }
            for (Member member : running.values()) {
                if (!member.awaitLinks(Duration.ofSeconds(20))) {
                    throw new IllegalStateException(member.self() + " did not connect to every peer in 20 s");
                }
            }
            running.values().forEach(Member::startNodes);
            for (Scenario.Action action : scenario.actions()) {
                switch (action) {
                    case Scenario.Give give ->
                        running.get(give.node())
                                .host(SERVICE)
                                .command(give.command())
                                .get(10, TimeUnit.SECONDS);
                    case Scenario.Wait wait -> Thread.sleep(Duration.ofNanos(wait.nanos()));
                    case Scenario.Crash crash -> running.remove(crash.node()).close();
                    case Scenario.Recover recover -> {
                        Member member = build(config, recover.node(), seen.get(recover.node()));
                        running.put(recover.node(), member);
                        if (!member.awaitLinks(Duration.ofSeconds(20))) {
                            throw new IllegalStateException(recover.node() + " did not reconnect in 20 s");
                        }
                        member.startNodes();
                    }
                }
            }
            awaitQuiet(seen);
        } finally {
            running.values().forEach(Member::close);
            TestClusters.deleteTree(storage);
        }
        Map<NodeId, List<ProbeNode.Observation>> copy = new LinkedHashMap<>();
        seen.forEach((id, list) -> {
            synchronized (list) {
                copy.put(id, List.copyOf(list));
            }
        });
        return copy;
    }

    private static Member build(ClusterConfig config, NodeId id, List<ProbeNode.Observation> sink)
            throws InterruptedException {
        Member member = Member.builder(config, id)
                .service(SERVICE, self -> new ProbeNode(), ProbeNode.Note.class)
                .build();
        member.host(SERVICE).addOutputListener(output -> sink.add((ProbeNode.Observation) output));
        return member.listen();
    }

    /** Everything in flight has arrived once no observation came for 300 ms (bounded by 10 s). */
    private static void awaitQuiet(Map<NodeId, List<ProbeNode.Observation>> seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = seen.values().stream().mapToInt(List::size).sum();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(300)) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
