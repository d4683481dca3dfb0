import dev.synchrony.api.DistributedLock;
import dev.synchrony.api.FencedResource;
import dev.synchrony.api.Grant;
import dev.synchrony.api.LeaderElection;
import dev.synchrony.api.LockListener;
import dev.synchrony.api.SynchronyMember;
import dev.synchrony.api.TotalOrderMulticast;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The Java API in one file. Run every member in one JVM (a demonstration):
 *   bin/synchrony-java examples/api/ApiExample.java examples/api/api-cluster.yaml
 * (java with the application on the class path, on a JDK 21 or newer; it builds the application if needed)
 * or one member per process, in three terminals (the same command with n1, n2, n3 at the end).
 * With examples/api/named-locks.yaml (no services section) only the locks by name run.
 * A service whose algorithm is not in this build is left out with a note.
 */
public class ApiExample {

    /** What each order's lock guards, by lock name. */
    private static final java.util.Map<String, FencedResource<StringBuilder>> ORDERS =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    public static void main(String[] args) throws Exception {
        ClusterConfig full = ClusterConfig.load(Path.of(args.length > 0 ? args[0] : "examples/api/api-cluster.yaml"));
        ClusterConfig config = withAvailableServices(full);
        List<NodeId> mine = args.length > 1 ? List.of(NodeId.of(args[1])) : config.memberIds();
        // Members join in parallel: each waits until it is linked to the others.
        List<SynchronyMember> members = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : mine) {
                joining.add(pool.submit(() -> SynchronyMember.builder(config, id).join(Duration.ofSeconds(30))));
            }
            for (Future<SynchronyMember> future : joining) {
                members.add(future.get());
            }
        }
        try {
            FencedResource<StringBuilder> ledger = new FencedResource<>(new StringBuilder());
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Void>> done = new ArrayList<>();
                for (SynchronyMember member : members) {
                    done.add(threads.submit(() -> work(member, config, ledger)));
                    done.add(threads.submit(() -> lockOrders(member)));
                }
                for (Future<Void> future : done) {
                    future.get(); // a failure in a member's work is reported, not swallowed
                }
            }
            if (config.service("orders").isPresent()) {
                System.out.println("ledger (written under the lock, fenced):\n"
                        + ledger.apply(Long.MAX_VALUE, StringBuilder::toString));
            }
            ORDERS.forEach((name, order) -> System.out.println(name + " handled by" + order.apply(Long.MAX_VALUE,
                    StringBuilder::toString)));
        } finally {
            members.forEach(SynchronyMember::close);
        }
    }

    private static Void work(SynchronyMember member, ClusterConfig config, FencedResource<StringBuilder> ledger)
            throws Exception {
        NodeId self = member.self();
        if (config.service("updates").isPresent()) {
            TotalOrderMulticast updates = member.totalOrder("updates");
            int expected = 3 * config.members().size();
            CountDownLatch all = new CountDownLatch(expected);
            List<String> seen = new ArrayList<>();
            updates.addListener((origin, sequence, payload) -> {
                seen.add(new String(payload, StandardCharsets.UTF_8));
                all.countDown();
            });
            for (int i = 1; i <= 3; i++) {
                updates.publish((self + ":update" + i).getBytes(StandardCharsets.UTF_8));
            }
            all.await(20, TimeUnit.SECONDS);
            System.out.println(self + " delivered, in total order: " + seen);
        }
        if (config.service("leader").isPresent()) {
            LeaderElection leader = member.election("leader");
            leader.addListener(elected -> System.out.println(self + " sees a new leader " + elected.leader()
                    + " (term " + elected.term() + ")"));
            for (int i = 0; i < 100 && leader.currentLeader().isEmpty(); i++) {
                Thread.sleep(50);
            }
            System.out.println(self + " follows " + leader.currentLeader().map(Object::toString).orElse("nobody yet")
                    + " (term " + leader.term() + ")" + (leader.isLeader() ? ": that is me" : ""));
        }
        if (config.service("orders").isPresent()) {
            DistributedLock lock = member.lock("orders");
            lock.addListener(new LockListener() {
                @Override
                public void lost(Grant grant, String reason) {
                    System.out.println(self + " lost " + grant + ": " + reason);
                }
            });
            for (int i = 0; i < 3; i++) {
                try (Grant grant = lock.lock()) {   // closing the grant releases the lock
                    ledger.accept(grant.fencingToken(), text -> text.append(self).append(" wrote with token ")
                            .append(grant.fencingToken()).append('\n'));
                }
            }
        }
        return null;
    }

    /** Locks by name: {@code member.lock("orders/" + id)} with no configuration. */
    private static Void lockOrders(SynchronyMember member) throws Exception {
        NodeId self = member.self();
        // Locks by name on demand: no services section needed, any name (here one per order). Each lock has its
        // own fencing tokens, so each order has its own fenced resource.
        for (int order = 1; order <= 3; order++) {
            String name = "orders/" + order;
            try (Grant grant = member.lock(name).lock()) {
                ORDERS.computeIfAbsent(name, n -> new FencedResource<>(new StringBuilder()))
                        .accept(grant.fencingToken(), text -> text.append(' ').append(self).append(" (token ")
                                .append(grant.fencingToken()).append(')'));
            }
        }
        return null;
    }

    /** The config without the services whose algorithm this build lacks (the example still runs). */
    private static ClusterConfig withAvailableServices(ClusterConfig config) {
        List<ClusterConfig.ServiceConfig> services = new ArrayList<>();
        for (ClusterConfig.ServiceConfig service : config.services()) {
            boolean builtIn = service.algorithm().equals("total-order") || service.algorithm().equals("causal-order");
            if (builtIn || dev.synchrony.catalog.Catalog.find(service.algorithm()).isPresent()) {
                services.add(service);
            } else {
                System.out.println("(service " + service.name() + ": algorithm " + service.algorithm()
                        + " is not in this build; skipped)");
            }
        }
        return config.withServices(services);
    }
}
