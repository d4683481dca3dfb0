package dev.synchrony.cluster;

import dev.synchrony.api.DistributedLock;
import dev.synchrony.api.Grant;
import dev.synchrony.api.SynchronyMember;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the shared-file test: {@code LockAppender CONFIG ID FILE ROUNDS}. ROUNDS times it takes the lock of
 * the service "file", appends "ID enter TOKEN", waits a little, appends "ID exit TOKEN", and unlocks. Then it
 * stays until the file holds every member's lines (a coordinator must not leave early), at most 60 s.
 */
public final class LockAppender {

    public static void main(String[] args) throws Exception {
        ClusterConfig config = ClusterConfig.load(Path.of(args[0]));
        NodeId self = NodeId.of(args[1]);
        Path file = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        long expectedLines = 2L * rounds * config.members().size();
        SynchronyMember.Builder builder = SynchronyMember.builder(config, self);
        if (config.service("file").isEmpty()) {
            builder.lock("file", id -> new dev.synchrony.api.TestCentralLock());
        }
        try (SynchronyMember member = builder.join(Duration.ofSeconds(30))) {
            DistributedLock lock = member.lock("file");
            for (int i = 0; i < rounds; i++) {
                Grant grant = lock.tryLock(Duration.ofSeconds(30))
                        .orElseThrow(() -> new IllegalStateException(self + " did not get the lock in 30 s"));
                append(file, self + " enter " + grant.fencingToken());
                Thread.sleep(3);
                append(file, self + " exit " + grant.fencingToken());
                lock.unlock(grant);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.readAllLines(file).size() < expectedLines && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
        }
        System.exit(0);
    }

    private static void append(Path file, String line) throws Exception {
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    private LockAppender() {}
}
