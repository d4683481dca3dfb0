package dev.synchrony.net.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

    private static final String GOOD = """
            cluster: demo
            secret: 0123456789abcdef0123
            algorithm: ricart-agrawala
            params: {rate: 3}
            latency: 2ms..40ms
            members:
              - {id: n1, host: 127.0.0.1, port: 7101}
              - {id: n2, host: 127.0.0.1, port: 7102, priority: 9}
            services:
              - {name: orders, kind: lock, algorithm: central-mutex, params: {link: raw}}
            """;

    @Test
    void parsesAndWritesBack() {
        ClusterConfig config = ClusterConfig.parse(GOOD, "c.yaml");
        assertThat(config.memberIds()).containsExactly(NodeId.of("n1"), NodeId.of("n2"));
        assertThat(config.members().get(0).priority()).isEqualTo(1);
        assertThat(config.members().get(1).priority()).isEqualTo(9);
        assertThat(config.params()).isEqualTo(Map.of("rate", "3"));
        assertThat(config.latencyMinNanos()).isEqualTo(2_000_000L);
        assertThat(config.latencyMaxNanos()).isEqualTo(40_000_000L);
        assertThat(config.services()).extracting(ClusterConfig.ServiceConfig::name).containsExactly("orders");
        assertThat(ClusterConfig.parse(config.toYaml(), "again.yaml")).isEqualTo(config);
    }

    @Test
    void everyErrorNamesItsField() {
        List<String[]> cases = List.of(
                new String[] {"secret: 0123456789abcdef0123\n", "c.yaml: members: missing"},
                new String[] {"secret: short\nmembers: [{id: n1, host: h, port: 1}]\n", "c.yaml: secret: must be at least 16"},
                new String[] {GOOD.replace("port: 7102", "port: x"), "c.yaml: members[1].port: 'x' is not an integer"},
                new String[] {GOOD.replace("id: n2", "id: n1"), "c.yaml: members[1].id: n1 appears twice"},
                new String[] {GOOD.replace("id: n2", "id: 'n 2'"), "c.yaml: members[1].id: bad process name"},
                new String[] {GOOD.replace("host: 127.0.0.1, port: 7101", "port: 7101"), "c.yaml: members[0].host: missing"},
                new String[] {GOOD.replace("kind: lock", "kind: queue"), "c.yaml: services[0].kind: 'queue' is not one of"},
                new String[] {GOOD.replace("latency: 2ms..40ms", "latency: 40ms..2ms"), "c.yaml: latency: '40ms..2ms' is not MIN..MAX"},
                new String[] {GOOD + "colour: red\n", "c.yaml: colour: unknown field"},
                new String[] {"[1, 2", "c.yaml:1: not valid YAML: "},
                new String[] {GOOD.replace("port: 7102", "port: [7102"), "c.yaml:8: not valid YAML: "});
        for (String[] c : cases) {
            assertThatThrownBy(() -> ClusterConfig.parse(c[0], "c.yaml")).as(c[1])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(c[1])
                    .hasMessageNotContaining("\n");
        }
    }
}
