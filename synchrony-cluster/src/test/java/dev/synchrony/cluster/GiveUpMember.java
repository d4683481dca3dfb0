package dev.synchrony.cluster;

import dev.synchrony.api.DistributedLock;
import dev.synchrony.api.Grant;
import dev.synchrony.api.SynchronyMember;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One JVM of the give-up test: {@code GiveUpMember CONFIG ID}. n1 holds the lock for 4 s; meanwhile n2 gives up
 * three ways (its thread interrupted in {@code lock()}, a {@code tryLock} timing out, a {@code lockAsync} future
 * cancelled); n3 asks after n2 has given up and must get the lock once n1 releases. Output lines: "HELD token T"
 * (n1), "INTERRUPTED", "TIMED-OUT", "CANCELLED" and "N2-HOLDER ..." (n2), "N3-GOT token T" or "N3-NOTHING" (n3).
 */
public final class GiveUpMember {

    public static void main(String[] args) throws Exception {
        ClusterConfig config = ClusterConfig.load(Path.of(args[0]));
        NodeId self = NodeId.of(args[1]);
        try (SynchronyMember member = SynchronyMember.join(config, self)) {
            DistributedLock lock = member.lock("orders");
            switch (self.name()) {
                case "n1" -> {
                    try (Grant grant = lock.lock()) {
                        say("HELD token " + grant.fencingToken());
                        Thread.sleep(4_000);
                    }
                    say("RELEASED");
                    Thread.sleep(4_000);
                }
                case "n2" -> {
                    Thread.sleep(1_000); // n1 holds by now
                    Thread waiting = Thread.ofVirtual().start(() -> {
                        try {
                            Grant never = lock.lock();
                            say("GRANTED-WHILE-HELD " + never);
                        } catch (InterruptedException e) {
                            say("INTERRUPTED");
                        }
                    });
                    Thread.sleep(300);
                    waiting.interrupt();
                    waiting.join();
                    Optional<Grant> timedOut = lock.tryLock(Duration.ofMillis(300));
                    say(timedOut.isEmpty() ? "TIMED-OUT" : "GRANTED-WHILE-HELD " + timedOut.get());
                    CompletableFuture<Grant> asked = lock.lockAsync();
                    Thread.sleep(300);
                    say(asked.cancel(true) ? "CANCELLED" : "GRANTED-WHILE-HELD " + asked.join());
                    Thread.sleep(5_500); // n1 released at about 4 s, and n3 took the lock
                    say("N2-HOLDER " + lock.holder());
                }
                default -> {
                    Thread.sleep(2_500); // after n2 gave up three times
                    Optional<Grant> got = lock.tryLock(Duration.ofSeconds(10));
                    say(got.map(grant -> "N3-GOT token " + grant.fencingToken()).orElse("N3-NOTHING"));
                    got.ifPresent(Grant::close);
                    Thread.sleep(3_000);
                }
            }
        }
        System.exit(0);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private GiveUpMember() {}
}
