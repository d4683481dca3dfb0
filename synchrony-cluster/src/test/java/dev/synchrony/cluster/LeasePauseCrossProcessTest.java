package dev.synchrony.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.LocksConfig;
import dev.synchrony.net.runtime.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API's default lock (lease-lock) across three JVMs, with the holder's JVM stopped by SIGSTOP beyond its
 * lease: while it is stopped another member is granted the lock with a larger token and writes; after SIGCONT the
 * old holder's {@code isHeld()} reads false, its listener hears {@code lost}, and the fenced file refuses its late
 * write.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class LeasePauseCrossProcessTest {

    private static final Pattern GRANTED = Pattern.compile("(?m)^GRANTED (n\\d) (\\d+)$");

    /** Short leases, so the test waits seconds, not minutes (the catalog options of lease-lock). */
    static final Map<String, String> FAST = Map.of(
            "heartbeat", "25ms",
            "leader-lease", "400ms",
            "election-timeout", "600ms",
            "grant-lease", "800ms",
            "margin", "5ms",
            "renew", "100ms");

    @TempDir
    Path directory;

    private Optional<Long> granted(String id) throws Exception {
        Path log = directory.resolve(id + ".log");
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        Matcher m = GRANTED.matcher(Files.readString(log));
        while (m.find()) {
            if (m.group(1).equals(id)) {
                return Optional.of(Long.parseLong(m.group(2)));
            }
        }
        return Optional.empty();
    }

    private boolean logged(String id, String text) throws Exception {
        Path log = directory.resolve(id + ".log");
        return Files.exists(log) && Files.readString(log).contains(text);
    }

    private static boolean await(long seconds, LeaseRestartCrossProcessTest.Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(20);
        }
        return check.holds();
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                .as("kill -%s %d", signal, process.pid())
                .isTrue();
    }

    @Test
    void aHolderStoppedBeyondItsLeaseLosesTheLockToALargerTokenAndIsFencedOut() throws Exception {
        ClusterConfig config = TestClusters.loopback(3)
                .withStorage(directory.resolve("storage") + "/{id}")
                .withLocks(new LocksConfig(LocksConfig.LEASE_LOCK, Map.of(), FAST));
        Path configFile = directory.resolve("cluster.yaml");
        Files.writeString(configFile, config.toYaml());
        Path fenced = directory.resolve("fenced.txt");
        List<Process> all = new ArrayList<>();
        Process holder = null;
        try {
            for (var member : config.members()) {
                String id = member.id().name();
                Process process = Processes.start(
                        PausedHolderMember.class,
                        directory.resolve(id + ".log"),
                        configFile.toString(),
                        id,
                        fenced.toString(),
                        directory.toString());
                all.add(process);
                if (id.equals("n1")) {
                    holder = process;
                }
            }
            assertThat(await(60, () -> granted("n1").isPresent()))
                    .as("n1 granted (logs in %s)", directory)
                    .isTrue();
            long first = granted("n1").orElseThrow();

            signal(holder, "STOP");
            long stoppedAt = System.nanoTime();
            Files.createFile(directory.resolve("take"));
            assertThat(await(40, () -> granted("n2").isPresent() && logged("n2", "WROTE n2")))
                    .as("n2 granted and wrote while n1 is stopped (logs in %s)", directory)
                    .isTrue();
            long second = granted("n2").orElseThrow();
            double stoppedFor = (System.nanoTime() - stoppedAt) / 1e9;
            assertThat(second).as("n2's token after n1's").isGreaterThan(first);
            assertThat(logged("n1", "HELD-FALSE"))
                    .as("n1 wrote nothing while stopped")
                    .isFalse();

            signal(holder, "CONT");
            assertThat(await(20, () -> logged("n1", "LOST n1") && logged("n1", "HELD-FALSE")))
                    .as("n1 hears lost and isHeld() is false after SIGCONT (logs in %s)", directory)
                    .isTrue();
            assertThat(await(20, () -> logged("n1", "STALE-")))
                    .as("n1 tried its late write (logs in %s)", directory)
                    .isTrue();
            assertThat(logged("n1", "STALE-REFUSED"))
                    .as("the fence refused n1's late write")
                    .isTrue();
            List<String> lines = Files.readAllLines(fenced);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).endsWith("n1 first write");
            assertThat(lines.get(1)).endsWith("n2 write");
            System.out.printf(
                    "lease-lock across JVMs, holder stopped %.1f s: tokens %d then %d; n1 after SIGCONT: %s%n",
                    stoppedFor,
                    first,
                    second,
                    Files.readAllLines(directory.resolve("n1.log")).stream()
                            .filter(l -> l.startsWith("LOST") || l.startsWith("HELD") || l.startsWith("STALE"))
                            .toList());

            Files.createFile(directory.resolve("stop"));
            assertThat(Processes.awaitAll(all, 30))
                    .as("exit codes (logs in %s)", directory)
                    .containsOnly(0);
        } finally {
            if (holder != null && holder.isAlive()) {
                signal(holder, "CONT");
            }
            all.forEach(Process::destroyForcibly);
        }
    }
}
