package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** chrony, which nobody here wrote, against our client and our server; skipped when chronyd is not installed. */
@Timeout(60)
class ChronydInteropTest {

    /** Scheduling jitter allowed on top of the measured delay (about 1 ms in Java on this machine). */
    static final long JITTER_NANOS = 2_000_000;

    @Test
    void ourClientQueriesChronyd() throws Exception {
        assumeTrue(Chronyd.find().isPresent(), "chronyd is not installed");
        int port = FreePorts.udp();
        try (Chronyd chronyd = Chronyd.serve(port, 10_000)) {
            SntpClient.Result result = new SntpClient(WallClock.SYSTEM, 1000).query(chronyd.address(), 8, 0);
            assertThat(result.samples()).hasSize(8);
            SntpClient.Sample best = result.estimate().orElseThrow();
            assertThat(best.stratum()).isEqualTo(8);
            // chronyd serves the same system clock we read: the true offset is 0.
            assertThat(Math.abs(best.offsetNanos())).isLessThanOrEqualTo(best.delayNanos() + JITTER_NANOS);
        }
    }

    @Test
    void chronydQueriesOurServer() throws Exception {
        assumeTrue(Chronyd.find().isPresent(), "chronyd is not installed");
        try (NtpServer server = NtpServer.start(NtpServer.Config.loopback(0))) {
            Chronyd.QueryReport report = Chronyd.query(
                    new InetSocketAddress(
                            InetAddress.getLoopbackAddress(),
                            server.localAddress().getPort()),
                    20);
            assertThat(server.stats().answered()).isPositive();
            double delay = report.delaysSeconds().stream()
                    .mapToDouble(Double::doubleValue)
                    .min()
                    .orElse(0);
            assertThat(Math.abs(report.offsetSeconds()))
                    .as(report.output())
                    .isLessThanOrEqualTo(delay + JITTER_NANOS / 1e9);
        }
    }
}
