package dev.synchrony.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.trace.EventKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterRunTest {

    @TempDir
    Path directory;

    @Test
    void threeMemberProcessesRunVectorClocksAndTheMergedTraceIsChecked() {
        StringWriter text = new StringWriter();
        ClusterRun.Outcome outcome = ClusterRun.run(
                ClusterRun.Options.defaults("vector", 3, 2_000_000_000L)
                        .withSeed(7)
                        .withParams(Map.of("rate", "20"))
                        .withOutDirectory(directory),
                new PrintWriter(text));
        ClusterRun.report(outcome, new PrintWriter(text));
        assertThat(outcome.exitCodes().values()).containsOnly(0);
        assertThat(outcome.run().trace().count(EventKind.START)).isEqualTo(3);
        assertThat(outcome.run().trace().count(EventKind.RECEIVE)).isPositive();
        assertThat(outcome.run().checks()).extracting(CheckResult::status).containsOnly(CheckResult.Status.HELD);
        assertThat(text.toString()).contains("vector-causality", "HELD", "3 processes");
        assertThat(directory.resolve("trace.jsonl")).exists();
        // TLS by default: the generated config names throwaway certificates made in the run folder.
        assertThat(text.toString()).contains("mutual TLS with throwaway certificates");
        dev.synchrony.net.config.ClusterConfig config =
                dev.synchrony.net.config.ClusterConfig.load(directory.resolve("cluster.yaml"));
        assertThat(config.security().mode()).isEqualTo(dev.synchrony.net.config.Security.Mode.TLS);
        assertThat(config.secret()).isNull();
        assertThat(directory.resolve("certs/ca.pem")).exists();
        assertThat(directory.resolve("certs/n3.key")).exists();
    }

    @Test
    void berkeleyOverRealProcessesBringsTheirClocksTogether() {
        ClusterRun.Outcome outcome = ClusterRun.run(
                ClusterRun.Options.defaults("berkeley", 3, 6_000_000_000L)
                        .withSeed(3)
                        .withOutDirectory(directory)
                        .withDrift(0.0001, 60_000_000L),
                new PrintWriter(new StringWriter()));
        assertThat(outcome.exitCodes().values()).containsOnly(0);
        ClockSkew skew = ClockSkew.of(outcome.run().trace()).orElseThrow();
        // The members start up to 120 ms apart (offsets drawn in +/-60 ms); the daemon's rounds pull them together.
        // The median (not the maximum) of the second half: on a loaded machine one round's estimate can be off
        // by tens of milliseconds until the next round corrects it.
        assertThat(skew.firstNanos()).isGreaterThan(10_000_000L);
        assertThat(skew.medianLastHalfNanos()).isLessThan(20_000_000L).isLessThan(skew.firstNanos() / 2);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> ClusterRun.Options.defaults("vector", 0, 1)).hasMessageStartingWith("--nodes:");
        assertThatThrownBy(() -> ClusterRun.run(
                        ClusterRun.Options.defaults("vector", 2, 1_000_000_000L)
                                .withOutDirectory(directory)
                                .withKills(List.of(ClusterRun.Kill.parse("n9@1s"))),
                        new PrintWriter(new StringWriter())))
                .hasMessageStartingWith("--kill: no member named n9");
        assertThatThrownBy(() -> ClusterRun.Kill.parse("n1")).hasMessageStartingWith("--kill:");
    }
}
