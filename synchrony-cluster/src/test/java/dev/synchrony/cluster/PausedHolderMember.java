package dev.synchrony.cluster;

import dev.synchrony.api.DistributedLock;
import dev.synchrony.api.Grant;
import dev.synchrony.api.LockListener;
import dev.synchrony.api.SynchronyMember;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the paused-holder test: {@code PausedHolderMember CONFIG ID FENCEFILE DIR}, locks by name on
 * lease-lock (the API's default). n1 takes the lock {@code orders/1}, writes through the {@link FencedFile} and
 * holds on, reporting "HELD-FALSE" the first time {@link Grant#isHeld()} reads false and, once its listener heard
 * {@code lost}, tries a late write ("STALE-REFUSED" or "STALE-ACCEPTED"). The test stops n1's JVM with SIGSTOP in
 * between. n2 waits for the file DIR/take, then takes the same lock ("GRANTED n2 TOKEN") and writes ("WROTE n2").
 * n3 only serves. Every member leaves when DIR/stop appears (at most 90 s).
 */
public final class PausedHolderMember {

    public static void main(String[] args) throws Exception {
        ClusterConfig config = ClusterConfig.load(Path.of(args[0]));
        NodeId self = NodeId.of(args[1]);
        FencedFile file = new FencedFile(Path.of(args[2]));
        Path directory = Path.of(args[3]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (SynchronyMember member = SynchronyMember.join(config, self)) {
            DistributedLock lock = member.lock("orders/1");
            CountDownLatch lost = new CountDownLatch(1);
            lock.addListener(new LockListener() {
                @Override
                public void lost(Grant grant, String reason) {
                    say("LOST " + self + " token " + grant.fencingToken() + ": " + reason);
                    lost.countDown();
                }
            });
            switch (self.name()) {
                case "n1" -> {
                    Grant grant = lock.tryLock(Duration.ofSeconds(30)).orElseThrow();
                    file.append(grant.fencingToken(), self + " first write");
                    say("GRANTED " + self + " " + grant.fencingToken());
                    while (grant.isHeld() && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    say("HELD-FALSE " + self + " lost-heard=" + (lost.getCount() == 0));
                    if (lost.await(20, TimeUnit.SECONDS)) {
                        // A holder that ignores isHeld and the listener: the fence must refuse it.
                        say(
                                file.append(grant.fencingToken(), self + " late write")
                                        ? "STALE-ACCEPTED"
                                        : "STALE-REFUSED");
                    }
                }
                case "n2" -> {
                    while (!Files.exists(directory.resolve("take")) && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    Grant grant = lock.tryLock(Duration.ofSeconds(40)).orElseThrow();
                    say("GRANTED " + self + " " + grant.fencingToken());
                    if (file.append(grant.fencingToken(), self + " write")) {
                        say("WROTE " + self);
                    }
                }
                default -> {}
            }
            while (!Files.exists(directory.resolve("stop")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        System.exit(0);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private PausedHolderMember() {}
}
