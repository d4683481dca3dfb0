package dev.synchrony.bench.peers;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.cp.internal.raft.impl.RaftNode;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Hazelcast's CP {@link FencedLock} (open-source 5.4, the last release with the CP subsystem in it): members in
 * this JVM, every one a CP member (a Raft group of 3), joined over TCP on loopback, the lock's state replicated by
 * Raft. Its recommended settings otherwise; logging and phone-home off, no wait before joining. The uncontended
 * figures are taken at a member that does not lead the lock's Raft group.
 */
final class HazelcastFencedLocks implements LockGroup {

    private final List<HazelcastInstance> instances = new ArrayList<>();
    private final List<FencedLock> locks = new ArrayList<>();
    private int requester;
    private String requesterRole = "the lock's Raft leader not known";

    HazelcastFencedLocks(int size, String cluster) throws Exception {
        List<String> addresses = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(freePort());
            addresses.add("127.0.0.1:" + ports.get(i));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(size)) {
            List<Future<HazelcastInstance>> starting = new ArrayList<>();
            for (int port : ports) {
                Config config = config(cluster, port, addresses, size);
                starting.add(pool.submit(() -> Hazelcast.newHazelcastInstance(config)));
            }
            Exception failed = null;
            for (Future<HazelcastInstance> future : starting) {
                try {
                    instances.add(future.get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                close();
                throw failed;
            }
        }
        for (HazelcastInstance instance : instances) {
            if (!instance.getCPSubsystem()
                    .getCPSubsystemManagementService()
                    .awaitUntilDiscoveryCompleted(60, TimeUnit.SECONDS)) {
                close();
                throw new IllegalStateException("Hazelcast: CP subsystem discovery did not complete in 60 s");
            }
            locks.add(instance.getCPSubsystem().getLock("bench-lock"));
        }
        // The first use creates the lock's Raft group (and elects its leader): seconds, not part of a lock cycle.
        for (FencedLock lock : locks) {
            lock.lock();
            lock.unlock();
        }
        requester = follower();
    }

    /**
     * The last member that does not lead the lock's Raft group (its lock calls go to the leader and back), read
     * from Hazelcast's internals since its public API does not say; the last member if that fails.
     */
    private int follower() {
        for (int i = instances.size() - 1; i >= 0; i--) {
            try {
                HazelcastInstanceImpl member = ((HazelcastInstanceProxy) instances.get(i)).getOriginal();
                RaftService raft = member.node.getNodeEngine().getService(RaftService.SERVICE_NAME);
                RaftNode group = raft.getRaftNode(locks.get(i).getGroupId());
                if (group != null
                        && group.getLeader() != null
                        && !group.getLeader().equals(group.getLocalMember())) {
                    requesterRole = "a follower in the lock's Raft group";
                    return i;
                }
            } catch (RuntimeException e) {
                break; // internals changed: fall back
            }
        }
        return instances.size() - 1;
    }

    private static Config config(String cluster, int port, List<String> addresses, int size) {
        Config config = new Config();
        config.setClusterName(cluster);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // All members start at once: no need to wait the default 5 s (20 s at most) for others to appear.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "2");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(addresses);
        config.getCPSubsystemConfig().setCPMemberCount(size);
        return config;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public int size() {
        return locks.size();
    }

    @Override
    public Locker locker(int member) {
        FencedLock lock = locks.get(member);
        return new Locker() {
            @Override
            public void lock() {
                lock.lock();
            }

            @Override
            public void unlock() {
                lock.unlock();
            }
        };
    }

    @Override
    public int requester() {
        return requester;
    }

    @Override
    public String requesterRole() {
        return requesterRole;
    }

    @Override
    public void close() {
        instances.forEach(instance -> instance.getLifecycleService().terminate());
    }
}
