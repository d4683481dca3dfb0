package dev.synchrony.sim.sweep;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.DrainTime;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.fault.PauseSpec;
import dev.synchrony.sim.fault.WriteCrashSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one algorithm under one config for a range of seeds, on a few threads, and tallies the checks.
 * Results are folded in seed order, so the report does not depend on the thread count.
 */
public final class SeedSweep {

    /** Progress callback: runs done, runs with a violation so far. */
    public interface Progress {
        void update(long done, long violating);
    }

    private final AlgorithmSpec spec;
    private final SimConfig base;
    private final boolean swarm;
    private final int threads;

    public SeedSweep(AlgorithmSpec spec, SimConfig base, boolean swarm, int threads) {
        this.spec = spec;
        this.base = base;
        this.swarm = swarm;
        this.threads = threads;
    }

    /**
     * The config of one seed: the base, or with --swarm the base with fault settings drawn from the seed (loss,
     * duplication, reordering, latency; in a share of the seeds a partition and a pause too, and for an algorithm with
     * stable storage a crash inside one of its writes), lengthened when a pause or partition ends too late for the
     * link layer to drain what it held back.
     */
    public SimConfig configFor(long seed) {
        SimConfig config = base.withSeed(seed);
        if (!swarm) {
            return config;
        }
        // Swarm testing (Groce et al., ISSTA 2012): each run draws its own mix of faults, so that some runs
        // stress one fault hard while others leave it out.
        SplittableRandom draw = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5A5A5A5AL);
        double[] levels = {0, 0, 0.01, 0.05, 0.1, 0.2, 0.3};
        long[][] latencies = {
            {1_000_000, 5_000_000}, {1_000_000, 20_000_000}, {5_000_000, 100_000_000}, {100_000, 1_000_000}
        };
        long[] latency = latencies[draw.nextInt(latencies.length)];
        NetworkModel network = config.network()
                .withFaults(
                        levels[draw.nextInt(levels.length)],
                        levels[draw.nextInt(levels.length)],
                        levels[draw.nextInt(levels.length)])
                .withLatency(latency[0], latency[1]);
        config = config.withNetwork(network);
        // Drawn after the network, so that a seed keeps the network settings it had before partitions and pauses
        // were drawn. Each comes in about one seed in four, so most runs still show the other faults alone.
        List<NodeId> nodes = config.nodes();
        if (nodes.size() >= 2 && draw.nextInt(SHARE) == 0) {
            long[] window = window(draw, config.durationNanos());
            List<NodeId> shuffled = new ArrayList<>(nodes);
            for (int i = shuffled.size() - 1; i > 0; i--) {
                java.util.Collections.swap(shuffled, i, draw.nextInt(i + 1));
            }
            Set<NodeId> cut = new LinkedHashSet<>(shuffled.subList(0, 1 + draw.nextInt(nodes.size() - 1)));
            List<PartitionSpec> partitions = new ArrayList<>(config.partitions());
            partitions.add(new PartitionSpec(List.of(cut), window[0], window[1]));
            config = config.withPartitions(partitions);
        }
        if (draw.nextInt(SHARE) == 0) {
            NodeId node = nodes.get(draw.nextInt(nodes.size()));
            long[] window = window(draw, config.durationNanos());
            PauseSpec pause = new PauseSpec(node, window[0], window[1]);
            if (config.pauses().stream().noneMatch(pause::overlaps)) {
                List<PauseSpec> pauses = new ArrayList<>(config.pauses());
                pauses.add(pause);
                config = config.withPauses(pauses);
            }
        }
        // Drawn last, so that every seed keeps the faults drawn before crash points existed. Only algorithms that
        // keep stable storage have writes to crash in: a process crashes inside one of its first few writes, before
        // or after the disk has the value, and restarts 5% to 30% of the run later.
        if (spec.algorithm().needsStableStorage() && draw.nextInt(SHARE) == 0) {
            NodeId node = nodes.get(draw.nextInt(nodes.size()));
            int write = 1 + draw.nextInt(WRITES);
            boolean durable = draw.nextBoolean();
            long millis = Math.max(20, config.durationNanos() / 1_000_000);
            long recover = (millis / 20 + draw.nextLong(millis / 4 + 1)) * 1_000_000;
            List<WriteCrashSpec> crashes = new ArrayList<>(config.writeCrashes());
            WriteCrashSpec crash = new WriteCrashSpec(node, write, durable, Math.max(1_000_000, recover));
            if (crashes.stream().noneMatch(c -> c.node().equals(node) && c.write() == write)) {
                crashes.add(crash);
                config = config.withWriteCrashes(crashes);
            }
        }
        return withDrain(config);
    }

    /**
     * {@code config}, run long enough after its last pause or partition for the link layer to drain the backlog
     * of retransmissions the window left ({@link DrainTime}): without it, a late pause at a high loss rate ended
     * runs with messages still on their way, which the liveness checks counted as lost. Computed after every draw,
     * so the faults stay where they were drawn; the longer duration shows in the replay command. A random workload
     * follows the run's duration, so it lengthens too (the multicasts publish over 60% of the longer run).
     */
    private SimConfig withDrain(SimConfig config) {
        long windowEnd = DrainTime.lastWindowEndNanos(config);
        if (windowEnd == 0) {
            return config;
        }
        long needed = windowEnd + DrainTime.nanos(RunSetup.of(spec.algorithm(), config));
        if (needed <= config.durationNanos()) {
            return config;
        }
        long wholeMillis = (needed + 999_999) / 1_000_000 * 1_000_000; // so that the replay command prints it exactly
        return config.withDuration(wholeMillis);
    }

    /**
     * A swarm crash point lands in one of a process's first WRITES writes: a lease-lock member writes its incarnation at
     * start, then its term and vote at each candidacy, vote and newer term it learns.
     */
    static final int WRITES = 4;

    /** One seed in SHARE draws a partition, and independently one in SHARE a pause. */
    static final int SHARE = 4;

    /**
     * A window that opens between 10% and 60% of the run and lasts 5% to 30% of it, in whole milliseconds so that the
     * replay command prints it exactly.
     */
    private static long[] window(SplittableRandom draw, long durationNanos) {
        long millis = Math.max(20, durationNanos / 1_000_000);
        long from = millis / 10 + draw.nextLong(millis / 2 + 1);
        long length = Math.max(1, millis / 20 + draw.nextLong(millis / 4 + 1));
        return new long[] {from * 1_000_000, Math.min(millis, from + length) * 1_000_000};
    }

    public SweepReport run(long firstSeed, long lastSeed, Progress progress) {
        SweepReport report = new SweepReport(spec.name(), firstSeed, lastSeed);
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "sweep");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<Outcome>> window = new ArrayDeque<>();
            long next = firstSeed;
            long done = 0;
            while (next <= lastSeed || !window.isEmpty()) {
                while (next <= lastSeed && window.size() < threads * 4) {
                    SimConfig config = configFor(next);
                    window.add(pool.submit(() -> execute(config)));
                    next++;
                }
                Outcome outcome = window.removeFirst().get();
                report.add(outcome.config, outcome.result, outcome.failure);
                progress.update(++done, report.violatingRuns());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return report;
    }

    private record Outcome(SimConfig config, RunResult result, RuntimeException failure) {}

    private Outcome execute(SimConfig config) {
        try {
            RunResult result = Simulation.run(spec, config);
            // Keep only the verdicts: a sweep of 10,000 runs must not hold 10,000 traces.
            return new Outcome(config, result.trimmed(), null);
        } catch (RuntimeException e) {
            // A run that throws is a bug (options are validated before the sweep starts): the sweep goes on and
            // reports the seed with its replay command, so one bad seed does not hide the others' verdicts.
            return new Outcome(config, null, e);
        }
    }
}
