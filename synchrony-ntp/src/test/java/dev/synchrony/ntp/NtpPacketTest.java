package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class NtpPacketTest {

    @Property(tries = 300)
    void encodeDecodeRoundTrips(
            @ForAll @IntRange(max = 3) int leap,
            @ForAll @IntRange(min = 1, max = 4) int version,
            @ForAll @IntRange(max = 7) int mode,
            @ForAll @IntRange(max = 255) int stratum,
            @ForAll byte poll,
            @ForAll byte precision,
            @ForAll int rootDelay,
            @ForAll int dispersion,
            @ForAll int refId,
            @ForAll long reference,
            @ForAll long origin,
            @ForAll long receive,
            @ForAll long transmit)
            throws Exception {
        NtpPacket packet = new NtpPacket(
                leap,
                version,
                mode,
                stratum,
                poll,
                precision,
                rootDelay,
                dispersion,
                refId,
                reference,
                origin,
                receive,
                transmit);
        byte[] bytes = packet.toBytes();
        assertThat(bytes).hasSize(48);
        assertThat(NtpPacket.decode(bytes, bytes.length)).isEqualTo(packet);
    }

    @Test
    void firstByteAndTransmitOffsetFollowRfc5905() {
        byte[] bytes = NtpPacket.request(0x0102030405060708L).toBytes();
        assertThat(bytes[0]).isEqualTo((byte) 0x23); // LI 0, VN 4, mode 3
        assertThat(ByteBuffer.wrap(bytes).getLong(NtpPacket.TRANSMIT_OFFSET)).isEqualTo(0x0102030405060708L);
    }

    @Test
    void badDatagramsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> NtpPacket.decode(new byte[47], 47))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageStartingWith("length");
        assertThatThrownBy(() -> NtpPacket.decode(new byte[50], 50)).hasMessageStartingWith("length");
        byte[] zeroVersion = new byte[48];
        zeroVersion[0] = 0x03;
        assertThatThrownBy(() -> NtpPacket.decode(zeroVersion, 48)).hasMessageStartingWith("version");
        byte[] withMac = new byte[68];
        withMac[0] = 0x23;
        assertThat(catching(() -> NtpPacket.decode(withMac, 68))).isNull();
    }

    private static Throwable catching(ThrowingRunnable runnable) {
        try {
            runnable.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void timestampsConvertExactly() {
        long unixNanos = 1_700_000_000_500_000_000L;
        long ntp = NtpTimestamp.fromUnixNanos(unixNanos);
        assertThat(ntp >>> 32).isEqualTo(1_700_000_000L + NtpTimestamp.UNIX_EPOCH_OFFSET_SECONDS);
        assertThat(ntp & 0xFFFF_FFFFL).isEqualTo(0x8000_0000L);
        assertThat(NtpTimestamp.toUnixNanos(ntp)).isEqualTo(unixNanos);
    }

    @Property(tries = 500)
    void offsetAndDelayAreExactInFixedPoint(
            @ForAll @LongRange(min = 0, max = 4_000_000_000L) long base,
            @ForAll @IntRange(min = -1_000_000, max = 1_000_000) int offsetMicros,
            @ForAll @IntRange(min = 0, max = 100_000) int outMicros,
            @ForAll @IntRange(min = 0, max = 100_000) int backMicros,
            @ForAll @IntRange(min = 0, max = 1_000) int serverMicros) {
        long unix = 1_700_000_000_000_000_000L + base;
        long t1 = NtpTimestamp.fromUnixNanos(unix);
        long t2 = NtpTimestamp.fromUnixNanos(unix + 1_000L * (outMicros + offsetMicros));
        long t3 = NtpTimestamp.fromUnixNanos(unix + 1_000L * (outMicros + offsetMicros + serverMicros));
        long t4 = NtpTimestamp.fromUnixNanos(unix + 1_000L * (outMicros + serverMicros + backMicros));
        long delayNanos = NtpTimestamp.durationToNanos(NtpTimestamp.delay(t1, t2, t3, t4));
        long offsetNanos = NtpTimestamp.durationToNanos(NtpTimestamp.offset(t1, t2, t3, t4));
        // Each timestamp is truncated to 2^-32 s (< 1 ns): a few nanoseconds of slack.
        assertThat(delayNanos).isBetween(1_000L * (outMicros + backMicros) - 3, 1_000L * (outMicros + backMicros) + 3);
        long expected = 1_000L * offsetMicros + 500L * (outMicros - backMicros);
        assertThat(offsetNanos).isBetween(expected - 3, expected + 3);
    }

    @Test
    void halfSumDoesNotOverflow() {
        assertThat(NtpTimestamp.halfSum(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(NtpTimestamp.halfSum(Long.MIN_VALUE, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(NtpTimestamp.halfSum(3, -1)).isEqualTo(1);
    }
}
