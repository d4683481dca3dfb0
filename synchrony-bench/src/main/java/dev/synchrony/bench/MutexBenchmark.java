package dev.synchrony.bench;

import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Simulated critical-section entries per wall second, 50 processes, each algorithm: one operation is one
 * simulated run of 10 virtual seconds (closed-loop workload, 0.5 requests per idle process per second, 5 ms holds,
 * 1-10 ms latency, full trace as the checks need it). The auxiliary counters report {@code entries} and
 * {@code events} per second. Baseline, in the same run: {@code bareQueue} pushes and pops the same number of
 * events through a plain {@code PriorityQueue} ({@link BareEventQueue}), the least any discrete-event simulation must do.
 *
 * <p>Run: {@code ./mvnw -q -B -o -DskipTests package -pl synchrony-bench -am &&
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar synchrony-bench/target/benchmarks.jar MutexBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class MutexBenchmark {

    @Param({"central-mutex", "decentral-mutex", "ricart-agrawala", "token-ring"})
    public String algorithm;

    @Param("50")
    public int processes;

    private AlgorithmSpec spec;
    private SimConfig config;
    private long eventsPerRun;

    /** What one operation did, reported by JMH as rates. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long entries;
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            entries = 0;
            events = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        spec = Algorithms.require(algorithm);
        config = SimConfig.defaults(algorithm, processes, 42).withParams(Map.of("rate", "0.5", "hold", "5ms"));
        eventsPerRun = Simulation.run(spec, config).trace().size();
    }

    @Benchmark
    public RunResult simulate(Counters counters) {
        RunResult run = Simulation.run(spec, config);
        counters.entries +=
                run.trace().withPayload(CriticalSection.Entered.class).size();
        counters.events += run.trace().size();
        return run;
    }

    @Benchmark
    public long bareQueue(Counters counters) {
        counters.events += eventsPerRun;
        return BareEventQueue.pushAndPop(processes, eventsPerRun);
    }
}
