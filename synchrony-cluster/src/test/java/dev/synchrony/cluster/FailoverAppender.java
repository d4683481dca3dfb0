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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the coordinator-failover test: {@code FailoverAppender CONFIG ID FILE STOPFILE}. It takes the lock of
 * the service "file" again and again, appends "ID enter TOKEN", waits a little, appends "ID exit TOKEN" and
 * unlocks, until STOPFILE exists (at most 80 s). The test kills the coordinator's JVM meanwhile; a lost grant is
 * logged ("LOST ...") and the loop goes on.
 */
public final class FailoverAppender {

    public static void main(String[] args) throws Exception {
        ClusterConfig config = ClusterConfig.load(Path.of(args[0]));
        NodeId self = NodeId.of(args[1]);
        Path file = Path.of(args[2]);
        Path stop = Path.of(args[3]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(80);
        try (SynchronyMember member = SynchronyMember.join(config, self)) {
            DistributedLock lock = member.lock("file");
            lock.addListener(new dev.synchrony.api.LockListener() {
                @Override
                public void lost(Grant grant, String reason) {
                    System.out.println("LOST " + self + " token " + grant.fencingToken() + " " + reason);
                }
            });
            while (!Files.exists(stop) && System.nanoTime() < deadline) {
                Optional<Grant> maybe = lock.tryLock(Duration.ofSeconds(5));
                if (maybe.isEmpty()) {
                    System.out.println("WAITED " + self + " 5 s without the lock");
                    continue;
                }
                Grant grant = maybe.get();
                append(file, self + " enter " + grant.fencingToken());
                Thread.sleep(5);
                append(file, self + " exit " + grant.fencingToken());
                try {
                    lock.unlock(grant);
                } catch (IllegalStateException lost) {
                    System.out.println("UNLOCK " + self + " " + lost.getMessage());
                }
                Thread.sleep(2);
            }
        }
        System.exit(0);
    }

    private static void append(Path file, String line) throws Exception {
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    private FailoverAppender() {}
}
