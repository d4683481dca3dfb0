package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.apache.commons.net.ntp.NTPUDPClient;
import org.apache.commons.net.ntp.TimeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Apache Commons Net's NTP client, which nobody here wrote, against our server. It measures whole milliseconds. */
@Timeout(30)
class CommonsNetInteropTest {

    @Test
    void commonsNetClientGetsTheTimeFromOurServer() throws Exception {
        long shift = 3_000_000_000L;
        try (NtpServer server = NtpServer.start(new NtpServer.Config(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                2,
                0,
                1,
                WallClock.SYSTEM.shifted(shift)))) {
            NTPUDPClient client = new NTPUDPClient();
            client.setDefaultTimeout(java.time.Duration.ofSeconds(2));
            client.open();
            try {
                long bestDelay = Long.MAX_VALUE;
                long offsetOfBest = 0;
                for (int i = 0; i < 5; i++) {
                    TimeInfo info = client.getTime(
                            InetAddress.getLoopbackAddress(),
                            server.localAddress().getPort());
                    info.computeDetails();
                    assertThat(info.getComments())
                            .as("commons-net found no error")
                            .isNullOrEmpty();
                    assertThat(info.getMessage().getStratum()).isEqualTo(2);
                    assertThat(info.getMessage().getMode()).isEqualTo(4);
                    if (info.getDelay() < bestDelay) {
                        bestDelay = info.getDelay();
                        offsetOfBest = info.getOffset();
                    }
                }
                // Milliseconds: the server's clock is 3 s ahead; allow the delay plus a millisecond of rounding each
                // way.
                assertThat(Math.abs(offsetOfBest - shift / 1_000_000)).isLessThanOrEqualTo(bestDelay + 2);
            } finally {
                client.close();
            }
            assertThat(server.stats().answered()).isEqualTo(5);
        }
    }
}
