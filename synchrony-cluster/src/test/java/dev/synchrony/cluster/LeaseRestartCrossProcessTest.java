package dev.synchrony.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.TestClusters;
import dev.synchrony.net.storage.FileStableStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * lease-lock across three JVMs with stable storage on disk: kill -9 of the leader's JVM, the survivors elect a new
 * leader and go on; the killed member is restarted on the same storage directory and takes the lock again. One
 * holder at a time and growing fencing tokens throughout (the shared file), and the restarted member never votes
 * twice in a term (its traces before and after the restart, and its durable term and vote).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class LeaseRestartCrossProcessTest {

    private static final Pattern LEADER = Pattern.compile("(?m)^LEADER (n\\d+) (\\d+)$");
    private static final Pattern CANDIDACY =
            Pattern.compile("\"kind\":\"internal\".*\"payload\":\"Candidacy\\[term=(\\d+)\\]\"");
    private static final Pattern VOTE = Pattern.compile(
            "\"kind\":\"send\".*\"peer\":\"(n\\d+)\".*\"payload\":\"Vote\\[term=(\\d+), granted=true\\]\"");

    @TempDir
    Path directory;

    private Path shared;
    private Path stop;
    private Path configFile;

    private Process start(String id, int incarnation) throws Exception {
        return Processes.start(
                LeaseMember.class,
                directory.resolve(id + "-" + incarnation + ".log"),
                configFile.toString(),
                id,
                shared.toString(),
                stop.toString(),
                directory.resolve("traces-" + incarnation).toString());
    }

    private static int lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private static boolean await(long seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(50);
        }
        return check.holds();
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private Optional<String> leader() throws Exception {
        String best = null;
        long bestTerm = -1;
        try (Stream<Path> logs = Files.list(directory)) {
            for (Path log : logs.filter(p -> p.toString().endsWith("-1.log")).toList()) {
                Matcher m = LEADER.matcher(Files.readString(log));
                while (m.find()) {
                    if (Long.parseLong(m.group(2)) > bestTerm) {
                        bestTerm = Long.parseLong(m.group(2));
                        best = m.group(1);
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Term -> the candidates {@code id} voted for in it (itself when it stood), from its trace files. */
    private Map<Long, List<String>> votesOf(String id) throws Exception {
        Map<Long, List<String>> votes = new HashMap<>();
        for (int incarnation = 1; incarnation <= 2; incarnation++) {
            Path trace = directory.resolve("traces-" + incarnation).resolve(id + ".jsonl");
            if (!Files.exists(trace)) {
                continue;
            }
            for (String line : Files.readAllLines(trace)) {
                Matcher stood = CANDIDACY.matcher(line);
                if (stood.find()) {
                    votes.computeIfAbsent(Long.parseLong(stood.group(1)), t -> new ArrayList<>())
                            .add(id);
                }
                Matcher vote = VOTE.matcher(line);
                if (vote.find()) {
                    votes.computeIfAbsent(Long.parseLong(vote.group(2)), t -> new ArrayList<>())
                            .add(vote.group(1));
                }
            }
        }
        return votes;
    }

    @Test
    void killingTheLeaderJvmAndRestartingItOnItsStorageKeepsOneHolderAndOneVotePerTerm() throws Exception {
        ClusterConfig config = TestClusters.loopback(3).withStorage(directory.resolve("storage") + "/{id}");
        configFile = directory.resolve("cluster.yaml");
        Files.writeString(configFile, config.toYaml());
        shared = directory.resolve("shared.txt");
        stop = directory.resolve("stop");
        Map<String, Process> processes = new HashMap<>();
        List<Process> all = new ArrayList<>();
        for (var member : config.members()) {
            Process p = start(member.id().name(), 1);
            processes.put(member.id().name(), p);
            all.add(p);
        }
        try {
            assertThat(await(60, () -> leader().isPresent() && lines(shared) >= 40))
                    .as("a leader and 20 sections before the kill (logs in %s)", directory)
                    .isTrue();
            String killed = leader().orElseThrow();
            processes.get(killed).destroyForcibly();
            processes.get(killed).waitFor(10, TimeUnit.SECONDS);
            Path storage = config.storageDirectory(dev.synchrony.core.NodeId.of(killed))
                    .resolve("service-lock");
            String voteAtKill = new String(
                    new FileStableStorage(storage)
                            .read("lease-lock/term-and-vote")
                            .orElseThrow(),
                    StandardCharsets.UTF_8);
            int atKill = lines(shared);
            assertThat(await(40, () -> lines(shared) >= atKill + 20))
                    .as("survivors take the lock under a new leader (logs in %s)", directory)
                    .isTrue();

            Process restarted = start(killed, 2);
            all.add(restarted);
            int atRestart = lines(shared);
            assertThat(await(
                            40,
                            () -> Files.readAllLines(shared).stream()
                                    .skip(atRestart)
                                    .anyMatch(line -> line.startsWith(killed + " enter"))))
                    .as("the restarted %s takes the lock again (logs in %s)", killed, directory)
                    .isTrue();
            Files.createFile(stop);
            List<Process> alive = all.stream().filter(Process::isAlive).toList();
            assertThat(Processes.awaitAll(alive, 30))
                    .as("exit codes (logs in %s)", directory)
                    .containsOnly(0);

            List<FailoverCrossProcessTest.Section> sections =
                    FailoverCrossProcessTest.sections(Files.readAllLines(shared), killed);
            Map<Long, List<String>> votes = votesOf(killed);
            String voteAfter = new String(
                    new FileStableStorage(storage)
                            .read("lease-lock/term-and-vote")
                            .orElseThrow(),
                    StandardCharsets.UTF_8);
            System.out.printf(
                    "lease-lock across JVMs: %d sections (%d before the kill of leader %s), tokens %d..%d;"
                            + " %s's durable vote at the kill '%s', at the end '%s'; its votes by term %s%n",
                    sections.size(),
                    atKill / 2,
                    killed,
                    sections.get(0).token(),
                    sections.get(sections.size() - 1).token(),
                    killed,
                    voteAtKill,
                    voteAfter,
                    votes);
            votes.forEach((term, candidates) -> assertThat(
                            candidates.stream().distinct().count())
                    .as("%s's votes in term %d: %s", killed, term, candidates)
                    .isEqualTo(1));
            long termAtKill = Long.parseLong(voteAtKill.split(" ")[0]);
            assertThat(Long.parseLong(voteAfter.split(" ")[0]))
                    .as("the durable term never goes back")
                    .isGreaterThanOrEqualTo(termAtKill);
            assertThat(sections.stream().filter(s -> (s.token() >>> 32) > termAtKill))
                    .as("sections granted under a later term")
                    .isNotEmpty();
        } finally {
            all.forEach(Process::destroyForcibly);
        }
    }
}
