package dev.synchrony.cluster;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Catalog;
import dev.synchrony.catalog.Environment;
import dev.synchrony.catalog.NetworkAssumptions;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.Member;
import dev.synchrony.net.runtime.NodeHost;
import dev.synchrony.net.runtime.Protocols;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One JVM of the lease-lock restart test: {@code LeaseMember CONFIG ID FILE STOPFILE TRACEDIR}. It hosts the
 * catalog's lease-lock (stable storage where the config's {@code storage} says), asks for the lock again and again,
 * and for each grant appends "ID enter TOKEN", waits 5 ms, appends "ID exit TOKEN" and releases, until STOPFILE
 * exists (at most 90 s). It prints "LEADER ID TERM" when it leads and writes its trace (with every vote it sends)
 * to TRACEDIR.
 */
public final class LeaseMember {

    public static void main(String[] args) throws Exception {
        ClusterConfig config = ClusterConfig.load(Path.of(args[0]));
        NodeId self = NodeId.of(args[1]);
        Path file = Path.of(args[2]);
        Path stop = Path.of(args[3]);
        Path traces = Path.of(args[4]);
        Files.createDirectories(traces);
        Algorithm algorithm = Catalog.require("lease-lock");
        Environment environment = new Environment(
                config.memberIds(),
                algorithm.resolve(Map.of()),
                config.seed(),
                NetworkAssumptions.reliable(50_000_000L).withReconnects(true),
                0,
                false);
        Function<NodeId, Node<?, ?, ?>> factory = id -> algorithm.newNode(id, environment);
        ScheduledExecutorService application = Executors.newSingleThreadScheduledExecutor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (Member member = Member.builder(config, self)
                .service(new Member.Service("lock", factory, Protocols.codecFor(factory.apply(self))))
                .traceDirectory(traces)
                .log(line -> System.out.println("LOG " + line))
                .build()) {
            NodeHost host = member.host("lock");
            host.addOutputListener(output -> {
                switch (output) {
                    case LeaderElected elected
                    when elected.leader().equals(self) -> System.out.println("LEADER " + self + " " + elected.term());
                    case MutexOutput.Granted grant ->
                        application.execute(() -> {
                            append(file, self + " enter " + grant.fencingToken());
                            sleep(5);
                            append(file, self + " exit " + grant.fencingToken());
                            host.command(new MutexCommand.Release(grant.requestId()));
                            if (!Files.exists(stop) && System.nanoTime() < deadline) {
                                host.command(new MutexCommand.Acquire(grant.requestId() + 1));
                            }
                        });
                    case MutexOutput.Lost lost -> {
                        System.out.println("LOST " + self + " " + lost);
                        if (!Files.exists(stop) && System.nanoTime() < deadline) {
                            host.command(new MutexCommand.Acquire(lost.requestId() + 1));
                        }
                    }
                    default -> {}
                }
            });
            member.listen();
            member.awaitLinks(Duration.ofSeconds(20));
            member.startNodes();
            // Request numbers from the wall clock, so a restarted JVM never repeats its predecessor's.
            host.command(new MutexCommand.Acquire(System.currentTimeMillis() * 1000));
            while (!Files.exists(stop) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // Let a section in progress finish (its exit line written) before the member and the JVM go.
            application.shutdown();
            application.awaitTermination(5, TimeUnit.SECONDS);
            System.out.println("STOP " + self);
        } finally {
            application.shutdownNow();
        }
        System.exit(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void append(Path file, String line) {
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private LeaseMember() {}
}
