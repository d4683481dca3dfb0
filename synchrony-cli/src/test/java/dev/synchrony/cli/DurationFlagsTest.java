package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, point 3: every duration flag takes the same forms and wants a unit; an empty run is not a pass. */
class DurationFlagsTest {

    @TempDir
    Path tmp;

    /** Every duration flag, after what its command needs to get as far as reading it. */
    static final Map<String, List<String>> FLAGS = Map.ofEntries(
            Map.entry("--duration", List.of("simulate", "lamport")),
            Map.entry("--clock-offset", List.of("check", "lamport", "--seeds", "1..2")),
            Map.entry("--hold", List.of("compare", "mutex")),
            Map.entry("--latency", List.of("compare", "mutex")),
            Map.entry("--for", List.of("ntp", "serve", "--bind", "127.0.0.1:0")),
            Map.entry("--report", List.of("ntp", "serve", "--bind", "127.0.0.1:0")),
            Map.entry("--cookie-rotation", List.of("ntp", "serve", "--bind", "127.0.0.1:0")),
            Map.entry("--timeout", List.of("ntp", "query", "127.0.0.1:9")),
            Map.entry("--interval", List.of("ntp", "query", "127.0.0.1:9")));

    @Test
    void aDurationWithoutUnitIsRefusedNamingTheFlagAndTheUnits() {
        FLAGS.forEach((flag, prefix) -> {
            List<String> args = new ArrayList<>(prefix);
            args.add(flag);
            args.add("10");
            CliTest.Outcome outcome = CliTest.run(args.toArray(String[]::new));
            assertThat(outcome.exitCode()).as(args + ": " + outcome.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(outcome.err().strip())
                    .as(args.toString())
                    .contains(flag + ": '10' has no unit")
                    .contains("10ms or 10s")
                    .doesNotContain("\n");
        });
    }

    @Test
    void everyDurationFlagTakesTheSameForms() {
        CliTest.Outcome serve = CliTest.run("ntp", "serve", "--bind", "127.0.0.1:0", "--for", "300ms", "--report", "0");
        assertThat(serve.exitCode()).as(serve.err()).isZero();
        CliTest.Outcome query =
                CliTest.run("ntp", "query", "127.0.0.1:9", "--samples", "1", "--timeout", "0.1s", "--interval", "0");
        assertThat(query.exitCode()).as(query.err()).isEqualTo(ExitCodes.VIOLATION);
        assertThat(CliTest.run("simulate", "lamport", "--duration", "0.5s", "--out", tmp.toString())
                        .exitCode())
                .isZero();
    }

    @Test
    void aPropertyWithNothingToJudgeSaysSoInTextAndSummary() throws Exception {
        CliTest.Outcome outcome =
                CliTest.run("simulate", "lamport", "--rate", "0", "--duration", "1s", "--out", tmp.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("clock-condition")
                .contains("NOTHING TO CHECK")
                .doesNotContain("HELD");
        JsonNode summary =
                new ObjectMapper().readTree(tmp.resolve("summary.json").toFile());
        assertThat(summary.at("/checks/0/status").asText()).isEqualTo("nothing_to_check");
        // With events to judge, the same property holds.
        CliTest.Outcome busy = CliTest.run("simulate", "lamport", "--duration", "1s", "--out", tmp.toString());
        assertThat(busy.out()).contains("HELD").doesNotContain("NOTHING TO CHECK");
    }

    @Test
    void aSweepCountsRunsWithNothingToCheckInTheirOwnColumn() {
        CliTest.Outcome outcome = CliTest.run(
                "check", "lamport", "--seeds", "1..3", "--rate", "0", "--duration", "1s", "--progress", "none");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("nothing to check").containsPattern("clock-condition\\s+0\\s+0\\s+0\\s+3");
    }
}
