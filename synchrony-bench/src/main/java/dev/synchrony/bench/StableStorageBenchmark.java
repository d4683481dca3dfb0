package dev.synchrony.bench;

import dev.synchrony.net.storage.FileStableStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a durable write costs: lease-lock's term-and-vote record ("17 n2", 11 bytes) written in three ways in the
 * same run, on the disk of {@code java.io.tmpdir} (set {@code -Djava.io.tmpdir=DIR} to measure another):
 * <ul>
 *   <li>{@code durable}: {@link FileStableStorage#write}, what the runtime does: temp file, {@code force(true)},
 *   atomic rename, force of the directory;</li>
 *   <li>{@code renameNoForce}: the same temp file and atomic rename without either force (atomic against a process
 *   crash, not against a power cut);</li>
 *   <li>{@code plainWrite}: {@code Files.write} over the file, no rename, no force: the baseline.</li>
 * </ul>
 * The score is microseconds per write, sampled, so the median ({@code p0.50}) can be read past the interference of
 * other processes on a shared machine.
 *
 * <p>Run: {@code ./mvnw -q -DskipTests package -pl synchrony-bench -am &&
 * java -jar synchrony-bench/target/benchmarks.jar StableStorageBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class StableStorageBenchmark {

    @Param({"durable", "renameNoForce", "plainWrite"})
    public String mode;

    private Path directory;
    private FileStableStorage storage;
    private Path target;
    private Path temp;
    private long term;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("synchrony-storage-bench-");
        storage = new FileStableStorage(directory);
        target = directory.resolve("plain.val");
        temp = directory.resolve("plain.val.tmp");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public long write() throws IOException {
        byte[] value = (++term + " n2").getBytes(StandardCharsets.UTF_8);
        switch (mode) {
            case "durable" -> storage.write("lease-lock/term-and-vote", value);
            case "renameNoForce" -> {
                Files.write(temp, value);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            case "plainWrite" -> Files.write(target, value);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        return term;
    }
}
