package dev.synchrony.bench;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulator throughput on a 100-process random exchange (the {@code lamport} demo: every process sends to a random
 * peer 100 times per virtual second for one virtual second), in trace events per wall second, beside a bare
 * baseline: the same number of events pushed and popped through a {@code PriorityQueue} ({@link BareEventQueue}) holding as many pending
 * entries as the simulator's agenda does (one timer per process plus the messages in flight).
 *
 * <p>Run: {@code ./mvnw -q -B -DskipTests package -pl synchrony-bench -am &&
 * java -jar synchrony-bench/target/benchmarks.jar SimulatorBenchmark -f 1 -wi 3 -i 5}
 * and read the {@code events} counter (events/s) of each method.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class SimulatorBenchmark {

    private AlgorithmSpec spec;
    private SimConfig fullTrace;
    private SimConfig countsOnly;
    private long eventsPerRun;
    private long agendaEntriesPerRun;
    private int pendingEntries;

    /** Counts events so JMH reports events per second beside runs per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
        }
    }

    @Setup
    public void setUp() {
        spec = Algorithms.require("lamport");
        fullTrace = SimConfig.defaults("lamport", 100, 1)
                .withDuration(1_000_000_000L)
                .withParams(Map.of("rate", "100", "send-probability", "1"));
        countsOnly = fullTrace.withTraceDetail(SimConfig.TraceDetail.COUNTS);
        RunResult probe = Simulation.run(spec, countsOnly);
        eventsPerRun = probe.trace().size();
        var trace = probe.trace();
        agendaEntriesPerRun = trace.count(EventKind.TIMER)
                + trace.count(EventKind.RECEIVE)
                + trace.count(EventKind.LOSS)
                + trace.count(EventKind.COMMAND);
        // One pending timer per process plus the messages in flight (about rate x latency x processes).
        pendingEntries = 100 + 100;
    }

    @Benchmark
    public long simulatorCountsOnly(Events counter) {
        RunResult run = Simulation.run(spec, countsOnly);
        counter.events += run.trace().size();
        return run.trace().size();
    }

    @Benchmark
    public long simulatorFullTrace(Events counter) {
        RunResult run = Simulation.run(spec, fullTrace);
        counter.events += run.trace().size();
        return run.trace().size();
    }

    /** The floor: each trace event costs one push and one pop of a timed entry, nothing else. */
    @Benchmark
    public long barePriorityQueue(Events counter) {
        counter.events += eventsPerRun;
        return pushAndPop(eventsPerRun);
    }

    /**
     * A stricter floor: only as many push/pop pairs as the simulator's agenda really handles (a timer firing or
     * a message arrival each; sends, deliveries and recorded events are trace events that need no agenda entry).
     * Its events counter still counts trace events, so its score is comparable with the simulator's.
     */
    @Benchmark
    public long barePriorityQueueAgendaOnly(Events counter) {
        counter.events += eventsPerRun;
        return pushAndPop(agendaEntriesPerRun);
    }

    private long pushAndPop(long count) {
        return BareEventQueue.pushAndPop(pendingEntries, count);
    }
}
