package dev.synchrony.bench;

import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.trace.EventKind;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Totally ordered multicast in the simulator: 10 processes, each multicasting 5 times per virtual second for 2.4
 * of the run's 4 virtual seconds, over the reliable FIFO link layer, on a clean network ({@code faults=none}) or
 * one with 10% loss, duplication and reordering ({@code faults=lossy}). The {@code deliveries} counter gives
 * total-order deliveries per wall second; the {@code events} counter gives trace events per wall second.
 * Beside it, in the same run, a bare baseline: as many timed entries as the run had trace events pushed and
 * popped through a {@code PriorityQueue} ({@link BareEventQueue}) (the cost floor of any event-driven simulator), counted in the same
 * units (events, and the deliveries those events carried), so the ratio of the two scores is the simulator's and
 * the algorithm's overhead over a bare event queue.
 *
 * <p>Run: {@code ./mvnw -q -B -o -DskipTests package -pl synchrony-bench -am &&
 * java -jar synchrony-bench/target/benchmarks.jar TotalOrderBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class TotalOrderBenchmark {

    @Param({"none", "lossy"})
    public String faults;

    private AlgorithmSpec spec;
    private SimConfig config;
    private long eventsPerRun;
    private long deliveriesPerRun;

    /** Counts deliveries and events so JMH reports them per second beside invocations per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long deliveries;
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            deliveries = 0;
            events = 0;
        }
    }

    @Setup
    public void setUp() {
        spec = Algorithms.require("total-order");
        NetworkModel network = NetworkModel.reliable(1_000_000L, 10_000_000L);
        if (faults.equals("lossy")) {
            network = network.withFaults(0.1, 0.1, 0.1);
        }
        config = SimConfig.defaults(spec.name(), 10, 1)
                .withDuration(4_000_000_000L)
                .withNetwork(network)
                .withParams(Map.of("rate", "5"))
                .withTraceDetail(SimConfig.TraceDetail.COUNTS);
        RunResult probe = Simulation.run(spec, config);
        eventsPerRun = probe.trace().size();
        deliveriesPerRun = probe.trace().count(EventKind.DELIVER);
        if (deliveriesPerRun == 0) {
            throw new IllegalStateException("the benchmark run delivered nothing");
        }
    }

    @Benchmark
    public long totalOrderTenProcesses(Counters counters) {
        RunResult run = Simulation.run(spec, config);
        counters.deliveries += run.trace().count(EventKind.DELIVER);
        counters.events += run.trace().size();
        return run.trace().size();
    }

    /** The floor: each trace event of the same run costs one push and one pop of a timed entry, nothing else. */
    @Benchmark
    public long bareEventQueue(Counters counters) {
        counters.deliveries += deliveriesPerRun;
        counters.events += eventsPerRun;
        // about as many pending entries as the run's agenda holds: timers and frames in flight for 10 processes
        return BareEventQueue.pushAndPop(200, eventsPerRun);
    }
}
