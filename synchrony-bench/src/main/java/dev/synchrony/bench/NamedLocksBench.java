package dev.synchrony.bench;

import dev.synchrony.api.Grant;
import dev.synchrony.api.SynchronyMember;
import dev.synchrony.bench.peers.LoopbackClusters;
import dev.synchrony.core.NodeId;
import dev.synchrony.lease.LeaseLock;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.mutex.NamedLocks;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.LocksConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Locks by name on demand, at scale: 3 members in this JVM on loopback, each with one virtual thread that locks
 * and releases names in a loop, every member going through all the names (from a different starting point, so
 * they meet on some). For each of the two algorithms that serve locks by name, central-mutex (the baseline: one
 * coordinator per name, no lease) and lease-lock (the default: named locks under one elected leader, with leases
 * and durable votes), in one cluster (names under {@code central/} run central-mutex by a {@code locks:} prefix),
 * two cases with the same number of lock cycles, all measured in the same run: over 100 names, and over 10,000
 * distinct names. Printed per case: cycles per second, the lock states the three nodes still keep afterwards
 * (idle locks are dropped), the API lock objects left, and the heap used after a full GC; then the ratios:
 * 10,000 names against 100 for each algorithm, and lease-lock against central-mutex. Memory is bounded when the
 * 10,000-name case keeps no more lock state and no more heap than the 100-name one.
 *
 * <p>Run: {@code ./mvnw -q -B -DskipTests package -pl synchrony-bench -am &&
 * java -cp synchrony-bench/target/benchmarks.jar dev.synchrony.bench.NamedLocksBench [NAMES [CYCLES_PER_MEMBER]]}
 * (defaults 10000 and 10000). Bounded: each case stops after 120 s.
 */
public final class NamedLocksBench {

    private static final long CASE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final int BASELINE_NAMES = 100;
    /** Names under this prefix run central-mutex (the {@code locks:} section's prefix); the others lease-lock. */
    private static final String CENTRAL = "central/";

    private static final String LEASE = "lease/";

    private NamedLocksBench() {}

    record Figures(int names, long cycles, double seconds, int locksInMemory, int lockObjects, long heapBytes) {
        double cyclesPerSecond() {
            return cycles / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int names = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int cyclesPerMember = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "named locks bench: 3 members on loopback, %d lock cycles per member, %s, %d cores%n",
                cyclesPerMember,
                System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors());
        List<SynchronyMember> members = join();
        try {
            // JIT, connections and lease-lock's first election, not printed.
            run(members, BASELINE_NAMES, cyclesPerMember / 5, CENTRAL + "warm-up");
            run(members, BASELINE_NAMES, cyclesPerMember / 5, LEASE + "warm-up");
            Figures centralBaseline = run(members, BASELINE_NAMES, cyclesPerMember, CENTRAL + "a");
            Figures centralMany = run(members, names, cyclesPerMember, CENTRAL + "b");
            Figures leaseBaseline = run(members, BASELINE_NAMES, cyclesPerMember, LEASE + "a");
            Figures leaseMany = run(members, names, cyclesPerMember, LEASE + "b");
            out.println("case                          cycles  seconds   cycles/s   node lock states after"
                    + "   API lock objects after   heap after GC (MiB)");
            print(out, "central-mutex", centralBaseline);
            print(out, "central-mutex", centralMany);
            print(out, "lease-lock", leaseBaseline);
            print(out, "lease-lock", leaseMany);
            ratios(out, "central-mutex", centralBaseline, centralMany);
            ratios(out, "lease-lock", leaseBaseline, leaseMany);
            out.printf(
                    Locale.ROOT,
                    "ratio lease-lock / central-mutex: cycles/s x%.2f over %d names, x%.2f over %d names%n",
                    leaseBaseline.cyclesPerSecond() / centralBaseline.cyclesPerSecond(),
                    BASELINE_NAMES,
                    leaseMany.cyclesPerSecond() / centralMany.cyclesPerSecond(),
                    names);
        } finally {
            members.forEach(SynchronyMember::close);
        }
    }

    private static void ratios(PrintStream out, String algorithm, Figures baseline, Figures many) {
        out.printf(
                Locale.ROOT,
                "ratio %s %d names / %d names: cycles/s x%.2f, node lock states %d vs %d, API lock objects"
                        + " %d vs %d, heap x%.2f%n",
                algorithm,
                many.names(),
                baseline.names(),
                many.cyclesPerSecond() / baseline.cyclesPerSecond(),
                many.locksInMemory(),
                baseline.locksInMemory(),
                many.lockObjects(),
                baseline.lockObjects(),
                (double) many.heapBytes() / baseline.heapBytes());
    }

    private static void print(PrintStream out, String algorithm, Figures figures) {
        out.printf(
                Locale.ROOT,
                "%-13s %6d names  %7d  %7.2f  %9.0f   %22d   %22d   %19.1f%n",
                algorithm,
                figures.names(),
                figures.cycles(),
                figures.seconds(),
                figures.cyclesPerSecond(),
                figures.locksInMemory(),
                figures.lockObjects(),
                figures.heapBytes() / 1048576.0);
    }

    private static List<SynchronyMember> join() throws Exception {
        java.nio.file.Path storage = java.nio.file.Files.createTempDirectory("named-locks-bench");
        ClusterConfig config = LoopbackClusters.loopback(3)
                .withStorage(storage.resolve("{id}").toString())
                .withLocks(new LocksConfig(
                        LocksConfig.LEASE_LOCK,
                        java.util.Map.of(CENTRAL, LocksConfig.CENTRAL_MUTEX),
                        java.util.Map.of()));
        List<SynchronyMember> members = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(
                        pool.submit(() -> SynchronyMember.builder(config, id).join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                members.add(future.get());
            }
        }
        return members;
    }

    private static Figures run(List<SynchronyMember> members, int names, int cyclesPerMember, String tag)
            throws Exception {
        long deadline = System.nanoTime() + CASE_LIMIT_NANOS;
        long start = System.nanoTime();
        long cycles = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> work = new ArrayList<>();
            for (int m = 0; m < members.size(); m++) {
                SynchronyMember member = members.get(m);
                int offset = m * names / members.size();
                work.add(threads.submit(() -> {
                    long done = 0;
                    for (int i = 0; i < cyclesPerMember && System.nanoTime() < deadline; i++) {
                        try (Grant grant =
                                member.lock(tag + "/" + ((offset + i) % names)).lock()) {
                            done += grant.isHeld() ? 1 : 0;
                        }
                    }
                    return done;
                }));
            }
            for (Future<Long> future : work) {
                cycles += future.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int inMemory = 0;
        for (SynchronyMember member : members) {
            inMemory += member.member()
                    .host(SynchronyMember.NAMED_LOCKS)
                    .inspect(node -> ((NamedLocks) ((ReliableFifoLink<?, ?, ?>) node).inner()).locksInMemory())
                    .get(5, TimeUnit.SECONDS);
            inMemory += member.member()
                    .host(SynchronyMember.LEASE_LOCKS)
                    .inspect(node -> ((LeaseLock) node).locksInMemory())
                    .get(5, TimeUnit.SECONDS);
        }
        heapAfterGc(); // clears the lock objects nothing refers to any more
        int objects = 0;
        for (SynchronyMember member : members) {
            objects += member.namedLocksAlive(); // and drops their entries
        }
        long heap = heapAfterGc();
        return new Figures(names, cycles, seconds, inMemory, objects, heap);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
