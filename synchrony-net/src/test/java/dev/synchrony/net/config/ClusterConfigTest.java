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
    void tlsPathsAreRelativeToTheConfigFileAndSurviveARoundTrip() throws Exception {
        java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("cluster-config");
        java.nio.file.Path file = directory.resolve("cluster.yaml");
        java.nio.file.Files.writeString(file, GOOD.replace("secret: 0123456789abcdef0123\n",
                "security: tls\ntls: {ca: certs/ca.pem, cert: 'certs/{id}.pem', key: 'certs/{id}.key'}\n"));
        ClusterConfig config = ClusterConfig.load(file);
        assertThat(config.security().mode()).isEqualTo(Security.Mode.TLS);
        assertThat(config.secret()).isNull();
        assertThat(config.security().ca()).isEqualTo(directory.resolve("certs/ca.pem"));
        assertThat(config.security().certFor(NodeId.of("n2"))).isEqualTo(directory.resolve("certs/n2.pem"));
        assertThat(config.security().keyFor(NodeId.of("n2"))).isEqualTo(directory.resolve("certs/n2.key"));
        assertThat(ClusterConfig.parse(config.toYaml(), "again.yaml")).isEqualTo(config);
        // Without the word, a tls block means TLS and a secret alone means shared-secret (configs of earlier builds).
        assertThat(ClusterConfig.parse(GOOD, "c.yaml").security()).isEqualTo(Security.SHARED_SECRET);
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
                new String[] {GOOD.replace("port: 7102", "port: [7102"), "c.yaml:8: not valid YAML: "},
                new String[] {"members: [{id: n1, host: h, port: 1}]\n", "c.yaml: security: missing: say 'security: tls'"},
                new String[] {GOOD.replace("secret:", "security: tls\nsecret:"), "c.yaml: tls: missing"},
                new String[] {GOOD.replace("secret:", "security: tls\ntls: {ca: ca.pem, cert: c.pem}\nsecret:"),
                    "c.yaml: tls.key: missing"},
                new String[] {GOOD.replace("secret:", "security: tls\ntls: {ca: a, cert: b, key: c, pin: d}\nsecret:"),
                    "c.yaml: tls.pin: unknown field"},
                new String[] {GOOD.replace("secret:", "security: open\nsecret:"), "c.yaml: security: 'open' is not tls or shared-secret"},
                new String[] {GOOD.replace("secret:", "tls: {ca: a, cert: b, key: c}\nsecurity: shared-secret\nsecret:"),
                    "c.yaml: tls: given with security: shared-secret"},
                new String[] {"security: shared-secret\nmembers: [{id: n1, host: h, port: 1}]\n", "c.yaml: secret: missing"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> ClusterConfig.parse(c[0], "c.yaml")).as(c[1])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(c[1])
                    .hasMessageNotContaining("\n");
        }
    }
}
