package dev.synchrony.bench;

import dev.synchrony.api.SynchronyMember;
import dev.synchrony.api.TotalOrderMulticast;
import dev.synchrony.bench.peers.LoopbackClusters;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory under saturating publishers (issue 12's back-pressure goal): 3 members on loopback, each with an
 * application thread publishing 64-byte messages through {@code TotalOrderMulticast} as fast as {@code publish}
 * lets it, for a fixed time. Every second the bench collects garbage and samples the heap in use, so a queue that
 * grows shows as a heap that grows; it prints each sample, the deliveries per second, and the heap of the last
 * third of the run over the first third (about 1 when memory is bounded).
 *
 * <p>Run: {@code java -Xmx1g -cp synchrony-bench/target/benchmarks.jar dev.synchrony.bench.PublishMemoryBench
 * [SECONDS [ALGORITHM [WINDOW]]]} (default 30 s, {@code sequencer-total-order}, the API's default window). A
 * window of, say, 100000000 shows what the window prevents; keep that run short, it grows until the heap is full.
 */
public final class PublishMemoryBench {

    private PublishMemoryBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String algorithm = args.length > 1 ? args[1] : "sequencer-total-order";
        Map<String, String> params = args.length > 2 ? Map.of("publish-window", args[2]) : Map.of();
        PrintStream out = System.out;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ClusterConfig config = LoopbackClusters.loopback(3)
                .withServices(List.of(new ClusterConfig.ServiceConfig("updates", "total-order", algorithm, params)));
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
        AtomicLong[] delivered = new AtomicLong[members.size()];
        for (int i = 0; i < members.size(); i++) {
            AtomicLong count = new AtomicLong();
            delivered[i] = count;
            members.get(i).totalOrder("updates").addListener((origin, sequence, payload) -> count.incrementAndGet());
        }
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        out.printf(
                Locale.ROOT,
                "publish memory bench: %s, 3 members, 64-byte messages, window %d, %d s, heap max %d MiB, "
                        + "in use after GC before publishing %.1f MiB%n",
                algorithm,
                members.get(0).totalOrder("updates").window().size(),
                seconds,
                Runtime.getRuntime().maxMemory() >> 20,
                baseline / 1048576.0);
        out.println("second  heap after GC MiB  delivered per member (min)  in flight per member");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong published = new AtomicLong();
        List<Thread> publishers = new ArrayList<>();
        for (SynchronyMember member : members) {
            TotalOrderMulticast updates = member.totalOrder("updates");
            publishers.add(Thread.ofPlatform()
                    .name("publisher-" + member.self())
                    .start(() -> {
                        byte[] payload = new byte[64];
                        try {
                            while (System.nanoTime() < deadline) {
                                updates.publish(payload);
                                published.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            out.println("publisher " + member.self() + " stopped: " + e.getMessage());
                        }
                    }));
        }
        double[] heap = new double[seconds];
        long start = System.nanoTime();
        for (int second = 0; second < seconds; second++) {
            long wake = start + TimeUnit.SECONDS.toNanos(second + 1);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, wake - System.nanoTime()));
            System.gc();
            heap[second] = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
            long slowest =
                    Arrays.stream(delivered).mapToLong(AtomicLong::get).min().orElse(0);
            out.printf(
                    Locale.ROOT,
                    "%6d  %17.1f  %26d  %s%n",
                    second + 1,
                    heap[second],
                    slowest,
                    members.stream()
                            .map(m -> Integer.toString(m.totalOrder("updates").inFlight()))
                            .toList());
        }
        for (Thread publisher : publishers) {
            publisher.join(TimeUnit.SECONDS.toMillis(35));
        }
        long elapsed = System.nanoTime() - start;
        long slowest = Arrays.stream(delivered).mapToLong(AtomicLong::get).min().orElse(0);
        int third = Math.max(1, seconds / 3);
        double first = Arrays.stream(heap, 0, third).average().orElse(Double.NaN);
        double last = Arrays.stream(heap, seconds - third, seconds).average().orElse(Double.NaN);
        double max = Arrays.stream(heap).max().orElse(Double.NaN);
        out.printf(
                Locale.ROOT,
                "published %d, delivered at the slowest member %d (%.0f per second per member); heap after GC: "
                        + "first third %.1f MiB, last third %.1f MiB (x%.2f), max %.1f MiB%n",
                published.get(),
                slowest,
                slowest / (elapsed / 1e9),
                first,
                last,
                last / first,
                max);
        members.forEach(SynchronyMember::close);
        System.exit(0);
    }
}
