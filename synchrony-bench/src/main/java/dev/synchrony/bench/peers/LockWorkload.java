package dev.synchrony.bench.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The lock workload, the same for every system, on one lock shared by the group's members:
 *
 * <ul>
 *   <li><b>uncontended</b>: one thread at {@link LockGroup#requester()} takes the lock and gives it back, again and
 *   again, through the system's blocking calls; each cycle (acquire + release) is a sample. A fifth more cycles
 *   first warm up.</li>
 *   <li><b>contended</b>: one thread per member does the same at once; the figure is acquisitions per second over
 *   all members.</li>
 * </ul>
 * Each case stops at the case limit.
 */
final class LockWorkload {

    record Result(double medianNanos, double p99Nanos, double contendedPerSecond, boolean complete) {}

    private LockWorkload() {}

    static Result run(LockGroup group, int operations, int contendedOperations, Duration limit) throws Exception {
        LockGroup.Locker locker = group.locker(group.requester());
        long deadline = System.nanoTime() + limit.toNanos();
        int warmUp = Math.max(1, operations / 5);
        long[] samples = new long[operations];
        int taken = 0;
        for (int i = 0; i < warmUp + operations && System.nanoTime() < deadline; i++) {
            long start = System.nanoTime();
            locker.lock();
            locker.unlock();
            long elapsed = System.nanoTime() - start;
            if (i >= warmUp) {
                samples[taken++] = elapsed;
            }
        }
        long[] measured = Arrays.copyOf(samples, taken);
        Contended contended = contended(group, contendedOperations, limit);
        return new Result(
                Samples.percentile(measured, 50),
                Samples.percentile(measured, 99),
                contended.perSecond,
                taken == operations && contended.complete);
    }

    private record Contended(double perSecond, boolean complete) {}

    private static Contended contended(LockGroup group, int each, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        List<Future<Integer>> work = new ArrayList<>();
        long start = System.nanoTime();
        // Platform threads: the peers' locks are owned by the thread that took them.
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(group.size())) {
            for (int m = 0; m < group.size(); m++) {
                LockGroup.Locker locker = group.locker(m);
                work.add(threads.submit(() -> {
                    int done = 0;
                    while (done < each && System.nanoTime() < deadline) {
                        locker.lock();
                        locker.unlock();
                        done++;
                    }
                    return done;
                }));
            }
            long total = 0;
            boolean complete = true;
            for (Future<Integer> future : work) {
                int done = future.get(limit.toNanos() + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
                total += done;
                complete &= done == each;
            }
            return new Contended(total / ((System.nanoTime() - start) / 1e9), complete);
        }
    }
}
