package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkCommandsTest {

    @TempDir
    Path directory;

    private record Outcome(int code, String out, String err) {}

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Synchrony.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void certsWritesACaAndACertificateNamingEachMember() throws Exception {
        Path out = directory.resolve("certs");
        Outcome outcome = run("certs", "--members", "n1,n2", "--out", out.toString());
        assertThat(outcome.code()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .startsWith(
                        "wrote 5 files to " + out + " (valid 30 days): ca.pem, n1.pem, n1.key," + " n2.pem, n2.key");
        var factory = java.security.cert.CertificateFactory.getInstance("X.509");
        for (String id : java.util.List.of("n1", "n2")) {
            java.security.cert.X509Certificate certificate;
            try (var in = Files.newInputStream(out.resolve(id + ".pem"))) {
                certificate = (java.security.cert.X509Certificate) factory.generateCertificate(in);
            }
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + id);
            assertThat(Files.readString(out.resolve(id + ".key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        }
        Outcome twice = run("certs", "--members", "n1,n1", "--out", out.toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err().strip()).isEqualTo("synchrony certs: --members: n1 appears twice");
    }

    @Test
    void nodeWithABadConfigNamesTheField() throws Exception {
        Path config = directory.resolve("cluster.yaml");
        Files.writeString(config, """
                tls: {generate: certs}
                algorithm: vector
                members:
                  - {id: n1, host: 127.0.0.1, port: 70000}
                """);
        Outcome outcome = run("node", "--config", config.toString(), "--id", "n1");
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err().strip())
                .isEqualTo("synchrony node: cluster.yaml: members[0].port: 70000 is out of range (1..65535)");
        assertThat(outcome.err().lines().count()).isEqualTo(1);
    }

    @Test
    void nodeWithAMissingFieldOrUnknownMember() throws Exception {
        Path config = directory.resolve("cluster.yaml");
        Files.writeString(config, "members:\n  - {id: n1, host: 127.0.0.1, port: 7000}\n");
        assertThat(run("node", "--config", config.toString(), "--id", "n1").err())
                .contains("cluster.yaml: security: say `tls` (with a tls: section");
        Files.writeString(
                config, "secret: a-long-enough-secret-123\nmembers:\n  - {id: n1, host: 127.0.0.1, port: 7000}\n");
        assertThat(run("node", "--config", config.toString(), "--id", "n1")
                        .err()
                        .strip())
                .isEqualTo("synchrony node: cluster.yaml: security: say `tls` (with a tls: section, e.g. "
                        + "tls: {generate: certs} for trials) or `shared-secret` explicitly; a secret alone no longer "
                        + "means shared-secret");
        Files.writeString(
                config,
                "security: shared-secret\nsecret: a-long-enough-secret-123\nmembers:\n  - {id: n1, host: 127.0.0.1, port: 7000}\n");
        assertThat(run("node", "--config", config.toString(), "--id", "n7").err())
                .contains("--id: n7 is not a member (members: n1)");
        assertThat(run("node", "--config", config.toString(), "--id", "n1").err())
                .contains("algorithm: missing");
        assertThat(run("node", "--config", directory.resolve("none.yaml").toString(), "--id", "n1")
                        .err())
                .contains("none.yaml: cannot read it: no such file");
    }

    @Test
    void clusterRejectsAnUnknownAlgorithmAndBadFlags() {
        Outcome unknown = run("cluster", "--algorithm", "nope", "--nodes", "2");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown algorithm 'nope'");
        assertThat(run("cluster", "--algorithm", "vector", "--nodes", "40").err())
                .contains("--nodes: 40 is out of range");
        assertThat(run("cluster", "--algorithm", "vector", "--kill", "n1").err())
                .contains("--kill: 'n1' is not NODE@TIME");
        assertThat(run("cluster", "--algorithm", "vector", "--security", "open").err())
                .contains("--security: 'open' is not tls or shared-secret");
    }

    @Test
    void clusterNamesABadNemesisBeforeAnyMemberStarts() {
        Outcome member = run("cluster", "--algorithm", "lease-lock", "--fault", "pause:n9@1s..2s");
        assertThat(member.code()).isEqualTo(2);
        assertThat(member.err()).isEqualTo("synchrony cluster: --fault pause:n9@1s..2s: no member named n9\n");
        assertThat(run("cluster", "--algorithm", "lease-lock", "--nemesis", "pause,nap")
                        .err())
                .contains("--nemesis: 'nap' is not one of partition, pause, kill, restart, clock-skew, loss");
        assertThat(run("cluster", "--algorithm", "lease-lock", "--fault", "loss:ten@1s..2s")
                        .err())
                .contains("--fault loss:ten@1s..2s:");
        assertThat(run("cluster", "--algorithm", "lease-lock", "--runs", "3").err())
                .contains("--runs: give a nemesis too (--nemesis or --fault)");
    }

    @Test
    void clusterRunsRealProcessesAndPrintsTheSummary() {
        Outcome outcome = run(
                "cluster",
                "--algorithm",
                "lamport",
                "--nodes",
                "3",
                "--duration",
                "2s",
                "--out",
                directory.toString(),
                "--rate",
                "10");
        assertThat(outcome.code()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("3 member processes of lamport on loopback", "clock-condition", "HELD");
        assertThat(directory.resolve("summary.json")).exists();
        assertThat(outcome.out()).contains("mutual TLS with throwaway certificates");
    }

    @Test
    void clusterRunsSharedSecretOnlyWhenAskedAndSaysFramesAreUnprotected() throws Exception {
        Outcome outcome = run(
                "cluster",
                "--algorithm",
                "lamport",
                "--nodes",
                "2",
                "--duration",
                "2s",
                "--out",
                directory.toString(),
                "--rate",
                "10",
                "--security",
                "shared-secret");
        assertThat(outcome.code()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("shared-secret (frames unprotected)", "HELD");
        assertThat(Files.readString(directory.resolve("cluster.yaml"))).contains("security: \"shared-secret\"");
        assertThat(directory.resolve("certs")).doesNotExist();
    }
}
