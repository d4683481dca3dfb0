package dev.synchrony.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke run of the comparison benchmark: every system yields its figures and the JSON reads back. Not timed. */
class PeersBenchTest {

    @Test
    void quickRunMeasuresEverySystemAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("peers.json");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Report report = PeersBench.run(
                PeersOptions.parse("--quick", "--out", json.toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                "--quick");
        String output = printed.toString(StandardCharsets.UTF_8);

        assertThat(report.failures()).as(output).isEmpty();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        Set<String> figures = new HashSet<>();
        List<Double> rates = new ArrayList<>();
        for (JsonNode result : root.get("results")) {
            figures.add(
                    result.get("system").asText() + " " + result.get("figure").asText());
            if (result.get("figure").asText().equals("multicast-rate")) {
                rates.add(result.get("median").asDouble());
            }
        }
        assertThat(figures)
                .as(output)
                .contains(
                        "netty round-trip",
                        "synchrony multicast-rate",
                        "synchrony multicast-latency-median",
                        "synchrony lock-median",
                        "synchrony lock-contended",
                        "synchrony retransmissions",
                        "jgroups multicast-rate",
                        "jgroups multicast-latency-p99",
                        "hazelcast lock-median",
                        "hazelcast lock-contended",
                        "curator lock-median",
                        "curator lock-contended");
        assertThat(rates).as(output).allMatch(rate -> rate > 0);
        // Total order was kept by both total-order systems: no member delivered in another order.
        for (JsonNode result : root.get("results")) {
            if (result.get("figure").asText().equals("order-disagreements")) {
                assertThat(result.get("median").asDouble()).as(output).isZero();
            }
        }
        assertThat(output).contains("figure [Synchrony variant]", "JSON: " + json.toAbsolutePath());
    }

    @Test
    void multicastNoneLeavesOnlyTheLockCases() {
        PeersOptions options = PeersOptions.parse("--multicast", "none", "--locks", "lease-lock");
        assertThat(options.multicastAlgorithms()).isEmpty();
        assertThat(options.lockAlgorithms()).containsExactly("lease-lock");
        assertThat(PeersOptions.parse().multicastAlgorithms()).containsExactly("total-order", "causal-order");
    }

    @Test
    void badOptionsAreNamedInOneLine() {
        assertThatThrownBy(() -> PeersOptions.parse("--rounds", "zero"))
                .hasMessage("--rounds: 'zero' is not a positive whole number");
        assertThatThrownBy(() -> PeersOptions.parse("--systems", "synchrony,zookeeper"))
                .hasMessageStartingWith("--systems: unknown 'zookeeper' (known: curator, hazelcast, jgroups,");
        assertThatThrownBy(() -> PeersOptions.parse("--multicast", "central-mutex"))
                .hasMessageStartingWith("--multicast: unknown")
                .hasMessageContaining("'central-mutex'")
                .hasMessageContaining("total-order");
        assertThatThrownBy(() -> PeersOptions.parse("--window")).hasMessageStartingWith("--window needs a value");
    }
}
