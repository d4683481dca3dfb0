package dev.synchrony.cluster.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synchrony.cluster.ClusterRun;
import dev.synchrony.cluster.NemesisSweep;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * lease-lock under every nemesis kind, three runs each (seeds 1..3, schedules drawn from them): no double grant, no
 * fencing regression, no double leader. Minutes of real processes: behind {@code -Plong}.
 */
@Tag("long")
class NemesisSweepLongTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(NemesisKind.class)
    void leaseLockShowsNoDoubleGrantNoRegressionAndNoDoubleLeader(NemesisKind kind) {
        if (kind.needsNamespace()) {
            NetworkNamespace.unavailable().ifPresent(why -> assumeTrue(false, why));
        }
        ClusterRun.Options options = NemesisCrossProcessTest.options(
                        "lease-lock", NemesisCrossProcessTest.LEASE, 14, directory)
                .withNemesis(Set.of(kind), List.of());
        StringWriter text = new StringWriter();
        NemesisSweep.Totals totals = NemesisSweep.run(options, 3, directory, new PrintWriter(text));
        System.out.println(text);
        assertThat(totals.doubleGrants()).isZero();
        assertThat(totals.fencingRegressions()).isZero();
        assertThat(totals.doubleLeaders()).isZero();
        assertThat(totals.entries()).isPositive();
    }
}
