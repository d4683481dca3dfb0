package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synchrony.ntp.TlsExporter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ntp serve --nts} and {@code ntp query --nts} end to end, with a certificate keytool makes for the run. */
@Timeout(60)
class NtsCommandsTest {

    /** Writes nts.crt and nts.key (PEM) for 127.0.0.1 into {@code dir}. */
    static void certificate(Path dir) throws Exception {
        Path store = dir.resolve("nts.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "nts", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-ext",
                "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass",
                "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).isTrue();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve("nts.crt"), "-----BEGIN CERTIFICATE-----\n"
                + base64.encodeToString(keys.getCertificate("nts").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(dir.resolve("nts.key"), "-----BEGIN PRIVATE KEY-----\n"
                + base64.encodeToString(keys.getKey("nts", "changeit".toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }

    static int freeTcpPort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void serveAndQueryWithNts(@TempDir Path dir) throws Exception {
        assumeTrue(TlsExporter.available(), "NTS needs the TLS exporter of Java 25+: skipped");
        certificate(dir);
        int kePort = freeTcpPort();
        int ntpPort;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            ntpPort = probe.getLocalPort();
        }
        CompletableFuture<ClockSyncCommandsTest.Outcome> serving = CompletableFuture.supplyAsync(() -> ClockSyncCommandsTest.run(
                "ntp", "serve", "--bind", "127.0.0.1:" + ntpPort, "--nts", "--cert", dir.resolve("nts.crt").toString(), "--key",
                dir.resolve("nts.key").toString(), "--nts-bind", "127.0.0.1:" + kePort, "--for", "6", "--report", "0"));
        ClockSyncCommandsTest.Outcome query = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            query = ClockSyncCommandsTest.run("ntp", "query", "127.0.0.1:" + kePort, "--nts", "--ca", dir.resolve("nts.crt").toString(),
                    "--samples", "3");
            if (query.exit() == 0) {
                break;
            }
            Thread.sleep(100); // the server may still be starting
        }
        assertThat(query.exit()).as(query.out() + query.err()).isZero();
        assertThat(query.out()).contains("nts-ke: 8 cookies, NTP at").contains("sample 3: offset").contains("authenticated with NTS");
        // Without trusting the certificate the key establishment fails, saying why.
        ClockSyncCommandsTest.Outcome untrusted = ClockSyncCommandsTest.run("ntp", "query", "127.0.0.1:" + kePort, "--nts");
        assertThat(untrusted.exit()).isEqualTo(1);
        assertThat(untrusted.out()).contains("no estimate: NTS-KE with 127.0.0.1:" + kePort + ": TLS handshake failed");
        ClockSyncCommandsTest.Outcome served = serving.get(30, TimeUnit.SECONDS);
        assertThat(served.exit()).as(served.err()).isZero();
        assertThat(served.out()).contains("nts-ke server on").contains("stopped: nts-ke: ").contains(" 1 established");
    }

    @Test
    void ntsFlagsNeedEachOther() {
        assertThat(ClockSyncCommandsTest.run("ntp", "serve", "--nts", "--for", "1").err()).contains("--nts: needs --cert FILE and --key FILE");
        assertThat(ClockSyncCommandsTest.run("ntp", "serve", "--cert", "x.pem", "--for", "1").err()).contains("need --nts");
        assertThat(ClockSyncCommandsTest.run("ntp", "query", "127.0.0.1:4460", "--ca", "x.pem").err()).contains("--ca: needs --nts");
        assertThat(ClockSyncCommandsTest.run("ntp", "serve", "--bind", "127.0.0.1:0", "--nts", "--cert", "/nonexistent.crt",
                "--key", "/nonexistent.key", "--for", "1").err()).contains("/nonexistent.crt does not exist");
    }
}
