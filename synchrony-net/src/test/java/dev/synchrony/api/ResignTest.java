package dev.synchrony.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LeaderElection#resign()} with the catalog's algorithms: bully steps down, ring-election says why not. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResignTest {

    private final List<SynchronyMember> cluster = new ArrayList<>();

    @AfterEach
    void leave() {
        cluster.forEach(SynchronyMember::close);
    }

    private void join(String algorithm) throws Exception {
        ClusterConfig config = TestClusters.loopback(3)
                .withServices(List.of(new ClusterConfig.ServiceConfig("leader", "election", algorithm, Map.of())));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(
                        pool.submit(() -> SynchronyMember.builder(config, id).join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                cluster.add(future.get());
            }
        }
    }

    private LeaderElection election(int member) {
        return cluster.get(member - 1).election("leader");
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private boolean allFollow(String leader, long aboveTerm) {
        return cluster.stream()
                .allMatch(m -> m.election("leader")
                                .currentLeader()
                                .map(NodeId::toString)
                                .orElse("")
                                .equals(leader)
                        && m.election("leader").term() > aboveTerm);
    }

    @Test
    void aBullyLeaderResignsTheNextHeaviestTakesOverAndItCanStandAgain() throws Exception {
        join("bully");
        long first = election(3).awaitLeadership();
        eventually("everyone follows n3", () -> allFollow("n3", 0));
        List<LeaderElected> seenByN3 = new CopyOnWriteArrayList<>();
        election(3).addListener(seenByN3::add);

        election(3).resign();
        assertThat(election(3).isLeader()).as("n3 right after resign()").isFalse();
        assertThat(election(3).leadershipAsync()).isNotDone();
        eventually("everyone follows n2 with a larger term", () -> allFollow("n2", first));
        assertThat(election(2).isLeader()).isTrue();
        long second = election(2).term();
        // Out of the race: n3 does not bully its way back, however long we wait for the heartbeats to settle.
        Thread.sleep(500);
        assertThat(election(3).currentLeader()).contains(NodeId.of("n2"));
        assertThat(election(3).term()).isEqualTo(second);
        assertThat(seenByN3).extracting(LeaderElected::leader).containsExactly(NodeId.of("n3"), NodeId.of("n2"));

        election(3).stand();
        assertThat(election(3).leadershipAsync().get(10, TimeUnit.SECONDS)).isGreaterThan(second);
        eventually("everyone follows n3 again", () -> allFollow("n3", second));
    }

    @Test
    void ringElectionCannotResignAndSaysWhy() throws Exception {
        join("ring-election");
        election(3).awaitLeadership();
        assertThatThrownBy(() -> election(3).resign())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("election leader cannot resign: ring-election cannot resign");
        assertThat(election(3).isLeader()).isTrue();
    }
}
