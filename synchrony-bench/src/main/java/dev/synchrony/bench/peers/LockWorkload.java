package dev.synchrony.bench.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * Each case stops at the case limit; a lock call that does not return within 30 s more fails the case.
 */
final class LockWorkload {

    record Result(double medianNanos, double p99Nanos, double contendedPerSecond, boolean complete) {}

    private LockWorkload() {}

    static Result run(LockGroup group, int operations, int contendedOperations, Duration limit) throws Exception {
        long[] measured =
                bounded(limit, 1, () -> uncontended(group, operations, limit)).get(0);
        Contended contended = contended(group, contendedOperations, limit);
        return new Result(
                Samples.percentile(measured, 50),
                Samples.percentile(measured, 99),
                contended.perSecond,
                measured.length == operations && contended.complete);
    }

    private static long[] uncontended(LockGroup group, int operations, Duration limit) throws Exception {
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
        return Arrays.copyOf(samples, taken);
    }

    /**
     * Runs {@code copies} of {@code task} on their own platform threads (the peers' locks belong to the thread that
     * took them) and waits at most the case limit and 30 s more: a lock call that never returns (a stalled system)
     * fails the case instead of hanging the bench. The threads are interrupted then, and left behind.
     */
    private static <T> List<T> bounded(Duration limit, int copies, java.util.concurrent.Callable<T> task)
            throws Exception {
        return bounded(limit, java.util.Collections.nCopies(copies, task));
    }

    private static <T> List<T> bounded(Duration limit, List<java.util.concurrent.Callable<T>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> running = new ArrayList<>();
            for (java.util.concurrent.Callable<T> task : tasks) {
                running.add(threads.submit(task));
            }
            long deadline = System.nanoTime() + limit.toNanos() + TimeUnit.SECONDS.toNanos(30);
            List<T> results = new ArrayList<>();
            for (Future<T> future : running) {
                try {
                    results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    throw new TimeoutException("a lock call did not return within the case limit and 30 s");
                }
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private record Contended(double perSecond, boolean complete) {}

    private static Contended contended(LockGroup group, int each, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        List<java.util.concurrent.Callable<Integer>> members = new ArrayList<>();
        for (int m = 0; m < group.size(); m++) {
            LockGroup.Locker locker = group.locker(m);
            members.add(() -> {
                int done = 0;
                while (done < each && System.nanoTime() < deadline) {
                    locker.lock();
                    locker.unlock();
                    done++;
                }
                return done;
            });
        }
        long start = System.nanoTime();
        List<Integer> done = bounded(limit, members);
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = done.stream().mapToLong(Integer::longValue).sum();
        return new Contended(total / seconds, done.stream().allMatch(d -> d == each));
    }
}
