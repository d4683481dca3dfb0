package dev.synchrony.bench;

import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.Map;

/**
 * The large-run figure: 1,000 processes exchanging about 1,000,000 messages (the {@code lamport} demo, 100 sends
 * per process per virtual second for 10 virtual seconds, trace kept as counts), timed on the wall clock with the
 * peak heap read from the JVM's memory pools. Beside it, the same run's events pushed through a bare priority
 * queue, as a floor.
 *
 * <p>Run: {@code java -Xmx1g -cp synchrony-bench/target/benchmarks.jar dev.synchrony.bench.LargeRun [repetitions]}
 */
public final class LargeRun {

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        SimConfig config = SimConfig.defaults("lamport", 1000, 1)
                .withDuration(10_000_000_000L)
                .withParams(Map.of("rate", "100", "send-probability", "1"))
                .withTraceDetail(SimConfig.TraceDetail.COUNTS);
        for (int i = 1; i <= repetitions; i++) {
            long start = System.nanoTime();
            RunResult run = Simulation.run(Algorithms.require("lamport"), config);
            long wall = System.nanoTime() - start;
            System.out.printf(
                    Locale.ROOT,
                    "run %d: %d processes, %,d messages sent, %,d events, %.2f s wall, %.2f M events/s%n",
                    i,
                    config.nodes().size(),
                    run.network().sent(),
                    run.trace().size(),
                    wall / 1e9,
                    run.trace().size() / (wall / 1e9) / 1e6);
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "peak heap used (sum of pool peaks): %.0f MiB of max %.0f MiB%n",
                peakHeap / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }
}
