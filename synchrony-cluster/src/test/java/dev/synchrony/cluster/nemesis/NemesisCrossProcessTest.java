package dev.synchrony.cluster.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synchrony.cluster.ClusterRun;
import dev.synchrony.net.config.Security;
import dev.synchrony.sim.CheckResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real faults in real member JVMs: lease-lock keeps one holder, increasing tokens and one leader while its leader is
 * paused (SIGSTOP) or cut off by a packet filter, and the fault visibly happened (the leadership moved); failover-mutex,
 * whose fault model has no partitions, shows two holders under one, labelled as expected. The partition tests need
 * root, ip and nft (they skip, saying which is missing, elsewhere).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NemesisCrossProcessTest {

    /**
     * Leases short enough for a run of seconds, long enough to outlast a scheduling delay on a loaded machine (with
     * 300 ms leader leases, leaders lost them to CPU starvation at a load average of 20 on 2 cores), and a margin
     * that covers a late timer's Lost (docs/nemesis.md).
     */
    static final Map<String, String> LEASE = Map.of(
            "heartbeat", "50ms",
            "leader-lease", "600ms",
            "election-timeout", "1s",
            "grant-lease", "800ms",
            "renew", "150ms",
            "margin", "100ms",
            "rho", "0.0001",
            "hold", "150ms",
            "rate", "3",
            "quiet", "2s");

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path temporary;

    /** The run folder: a temporary one, or under {@code -Dnemesis.keep=DIR} to look at afterwards. */
    Path directory;

    @org.junit.jupiter.api.BeforeEach
    void folder(org.junit.jupiter.api.TestInfo test) {
        String keep = System.getProperty("nemesis.keep");
        directory = keep == null
                ? temporary
                : Path.of(keep, test.getTestMethod().orElseThrow().getName());
    }

    static ClusterRun.Options options(String algorithm, Map<String, String> params, long seconds, Path out) {
        return ClusterRun.Options.defaults(algorithm, 3, TimeUnit.SECONDS.toNanos(seconds))
                .withParams(params)
                .withOutDirectory(out)
                .withSecurity(Security.Mode.SHARED_SECRET);
    }

    private static ClusterRun.Outcome run(ClusterRun.Options options, String fault) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        ClusterRun.Outcome outcome = ClusterRun.run(options.withNemesis(Set.of(), List.of(fault)), out);
        ClusterRun.report(outcome, out);
        System.out.println(text);
        return outcome;
    }

    /**
     * No safety property violated: the simulator's safety and fencing checks and the client-side history. Liveness
     * is printed but not asserted: a lease lock makes progress only while messages and timers are timely, which a
     * machine shared by a dozen JVMs does not promise.
     */
    private static void assertNoViolation(ClusterRun.Outcome outcome) {
        assertThat(outcome.exitCodes().values())
                .as("exit codes (logs in %s)", outcome.directory())
                .containsOnly(0);
        assertThat(outcome.run().checks())
                .as("checks (run in %s)", outcome.directory())
                .filteredOn(check -> !check.property().equals("liveness"))
                .noneMatch(CheckResult::violated);
        ClientHistory history = outcome.history();
        assertThat(history.doubleGrants()).isZero();
        assertThat(history.fencingRegressions()).isZero();
        assertThat(history.doubleLeaders()).isZero();
        assertThat(history.entries())
                .as("grants (run in %s)", outcome.directory())
                .isPositive();
    }

    @Test
    void leaseLockKeepsOneHolderAndOneLeaderWhileItsLeaderIsPaused() {
        ClusterRun.Outcome outcome = run(options("lease-lock", LEASE, 12, directory), "pause:leader@4s..6s");
        assertNoViolation(outcome);
        assertThat(outcome.faults().pauses())
                .as("a SIGSTOP/SIGCONT pause was made")
                .hasSize(1);
        // The pause outlasted the leader's lease: another member was elected, so the fault really bit.
        assertThat(outcome.history().leaderships())
                .as("leaderships (run in %s)", outcome.directory())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void leaseLockKeepsOneHolderAndOneLeaderWhileItsLeaderIsCutOff() {
        NetworkNamespace.unavailable().ifPresent(why -> assumeTrue(false, why));
        ClusterRun.Outcome outcome = run(options("lease-lock", LEASE, 12, directory), "partition:leader@4s..6500ms");
        assertNoViolation(outcome);
        assertThat(outcome.faults().partitions()).as("a partition was made").hasSize(1);
        assertThat(outcome.history().leaderships())
                .as("leaderships (run in %s)", outcome.directory())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void failoverMutexSplitsUnderAPartitionAndTheViolationIsLabelledOutsideItsModel() {
        NetworkNamespace.unavailable().ifPresent(why -> assumeTrue(false, why));
        // n3, the heaviest, is the first coordinator: cut off, it goes on granting its own requests while n1 and n2
        // elect n2 and grant theirs. Whether the two sides' grants meet depends on the timing (2 of 3 runs of a
        // measured sweep): up to three seeds, until one shows it.
        ClusterRun.Outcome outcome = null;
        for (long seed = 1; seed <= 3; seed++) {
            ClusterRun.Options options = options(
                            "failover-mutex",
                            Map.of("rate", "6", "hold", "150ms"),
                            8,
                            directory.resolve("seed-" + seed))
                    .withSeedAndOut(seed, directory.resolve("seed-" + seed));
            outcome = run(options, "partition:n3@2500ms..5500ms");
            assertThat(outcome.faults().partitions()).hasSize(1);
            if (outcome.run().violated()) {
                break;
            }
        }
        assertThat(outcome.history().doubleGrants() + outcome.history().fencingRegressions())
                .as("double grants or fencing regressions (run in %s)", outcome.directory())
                .isPositive();
        assertThat(outcome.run().violated()).isTrue();
        assertThat(outcome.run().violationExpected()).isTrue();
        assertThat(outcome.run().setup().faultModelLabel()).contains("partition");
    }
}
