package dev.synchrony.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The failover lock across real JVMs: kill -9 of the coordinator's JVM, the survivors go on. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class FailoverCrossProcessTest {

    @TempDir
    Path directory;

    /** Sections in the shared file (pairs of enter/exit lines, as "id enter token"); fails on any overlap. */
    record Section(String member, long token) {}

    /**
     * Reads the shared file: every enter is followed by the exit of the same member and token, except one enter
     * of {@code killed}, cut short by the kill (a dead process writes no more); tokens strictly increase.
     */
    static List<Section> sections(List<String> lines, String killed) {
        List<Section> sections = new ArrayList<>();
        long lastToken = Long.MIN_VALUE;
        boolean cut = false;
        for (int i = 0; i < lines.size(); i++) {
            String[] enter = lines.get(i).split(" ");
            assertThat(enter[1]).as("line %d: %s", i + 1, lines.get(i)).isEqualTo("enter");
            long token = Long.parseLong(enter[2]);
            assertThat(token).as("line %d: fencing tokens increase", i + 1).isGreaterThan(lastToken);
            lastToken = token;
            boolean closed = i + 1 < lines.size() && lines.get(i + 1).equals(enter[0] + " exit " + enter[2]);
            if (closed) {
                i++;
            } else {
                assertThat(enter[0])
                        .as("line %d: only the killed member may leave a section open", i + 1)
                        .isEqualTo(killed);
                assertThat(cut)
                        .as("the killed member cut one section short at most")
                        .isFalse();
                cut = true;
            }
            sections.add(new Section(enter[0], token));
        }
        return sections;
    }

    private static int awaitLines(Path file, int atLeast, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int lines = 0;
        while (System.nanoTime() < deadline) {
            lines = Files.exists(file) ? Files.readAllLines(file).size() : 0;
            if (lines >= atLeast) {
                return lines;
            }
            Thread.sleep(20);
        }
        return lines;
    }

    @Test
    void killingTheCoordinatorJvmElectsANewOneAndTheSurvivorsKeepTakingTheLock() throws Exception {
        ClusterConfig config = TestClusters.loopback(3)
                .withServices(List.of(new ClusterConfig.ServiceConfig("file", "lock", "failover-mutex", Map.of())));
        Path configFile = directory.resolve("cluster.yaml");
        Files.writeString(configFile, config.toYaml());
        Path shared = directory.resolve("shared.txt");
        Path stop = directory.resolve("stop");
        List<Process> processes = new ArrayList<>();
        for (var member : config.members()) {
            processes.add(Processes.start(
                    FailoverAppender.class,
                    directory.resolve(member.id() + ".log"),
                    configFile.toString(),
                    member.id().name(),
                    shared.toString(),
                    stop.toString()));
        }
        try {
            // n3, the heaviest member, is the first coordinator.
            assertThat(awaitLines(shared, 60, 60))
                    .as("sections before the kill (logs in %s)", directory)
                    .isGreaterThanOrEqualTo(60);
            processes.get(2).destroyForcibly();
            processes.get(2).waitFor(10, TimeUnit.SECONDS);
            int atKill = Files.readAllLines(shared).size();
            assertThat(awaitLines(shared, atKill + 60, 40))
                    .as("sections after the kill (logs in %s)", directory)
                    .isGreaterThanOrEqualTo(atKill + 60);
            Files.createFile(stop);
            List<Integer> codes = Processes.awaitAll(processes.subList(0, 2), 30);
            assertThat(codes)
                    .as("survivors' exit codes (logs in %s)", directory)
                    .containsOnly(0);
            assertThat(processes.get(2).exitValue()).isEqualTo(137);
            List<String> lines = Files.readAllLines(shared);
            List<Section> all = sections(lines, "n3");
            long lastTermOfN3 = all.stream()
                    .filter(s -> s.member().equals("n3"))
                    .mapToLong(s -> s.token() >>> 32)
                    .max()
                    .orElseThrow();
            List<Section> later =
                    all.stream().filter(s -> (s.token() >>> 32) > lastTermOfN3).toList();
            System.out.printf(
                    "failover across JVMs: %d sections, %d before the kill; %d granted under a term above"
                            + " n3's last (%d), tokens %d..%d%n",
                    all.size(),
                    atKill / 2,
                    later.size(),
                    lastTermOfN3,
                    all.get(0).token(),
                    all.get(all.size() - 1).token());
            assertThat(later).as("sections granted by a new coordinator").hasSizeGreaterThan(20);
            assertThat(later).extracting(Section::member).contains("n1", "n2").doesNotContain("n3");
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }
}
