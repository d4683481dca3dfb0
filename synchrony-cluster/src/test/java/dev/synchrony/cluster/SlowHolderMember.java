package dev.synchrony.cluster;

import dev.synchrony.api.DistributedLock;
import dev.synchrony.api.Grant;
import dev.synchrony.api.LockListener;
import dev.synchrony.api.SynchronyMember;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the lost-lock test: {@code SlowHolderMember CONFIG ID FILE}. The member n1 takes the lock (token ring
 * with regeneration) and stalls inside for longer than the regeneration timeout, as a paused process would; the
 * others take the lock in a loop. Every member writes through a {@link FencedFile}. Output lines: "LOST ..." from
 * the listener, "STALE-REFUSED" when the fence refused a write, "WROTE n" at the end.
 */
public final class SlowHolderMember {

    public static void main(String[] args) throws Exception {
        ClusterConfig config = ClusterConfig.load(Path.of(args[0]));
        NodeId self = NodeId.of(args[1]);
        FencedFile file = new FencedFile(Path.of(args[2]));
        CountDownLatch lost = new CountDownLatch(1);
        int wrote = 0;
        try (SynchronyMember member = SynchronyMember.join(config, self)) {
            DistributedLock lock = member.lock("file");
            lock.addListener(new LockListener() {
                @Override
                public void lost(Grant grant, String reason) {
                    System.out.println("LOST " + self + " token " + grant.fencingToken() + ": " + reason);
                    System.out.flush();
                    lost.countDown();
                }
            });
            if (self.name().equals("n1")) {
                Grant grant = lock.tryLock(Duration.ofSeconds(20)).orElseThrow();
                wrote += file.append(grant.fencingToken(), self + " first write") ? 1 : 0;
                // Stall inside (a GC pause, a swapped-out process): the others regenerate the token meanwhile.
                boolean told = lost.await(15, TimeUnit.SECONDS);
                System.out.println("STALLED-HOLDER told=" + told + " held=" + grant.isHeld());
                if (file.append(grant.fencingToken(), self + " stale write")) {
                    wrote++;
                    System.out.println("STALE-ACCEPTED");
                } else {
                    System.out.println("STALE-REFUSED");
                }
            } else {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
                while (System.nanoTime() < deadline) {
                    var grant = lock.tryLock(Duration.ofSeconds(10));
                    if (grant.isPresent()) {
                        wrote += file.append(grant.get().fencingToken(), self + " write") ? 1 : 0;
                        Thread.sleep(20);
                        if (grant.get().isHeld()) {
                            lock.unlock(grant.get());
                        }
                    }
                }
            }
            System.out.println("WROTE " + wrote);
            System.out.flush();
            Thread.sleep(2_000);
        }
        System.exit(0);
    }

    private SlowHolderMember() {}
}
