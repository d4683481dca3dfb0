package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Symmetric keys against chrony, both ways, with one key file in chrony's format read by both sides; and a wrong
 * key refused on both sides. Skipped (saying so) when chronyd is not installed.
 */
@Timeout(120)
class ChronydKeyInteropTest {

    static final String KEY_FILE = """
            1 AES128 HEX:8F3B2C1D0E9A7B6C5D4E3F2A1B0C9D8E
            2 SHA1 HEX:00112233445566778899AABBCCDDEEFF00112233
            3 MD5 ASCII:legacy-md5-password
            4 SHA256 HEX:CAFEBABE0123456789ABCDEF0011223344
            """;
    /** The same ids with other secrets: what a misconfigured peer holds. */
    static final String WRONG_KEY_FILE = """
            1 AES128 HEX:00000000000000000000000000000001
            """;

    @BeforeEach
    void needsChronyd() {
        assumeTrue(
                Chronyd.find().isPresent(),
                "chronyd is not installed (Debian: apt-get install chrony): chrony key interop skipped");
    }

    @Test
    void chronydWithAKeySyncsToOurServer() throws Exception {
        Path keyFile = Chronyd.writeKeyFile(KEY_FILE);
        try (NtpServer server = NtpServer.start(NtpServer.Config.loopback(0).withKeys(SymmetricKeys.read(keyFile)))) {
            InetSocketAddress address = new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), server.localAddress().getPort());
            for (int keyId : new int[] {1, 2, 3, 4}) {
                long before = server.stats().authenticated();
                Chronyd.QueryReport report = Chronyd.query(address, 10, "key " + keyId, List.of("keyfile " + keyFile));
                assertThat(server.stats().authenticated())
                        .as("key %d: %s", keyId, server.stats())
                        .isGreaterThan(before);
                double delay = report.delaysSeconds().stream()
                        .mapToDouble(Double::doubleValue)
                        .min()
                        .orElse(0);
                assertThat(Math.abs(report.offsetSeconds()))
                        .as(report.output())
                        .isLessThanOrEqualTo(delay + ChronydInteropTest.JITTER_NANOS / 1e9);
            }
            assertThat(server.stats().badMac() + server.stats().unknownKey())
                    .as(server.stats().toString())
                    .isZero();
        }
    }

    @Test
    void ourClientWithAKeySyncsToChronyd() throws Exception {
        Path keyFile = Chronyd.writeKeyFile(KEY_FILE);
        SymmetricKeys keys = SymmetricKeys.read(keyFile);
        try (Chronyd chronyd = Chronyd.serve(FreePorts.udp(), 10_000, List.of("keyfile " + keyFile))) {
            for (long keyId : new long[] {1, 2, 3, 4}) {
                SntpClient.Result result =
                        new SntpClient(WallClock.SYSTEM, 1_000, keys.find(keyId)).query(chronyd.address(), 4, 0);
                assertThat(result.samples())
                        .as("key %d: %s", keyId, result.outcomes())
                        .hasSize(4);
                SntpClient.Sample best = result.estimate().orElseThrow();
                assertThat(best.stratum()).isEqualTo(8);
                assertThat(Math.abs(best.offsetNanos()))
                        .isLessThanOrEqualTo(best.delayNanos() + ChronydInteropTest.JITTER_NANOS);
            }
        }
    }

    @Test
    void aWrongKeyFailsOnBothSidesWithAClearMessage() throws Exception {
        Path keyFile = Chronyd.writeKeyFile(KEY_FILE);
        Path wrongFile = Chronyd.writeKeyFile(WRONG_KEY_FILE);
        // chronyd holding the wrong key, asking our server: we refuse with crypto-NAKs and count; chronyd takes no
        // time.
        try (NtpServer server = NtpServer.start(NtpServer.Config.loopback(0).withKeys(SymmetricKeys.read(keyFile)))) {
            InetSocketAddress address = new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), server.localAddress().getPort());
            assertThatThrownBy(() -> Chronyd.query(address, 4, "key 1", List.of("keyfile " + wrongFile)))
                    .hasMessageContaining("chronyd -Q accepted no reply");
            assertThat(server.stats().badMac()).as(server.stats().toString()).isPositive();
            assertThat(server.stats().answered()).isZero();
        }
        // Our client holding the wrong key, asking chronyd: chronyd drops the request, and we say what that may mean.
        try (Chronyd chronyd = Chronyd.serve(FreePorts.udp(), 10_000, List.of("keyfile " + keyFile))) {
            SntpClient.Result result = new SntpClient(
                            WallClock.SYSTEM, 500, SymmetricKeys.read(wrongFile).find(1))
                    .query(chronyd.address(), 2, 0);
            assertThat(result.samples()).isEmpty();
            assertThat(((SntpClient.Rejected) result.outcomes().get(0)).reason())
                    .isEqualTo(
                            "no reply within 500 ms (with key 1 (AES128): a server that does not hold this key, or holds a "
                                    + "different one, drops the request or answers with a crypto-NAK)");
        }
    }
}
