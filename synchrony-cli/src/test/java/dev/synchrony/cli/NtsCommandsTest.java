package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synchrony.ntp.ThrowawayCertificate;
import dev.synchrony.ntp.TlsExporter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ntp serve --nts} and {@code ntp query --nts} end to end, with a throwaway certificate made for the run. */
@Timeout(60)
class NtsCommandsTest {

    static int freeTcpPort() throws Exception {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void serveAndQueryWithNts() throws Exception {
        assumeTrue(TlsExporter.available(), "NTS needs the TLS exporter of Java 25+: skipped");
        ThrowawayCertificate certificate = ThrowawayCertificate.generate();
        int kePort = freeTcpPort();
        int ntpPort;
        try (java.net.DatagramSocket probe =
                new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            ntpPort = probe.getLocalPort();
        }
        CompletableFuture<ClockSyncCommandsTest.Outcome> serving =
                CompletableFuture.supplyAsync(() -> ClockSyncCommandsTest.run(
                        "ntp",
                        "serve",
                        "--bind",
                        "127.0.0.1:" + ntpPort,
                        "--nts",
                        "--cert",
                        certificate.certificate().toString(),
                        "--key",
                        certificate.privateKey().toString(),
                        "--nts-bind",
                        "127.0.0.1:" + kePort,
                        "--for",
                        "6s",
                        "--report",
                        "0"));
        ClockSyncCommandsTest.Outcome query = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            query = ClockSyncCommandsTest.run(
                    "ntp",
                    "query",
                    "127.0.0.1:" + kePort,
                    "--nts",
                    "--ca",
                    certificate.certificate().toString(),
                    "--samples",
                    "3");
            if (query.exit() == 0) {
                break;
            }
            Thread.sleep(100); // the server may still be starting
        }
        assertThat(query.exit()).as(query.out() + query.err()).isZero();
        assertThat(query.out())
                .contains("nts-ke: 8 cookies, NTP at")
                .contains("sample 3: offset")
                .contains("authenticated with NTS");
        // Without trusting the certificate the key establishment fails, saying why.
        ClockSyncCommandsTest.Outcome untrusted =
                ClockSyncCommandsTest.run("ntp", "query", "127.0.0.1:" + kePort, "--nts");
        assertThat(untrusted.exit()).isEqualTo(1);
        assertThat(untrusted.out()).contains("no estimate: NTS-KE with 127.0.0.1:" + kePort + ": TLS handshake failed");
        ClockSyncCommandsTest.Outcome served = serving.get(30, TimeUnit.SECONDS);
        assertThat(served.exit()).as(served.err()).isZero();
        assertThat(served.out())
                .contains("nts-ke server on")
                .contains("stopped: nts-ke: ")
                .contains(" 1 established");
    }

    @Test
    void ntsFlagsNeedEachOther() {
        assertThat(ClockSyncCommandsTest.run("ntp", "serve", "--nts", "--for", "1s")
                        .err())
                .contains("--nts: needs --cert FILE and --key FILE");
        assertThat(ClockSyncCommandsTest.run("ntp", "serve", "--cert", "x.pem", "--for", "1s")
                        .err())
                .contains("need --nts");
        assertThat(ClockSyncCommandsTest.run("ntp", "query", "127.0.0.1:4460", "--ca", "x.pem")
                        .err())
                .contains("--ca: needs --nts");
        assertThat(ClockSyncCommandsTest.run(
                                "ntp",
                                "serve",
                                "--bind",
                                "127.0.0.1:0",
                                "--nts",
                                "--cert",
                                "/nonexistent.crt",
                                "--key",
                                "/nonexistent.key",
                                "--for",
                                "1s")
                        .err())
                .contains("/nonexistent.crt does not exist");
    }
}
