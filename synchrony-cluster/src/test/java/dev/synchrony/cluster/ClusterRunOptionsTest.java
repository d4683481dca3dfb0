package dev.synchrony.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.cluster.nemesis.NemesisKind;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.Security;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The with... methods go through one copy of every option: each keeps what the others set. No process starts. */
class ClusterRunOptionsTest {

    @Test
    void defaultsAreThoseOfTheClusterCommand() {
        assertThat(ClusterRun.Options.defaults("vector", 3, 5_000_000_000L))
                .isEqualTo(new ClusterRun.Options(
                        "vector",
                        3,
                        5_000_000_000L,
                        1,
                        Map.of(),
                        null,
                        List.of(),
                        List.of(),
                        0,
                        0,
                        false,
                        ClusterConfig.DEFAULT_LATENCY_MIN_NANOS,
                        ClusterConfig.DEFAULT_LATENCY_MAX_NANOS,
                        Security.Mode.TLS,
                        Set.of(),
                        List.of()));
    }

    @Test
    void everyWithMethodKeepsWhatTheOthersSet() throws Exception {
        ClusterRun.Options defaults = ClusterRun.Options.defaults("lease-lock", 3, 5_000_000_000L);
        ClusterRun.Options changed = defaults.withSeed(4)
                .withParams(Map.of("rate", "2"))
                .withOutDirectory(Path.of("run"))
                .withKills(List.of(ClusterRun.Kill.parse("n2@1s")))
                .withDrift(0.001, 20_000_000L)
                .withReliableLinks(true)
                .withLatency(2_000_000L, 30_000_000L)
                .withSecurity(Security.Mode.SHARED_SECRET)
                .withNemesis(Set.of(NemesisKind.values()), List.of("pause:n1@2s..3s"));
        // Given to defaults(...), or (the members' JVM options) set by no command.
        Set<String> fixed = Set.of("algorithm", "nodes", "durationNanos", "javaOptions");
        for (RecordComponent option : ClusterRun.Options.class.getRecordComponents()) {
            if (!fixed.contains(option.getName())) {
                Object set = option.getAccessor().invoke(changed);
                assertThat(set)
                        .as(option.getName())
                        .isNotEqualTo(option.getAccessor().invoke(defaults));
            }
        }
        ClusterRun.Options sweepRun = changed.withSeedAndOut(5, Path.of("run-2"));
        assertThat(sweepRun.seed()).isEqualTo(5);
        assertThat(sweepRun.outDirectory()).isEqualTo(Path.of("run-2"));
        assertThat(sweepRun)
                .usingRecursiveComparison()
                .ignoringFields("seed", "outDirectory")
                .isEqualTo(changed);
    }

    @Test
    void aBadOptionIsNamed() {
        ClusterRun.Options options = ClusterRun.Options.defaults("vector", 3, 1_000_000_000L);
        assertThatThrownBy(() -> options.withLatency(5, 4)).hasMessage("--latency: need 0 <= MIN <= MAX");
        assertThatThrownBy(() -> options.withDrift(0.6, 0)).hasMessageStartingWith("--drift:");
    }
}
