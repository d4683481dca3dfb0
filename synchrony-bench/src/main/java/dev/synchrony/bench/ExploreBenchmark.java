package dev.synchrony.bench;

import dev.synchrony.explore.ExploreResult;
import dev.synchrony.explore.Explorer;
import dev.synchrony.explore.families.ExploreHarnesses;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Explorer throughput: the time to explore a whole state space (breadth-first, every invariant checked in every
 * state), beside a bare baseline in the same run: inserting as many random 64-bit fingerprints into a
 * {@link HashSet} as the exploration has distinct states (the least any explicit-state search must do per state).
 * States per second = the distinct states printed at setup divided by the score.
 *
 * <p>Run: {@code ./mvnw -q -B -DskipTests package -pl synchrony-bench -am &&
 * java -Xmx2g -jar synchrony-bench/target/benchmarks.jar ExploreBenchmark -f 1 -wi 1 -i 3}; choose the
 * configuration with {@code -p algorithm=ricart-agrawala -p nodes=3 -p loss=false -p crashes=0}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ExploreBenchmark {

    @Param("lamport")
    public String algorithm;

    @Param("3")
    public int nodes;

    @Param("true")
    public boolean loss;

    @Param("1")
    public int crashes;

    private AlgorithmSpec spec;
    private RunSetup setup;
    private Explorer.Options options;
    private long distinctStates;

    @Setup(Level.Trial)
    public void prepare() {
        spec = Algorithms.require(algorithm);
        Map<String, String> params =
                new HashMap<>(ExploreHarnesses.forAlgorithm(spec.algorithm()).explorationParams());
        setup = Simulation.setupFor(
                spec, SimConfig.defaults(spec.name(), nodes, 1).withParams(params));
        options = Explorer.Options.defaults()
                .withLoss(loss)
                .withCrashes(crashes, false)
                .withMaxStates(50_000_000);
        ExploreResult result = new Explorer(ExploreHarnesses.forAlgorithm(spec.algorithm()), setup, options).run();
        distinctStates = result.distinctStates();
        System.out.printf(
                "%n%s, %d processes, loss %s, crashes %d: %,d distinct states, %,d transitions, exhaustive %s,"
                        + " state store %.1f MiB%n",
                algorithm,
                nodes,
                loss,
                crashes,
                distinctStates,
                result.transitions(),
                result.exhaustive(),
                result.storeBytes() / 1048576.0);
    }

    @Benchmark
    public long exploreWholeSpace() {
        return new Explorer(ExploreHarnesses.forAlgorithm(spec.algorithm()), setup, options)
                .run()
                .distinctStates();
    }

    @Benchmark
    public int baselineHashSetOfFingerprints() {
        HashSet<Long> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(1);
        for (long i = 0; i < distinctStates; i++) {
            seen.add(random.nextLong());
        }
        return seen.size();
    }
}
