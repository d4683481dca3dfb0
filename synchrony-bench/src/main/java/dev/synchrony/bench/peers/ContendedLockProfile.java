package dev.synchrony.bench.peers;

import dev.synchrony.api.DistributedLock;
import dev.synchrony.api.Grant;
import dev.synchrony.api.SynchronyMember;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.metrics.RuntimeMetrics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one contended hand-off costs, counted: {@link PeersBench}'s contended lock case alone (3 members in this
 * JVM on loopback, one platform thread per member locking and unlocking {@code DistributedLock} in a loop), with
 * per acquisition the frames and bytes the members wrote, the messages their hosts sent (algorithm and link layer
 * together), the process's CPU time, and how often {@code lock()} found its grant already there when it came to
 * wait (no park). CPU time per acquisition is the firmer figure on a loaded machine: wall time there measures the
 * other engineers' builds too.
 *
 * <p>Run: {@code java -cp synchrony-bench/target/benchmarks.jar dev.synchrony.bench.peers.ContendedLockProfile
 * [ALGORITHM [SECURITY [SECONDS [ROUNDS]]]]} (defaults lease-lock, tls, 5, 3). Bounded: each round stops after its
 * seconds (and 30 s more for a stalled call).
 */
public final class ContendedLockProfile {

    private ContendedLockProfile() {}

    /** Everything the members wrote and sent, counted over all of them. */
    private static final class Counts implements RuntimeMetrics {
        final AtomicLong framesOut = new AtomicLong();
        final AtomicLong bytesOut = new AtomicLong();
        final AtomicLong messages = new AtomicLong();
        final AtomicLong retransmissions = new AtomicLong();

        @Override
        public void messageSent(String service, NodeId peer) {
            messages.incrementAndGet();
        }

        @Override
        public void frame(boolean outgoing, int bytes) {
            if (outgoing) {
                framesOut.incrementAndGet();
                bytesOut.addAndGet(bytes);
            }
        }

        @Override
        public void retransmission(String service, NodeId peer) {
            retransmissions.incrementAndGet();
        }

        long[] snapshot() {
            return new long[] {framesOut.get(), bytesOut.get(), messages.get(), retransmissions.get()};
        }
    }

    public static void main(String[] args) throws Exception {
        String algorithm = args.length > 0 ? args[0] : "lease-lock";
        String security = args.length > 1 ? args[1] : "tls";
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.printf(
                Locale.ROOT,
                "contended %s (%s), 3 members, %d s per round, load average %.2f%n",
                algorithm,
                security,
                seconds,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int round = 0; round <= rounds; round++) {
            round(algorithm, security, round == 0 ? 1 : seconds, round == 0 ? "warm-up" : "round " + round);
        }
    }

    private static void round(String algorithm, String security, int seconds, String label) throws Exception {
        Counts counts = new Counts();
        ClusterConfig base = LoopbackClusters.loopback(3);
        java.nio.file.Path storage = java.nio.file.Files.createTempDirectory("contended-profile");
        ClusterConfig config = (security.equals("tls") ? LoopbackClusters.withTls(base) : base)
                .withServices(List.of(new ClusterConfig.ServiceConfig("bench-lock", "lock", algorithm, Map.of())))
                .withStorage(storage.resolve("{id}").toString());
        List<SynchronyMember> members = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(pool.submit(() ->
                        SynchronyMember.builder(config, id).metrics(counts).join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                members.add(future.get());
            }
        }
        try {
            // One acquisition first, so a lease-lock leader is elected and past its grace before timing.
            DistributedLock first = members.get(0).lock("bench-lock");
            first.unlock(first.lock());
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            AtomicLong acquisitions = new AtomicLong();
            AtomicLong grantWaiting = new AtomicLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long[] before = counts.snapshot();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            ExecutorService threads = Executors.newFixedThreadPool(members.size());
            try {
                List<Future<?>> running = new ArrayList<>();
                for (SynchronyMember member : members) {
                    DistributedLock lock = member.lock("bench-lock");
                    running.add(threads.submit(() -> {
                        while (System.nanoTime() < deadline) {
                            var future = lock.lockAsync();
                            if (future.isDone()) {
                                grantWaiting.incrementAndGet();
                            }
                            Grant grant = future.get(30, TimeUnit.SECONDS);
                            lock.unlock(grant);
                            acquisitions.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> future : running) {
                    future.get(seconds + 30L, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long[] after = counts.snapshot();
            double n = acquisitions.get();
            System.out.printf(
                    Locale.ROOT,
                    "%-8s %,9.0f acq/s  cpu %6.1f us/acq  frames %5.2f/acq  bytes %6.1f/acq  messages %5.2f/acq"
                            + "  grant there before waiting %4.1f%%  retransmissions %d%n",
                    label,
                    n / elapsed,
                    cpu / 1e3 / n,
                    (after[0] - before[0]) / n,
                    (after[1] - before[1]) / n,
                    (after[2] - before[2]) / n,
                    100.0 * grantWaiting.get() / n,
                    after[3] - before[3]);
        } finally {
            members.forEach(SynchronyMember::close);
            try (var files = java.nio.file.Files.walk(storage)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
