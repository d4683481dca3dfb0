package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NTS against chrony, both ways, with a certificate made for this run: chronyd as an NTS client of our server
 * (trusting our certificate through {@code ntstrustedcerts}), and our client against chronyd's NTS server
 * ({@code ntsservercert}, {@code ntsserverkey}). Skipped, saying so, without chronyd or without Java 25's TLS
 * exporter.
 */
@Timeout(120)
class ChronydNtsInteropTest {

    static ThrowawayCertificate certificates;

    @BeforeAll
    static void prerequisites() throws Exception {
        assumeTrue(
                Chronyd.find().isPresent(),
                "chronyd is not installed (Debian: apt-get install chrony): NTS interop skipped");
        assumeTrue(TlsExporter.available(), "NTS needs the TLS exporter of Java 25+: NTS interop skipped");
        certificates = ThrowawayCertificate.generate();
    }

    @Test
    void chronydAsAnNtsClientSyncsToOurServer() throws Exception {
        try (NtsTest.Fixture server = startFixture()) {
            int ntpPort = server.ntp().localAddress().getPort();
            int kePort = server.ke().localAddress().getPort();
            Chronyd.QueryReport report = Chronyd.query(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), ntpPort),
                    20,
                    "nts ntsport " + kePort,
                    List.of("ntstrustedcerts " + certificates.certificate()));
            assertThat(server.ke().stats().established())
                    .as(server.ke().stats().toString())
                    .isPositive();
            assertThat(server.ntp().stats().ntsAnswered())
                    .as(server.ntp().stats().toString())
                    .isPositive();
            assertThat(server.ntp().stats().ntsBadAuthenticator()
                            + server.ntp().stats().ntsForgedCookie())
                    .isZero();
            double delay = report.delaysSeconds().stream()
                    .mapToDouble(Double::doubleValue)
                    .min()
                    .orElse(0);
            assertThat(Math.abs(report.offsetSeconds()))
                    .as(report.output())
                    .isLessThanOrEqualTo(delay + ChronydInteropTest.JITTER_NANOS / 1e9);
        }
    }

    /** chronyd that does not trust our certificate refuses the key establishment; our server counts the failure. */
    @Test
    void chronydWithoutOurCertificateRefusesAndWeCountIt() throws Exception {
        try (NtsTest.Fixture server = startFixture()) {
            int ntpPort = server.ntp().localAddress().getPort();
            int kePort = server.ke().localAddress().getPort();
            assertThatThrownBy(() -> Chronyd.query(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), ntpPort),
                            4,
                            "nts ntsport " + kePort,
                            List.of()))
                    .hasMessageContaining("chronyd -Q accepted no reply");
            // The handler thread may still be finishing the failed handshake when chronyd has exited: wait, bounded.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.ke().stats().handshakeFailures() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.ke().stats().handshakeFailures())
                    .as(server.ke().stats().toString())
                    .isPositive();
            assertThat(server.ke().stats().established()).isZero();
            assertThat(server.ntp().stats().ntsAnswered()).isZero();
        }
    }

    @Test
    void ourNtsClientSyncsToChronyd() throws Exception {
        int kePort = freeTcpPort();
        Path dump = Files.createTempDirectory("synchrony-nts-dump-");
        Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Chronyd chronyd = Chronyd.serve(
                FreePorts.udp(),
                10_000,
                List.of(
                        "ntsserverkey " + certificates.privateKey(), "ntsservercert " + certificates.certificate(),
                        "ntsport " + kePort, "ntsdumpdir " + dump))) {
            NtsSession session = establishWithRetry(kePort);
            assertThat(session.ntpServer().getPort())
                    .isEqualTo(chronyd.address().getPort());
            SntpClient.Result result = new SntpClient(WallClock.SYSTEM, 1_000, session)
                    .query(
                            new InetSocketAddress(
                                    InetAddress.getLoopbackAddress(),
                                    session.ntpServer().getPort()),
                            12,
                            0);
            assertThat(result.samples()).as(result.outcomes().toString()).hasSize(12);
            assertThat(session.cookiesLeft()).isEqualTo(8); // chronyd refilled what each request spent
            SntpClient.Sample best = result.estimate().orElseThrow();
            assertThat(best.stratum()).isEqualTo(8);
            assertThat(Math.abs(best.offsetNanos()))
                    .isLessThanOrEqualTo(best.delayNanos() + ChronydInteropTest.JITTER_NANOS);
        }
    }

    static NtsTest.Fixture startFixture() throws Exception {
        return NtsTest.Fixture.start(WallClock.SYSTEM, 2_000, certificates);
    }

    /** chronyd's NTS-KE helper starts a moment after it answers NTP. */
    static NtsSession establishWithRetry(int kePort) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                return NtsKeClient.establish("127.0.0.1", kePort, NtsTls.client(certificates.certificate()), 3_000);
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static int freeTcpPort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
