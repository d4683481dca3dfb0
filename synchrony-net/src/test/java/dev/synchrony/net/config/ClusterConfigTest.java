package dev.synchrony.net.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

    /** A config as earlier builds wrote it: a secret, and no word on security. */
    private static final String UNSAID = """
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

    private static final String GOOD = UNSAID.replace("secret:", "security: shared-secret\nsecret:");

    @Test
    void parsesAndWritesBack() {
        ClusterConfig config = ClusterConfig.parse(GOOD, "c.yaml");
        assertThat(config.memberIds()).containsExactly(NodeId.of("n1"), NodeId.of("n2"));
        assertThat(config.members().get(0).priority()).isEqualTo(1);
        assertThat(config.members().get(1).priority()).isEqualTo(9);
        assertThat(config.params()).isEqualTo(Map.of("rate", "3"));
        assertThat(config.latencyMinNanos()).isEqualTo(2_000_000L);
        assertThat(config.latencyMaxNanos()).isEqualTo(40_000_000L);
        assertThat(config.services())
                .extracting(ClusterConfig.ServiceConfig::name)
                .containsExactly("orders");
        assertThat(ClusterConfig.parse(config.toYaml(), "again.yaml")).isEqualTo(config);
    }

    @Test
    void tlsPathsAreRelativeToTheConfigFileAndSurviveARoundTrip() throws Exception {
        java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("cluster-config");
        java.nio.file.Path file = directory.resolve("cluster.yaml");
        java.nio.file.Files.writeString(
                file,
                UNSAID.replace(
                        "secret: 0123456789abcdef0123\n",
                        "tls: {ca: certs/ca.pem, cert: 'certs/{id}.pem', key: 'certs/{id}.key'}\n"));
        ClusterConfig config = ClusterConfig.load(file);
        assertThat(config.security().mode()).isEqualTo(Security.Mode.TLS);
        assertThat(config.secret()).isNull();
        assertThat(config.security().ca()).isEqualTo(directory.resolve("certs/ca.pem"));
        assertThat(config.security().certFor(NodeId.of("n2"))).isEqualTo(directory.resolve("certs/n2.pem"));
        assertThat(config.security().keyFor(NodeId.of("n2"))).isEqualTo(directory.resolve("certs/n2.key"));
        assertThat(ClusterConfig.parse(config.toYaml(), "again.yaml")).isEqualTo(config);
    }

    @Test
    void sharedSecretMustBeAskedForByName() {
        assertThat(ClusterConfig.parse(GOOD, "c.yaml").security()).isEqualTo(Security.SHARED_SECRET);
        // A secret alone used to mean shared-secret; now it is refused, so no config drops to unprotected frames
        // without saying so.
        assertThatThrownBy(() -> ClusterConfig.parse(UNSAID, "cluster.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster.yaml: security: say `tls` (with a tls: section, e.g. tls: {generate: certs} for "
                        + "trials) or `shared-secret` explicitly; a secret alone no longer means shared-secret");
    }

    @Test
    void aGenerateFolderIsTlsWithThrowawayCertificatesInIt() throws Exception {
        java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("cluster-config");
        java.nio.file.Path file = directory.resolve("cluster.yaml");
        java.nio.file.Files.writeString(
                file, UNSAID.replace("secret: 0123456789abcdef0123\n", "tls: {generate: certs}\n"));
        ClusterConfig config = ClusterConfig.load(file);
        assertThat(config.security().mode()).isEqualTo(Security.Mode.TLS);
        assertThat(config.security().generate()).isEqualTo(directory.resolve("certs"));
        assertThat(config.security().ca()).isEqualTo(directory.resolve("certs/ca.pem"));
        assertThat(config.security().keyFor(NodeId.of("n1"))).isEqualTo(directory.resolve("certs/n1.key"));
        assertThat(ClusterConfig.parse(config.toYaml(), "again.yaml")).isEqualTo(config);
        assertThatThrownBy(() -> ClusterConfig.parse(
                        UNSAID.replace("secret: 0123456789abcdef0123\n", "tls: {generate: certs, ca: ca.pem}\n"),
                        "c.yaml"))
                .hasMessageStartingWith("c.yaml: tls.ca: unknown field");
    }

    @Test
    void everyErrorNamesItsField() {
        List<String[]> cases = List.of(
                new String[] {"security: shared-secret\nsecret: 0123456789abcdef0123\n", "c.yaml: members: missing"},
                new String[] {
                    "security: shared-secret\nsecret: short\nmembers: [{id: n1, host: h, port: 1}]\n",
                    "c.yaml: secret: must be at least 16"
                },
                new String[] {GOOD.replace("port: 7102", "port: x"), "c.yaml: members[1].port: 'x' is not an integer"},
                new String[] {GOOD.replace("id: n2", "id: n1"), "c.yaml: members[1].id: n1 appears twice"},
                new String[] {GOOD.replace("id: n2", "id: 'n 2'"), "c.yaml: members[1].id: bad process name"},
                new String[] {
                    GOOD.replace("host: 127.0.0.1, port: 7101", "port: 7101"), "c.yaml: members[0].host: missing"
                },
                new String[] {
                    GOOD.replace("kind: lock", "kind: queue"), "c.yaml: services[0].kind: 'queue' is not one of"
                },
                new String[] {
                    GOOD.replace("latency: 2ms..40ms", "latency: 40ms..2ms"),
                    "c.yaml: latency: '40ms..2ms' is not MIN..MAX"
                },
                new String[] {GOOD + "colour: red\n", "c.yaml: colour: unknown field"},
                new String[] {"[1, 2", "c.yaml:1: not valid YAML: "},
                new String[] {UNSAID.replace("port: 7102", "port: [7102"), "c.yaml:8: not valid YAML: "},
                new String[] {
                    "members: [{id: n1, host: h, port: 1}]\n", "c.yaml: security: say `tls` (with a tls: section"
                },
                new String[] {UNSAID.replace("secret:", "security: tls\nsecret:"), "c.yaml: tls: missing"},
                new String[] {
                    UNSAID.replace("secret:", "security: tls\ntls: {ca: ca.pem, cert: c.pem}\nsecret:"),
                    "c.yaml: tls.key: missing"
                },
                new String[] {
                    UNSAID.replace("secret:", "security: tls\ntls: {ca: a, cert: b, key: c, pin: d}\nsecret:"),
                    "c.yaml: tls.pin: unknown field"
                },
                new String[] {
                    UNSAID.replace("secret:", "security: open\nsecret:"),
                    "c.yaml: security: 'open' is not tls or shared-secret"
                },
                new String[] {
                    UNSAID.replace("secret:", "tls: {ca: a, cert: b, key: c}\nsecurity: shared-secret\nsecret:"),
                    "c.yaml: tls: given with security: shared-secret"
                },
                new String[] {
                    "security: shared-secret\nmembers: [{id: n1, host: h, port: 1}]\n", "c.yaml: secret: missing"
                });
        for (String[] c : cases) {
            assertThatThrownBy(() -> ClusterConfig.parse(c[0], "c.yaml"))
                    .as(c[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(c[1])
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void storageIsPerMemberRelativeToTheConfigFileAndSurvivesARoundTrip() {
        ClusterConfig plain = ClusterConfig.parse(GOOD, "c.yaml");
        assertThat(plain.storageDirectory(NodeId.of("n2"))).isEqualTo(Path.of("storage/n2"));

        ClusterConfig templated =
                ClusterConfig.parse(GOOD + "storage: \"data/{id}/disk\"\n", "c.yaml", Path.of("/etc/synchrony"));
        assertThat(templated.storageDirectory(NodeId.of("n1"))).isEqualTo(Path.of("/etc/synchrony/data/n1/disk"));
        assertThat(ClusterConfig.parse(templated.toYaml(), "again.yaml")).isEqualTo(templated);

        ClusterConfig shared = ClusterConfig.parse(GOOD + "storage: /var/lib/synchrony\n", "c.yaml");
        assertThat(shared.storageDirectory(NodeId.of("n1")))
                .as("members never share a directory")
                .isEqualTo(Path.of("/var/lib/synchrony/n1"));

        assertThatThrownBy(() -> ClusterConfig.parse(GOOD + "storage: \" \"\n", "c.yaml"))
                .hasMessage("c.yaml: storage: must be a non-empty text");
    }

    @Test
    void theLocksSectionChoosesAnAlgorithmPerPrefixAndIsCheckedInOneLine() {
        assertThat(ClusterConfig.parse(GOOD, "c.yaml").locks()).isEqualTo(LocksConfig.DEFAULT);
        ClusterConfig config = ClusterConfig.parse(
                GOOD
                        + "locks: {algorithm: lease-lock, prefixes: {\"legacy/\": central-mutex, \"legacy/new/\": lease-lock},"
                        + " params: {grant-lease: 3s}}\n",
                "c.yaml");
        LocksConfig locks = config.locks();
        assertThat(locks.algorithmFor("orders/1")).isEqualTo("lease-lock");
        assertThat(locks.algorithmFor("legacy/1")).isEqualTo("central-mutex");
        assertThat(locks.algorithmFor("legacy/new/1"))
                .as("the longest prefix wins")
                .isEqualTo("lease-lock");
        assertThat(locks.params()).isEqualTo(Map.of("grant-lease", "3s"));
        assertThat(ClusterConfig.parse(config.toYaml(), "again.yaml")).isEqualTo(config);

        assertThatThrownBy(() -> ClusterConfig.parse(GOOD + "locks: {algorithm: bully}\n", "c.yaml"))
                .hasMessage(
                        "c.yaml: locks.algorithm: 'bully' cannot serve locks by name (use lease-lock or central-mutex)");
        assertThatThrownBy(() -> ClusterConfig.parse(GOOD + "locks: {prefixes: {\"a/\": ring}}\n", "c.yaml"))
                .hasMessage(
                        "c.yaml: locks.prefixes.a/: 'ring' cannot serve locks by name (use lease-lock or central-mutex)");
        assertThatThrownBy(() -> ClusterConfig.parse(GOOD + "locks: {params: {grant-lease: soon}}\n", "c.yaml"))
                .hasMessageStartingWith("c.yaml: locks.params: ")
                .hasMessageContaining("grant-lease")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ClusterConfig.parse(GOOD + "locks: {algoritm: lease-lock}\n", "c.yaml"))
                .hasMessageStartingWith("c.yaml: locks.algoritm: unknown field");
    }

    @Test
    void madeInCodeEveryWithMethodKeepsWhatTheOthersSet() throws Exception {
        List<ClusterConfig.MemberConfig> members =
                List.of(new ClusterConfig.MemberConfig(NodeId.of("n1"), "127.0.0.1", 7101, 1));
        ClusterConfig defaults = ClusterConfig.of("demo", members, Security.SHARED_SECRET, "0123456789abcdef0123");
        ClusterConfig changed = defaults.withMaxFrameBytes(4096)
                .withAlgorithm("ricart-agrawala")
                .withParams(Map.of("rate", "3"))
                .withSeed(5)
                .withDuration(10_000_000_000L)
                .withServices(List.of(new ClusterConfig.ServiceConfig("orders", "lock", "central-mutex", Map.of())))
                .withLatency(2_000_000L, 40_000_000L)
                .withStorage("data/{id}")
                .withLocks(new LocksConfig("lease-lock", Map.of("legacy/", "central-mutex"), Map.of()))
                .withSecurity(Security.trial(Path.of("certs")));
        // Given to of(...): the rest must each differ from its default, or a later with... call dropped it.
        Set<String> given = Set.of("cluster", "secret", "members");
        for (RecordComponent setting : ClusterConfig.class.getRecordComponents()) {
            if (!given.contains(setting.getName())) {
                Object set = setting.getAccessor().invoke(changed);
                assertThat(set)
                        .as(setting.getName())
                        .isNotEqualTo(setting.getAccessor().invoke(defaults));
            }
        }
        assertThat(ClusterConfig.parse(changed.toYaml(), "c.yaml")).isEqualTo(changed);
        assertThat(defaults.storageDirectory(NodeId.of("n1"))).isEqualTo(Path.of("storage", "n1"));
        assertThatThrownBy(() -> ClusterConfig.of("demo", members, Security.SHARED_SECRET, null))
                .hasMessage("secret: missing (security: shared-secret needs one)");
    }
}
