package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * Fuzz of the extension-field parsers (RFC 7822 fields and MAC, RFC 8915's NTS fields, the encrypted fields inside
 * an authenticator): on any input they either return a description that stays inside the packet or throw
 * {@link MalformedPacketException}; nothing else escapes. Inputs are random bytes and, to reach deeper, chains of
 * well-formed fields with random bytes flipped. A bounded run is in the default suite; a long one is tagged
 * {@code long} ({@code ./mvnw -Plong}).
 */
class ExtensionFieldFuzzProperties {

    static final byte[] KEY = new byte[NtsAead.KEY_BYTES];

    @Property(tries = 2_000)
    void parsersNeverFailOtherwiseThanMalformed(@ForAll("packets") byte[] packet) {
        check(packet);
    }

    @Property(tries = 200_000)
    @Tag("long")
    void parsersNeverFailOtherwiseThanMalformedLong(@ForAll("packets") byte[] packet) {
        check(packet);
    }

    static void check(byte[] packet) {
        PacketTrailer trailer;
        try {
            trailer = PacketTrailer.parse(packet, packet.length);
        } catch (MalformedPacketException e) {
            assertThat(e.field()).isIn("extension field", "mac", "length");
            return;
        }
        int position = NtpPacket.HEADER_BYTES;
        for (PacketTrailer.ExtensionField field : trailer.fields()) {
            assertThat(field.valueOffset()).isEqualTo(position + 4);
            assertThat(field.valueLength()).isGreaterThanOrEqualTo(PacketTrailer.MIN_FIELD_BYTES - 4);
            position = field.valueOffset() + field.valueLength();
            assertThat(position).isLessThanOrEqualTo(packet.length);
        }
        assertThat(trailer.macOffset()).isEqualTo(position);
        assertThat(trailer.macOffset() + trailer.macLength()).isEqualTo(packet.length);
        NtsExtensionFields.Request request;
        try {
            request = NtsExtensionFields.request(packet, trailer);
        } catch (MalformedPacketException e) {
            assertThat(e.field()).isEqualTo("nts");
            return;
        }
        for (PacketTrailer.ExtensionField field : trailer.fields()) {
            // A random authenticator never verifies, and never throws.
            if (field.type() == NtsExtensionFields.AUTHENTICATOR) {
                assertThat(NtsExtensionFields.openAuthenticator(packet, field, KEY))
                        .isNull();
            }
            try {
                NtsExtensionFields.cookies(NtsExtensionFields.value(packet, field));
            } catch (MalformedPacketException e) {
                assertThat(e.field()).isEqualTo("nts");
            }
        }
        if (request != null) {
            assertThat(request.uniqueIdentifier().length).isGreaterThanOrEqualTo(32);
        }
    }

    @Provide
    Arbitrary<byte[]> packets() {
        Arbitrary<byte[]> random =
                Arbitraries.bytes().array(byte[].class).ofMinSize(48).ofMaxSize(NtpPacket.MAX_BYTES);
        return Arbitraries.oneOf(random, mutatedChains());
    }

    /** A header, a chain of NTS-typed fields of plausible lengths, maybe a MAC, then a few bytes flipped. */
    Arbitrary<byte[]> mutatedChains() {
        Arbitrary<Integer> types = Arbitraries.of(
                NtsExtensionFields.UNIQUE_IDENTIFIER,
                NtsExtensionFields.COOKIE,
                NtsExtensionFields.COOKIE_PLACEHOLDER,
                NtsExtensionFields.AUTHENTICATOR,
                0x0002,
                0xFFFF);
        Arbitrary<int[]> field = Combinators.combine(
                        types, Arbitraries.integers().between(0, 40))
                .as((t, words) -> new int[] {t, 16 + 4 * words});
        Arbitrary<List<int[]>> chain = field.list().ofMaxSize(6);
        Arbitrary<Integer> macWords = Arbitraries.integers().between(0, 6);
        Arbitrary<List<Integer>> flips =
                Arbitraries.integers().between(0, 4_000).list().ofMaxSize(3);
        Arbitrary<byte[]> fill = Arbitraries.bytes().array(byte[].class).ofSize(64);
        return Combinators.combine(chain, macWords, flips, fill, Arbitraries.of(0x23, 0x1B))
                .as((fields, mac, flipAt, noise, first) -> {
                    int length = NtpPacket.HEADER_BYTES
                            + fields.stream().mapToInt(f -> f[1]).sum()
                            + 4 * mac;
                    if (length > NtpPacket.MAX_BYTES) {
                        length = NtpPacket.MAX_BYTES;
                    }
                    byte[] packet = new byte[length];
                    for (int i = 0; i < length; i++) {
                        packet[i] = noise[i % noise.length];
                    }
                    packet[0] = (byte) (int) first;
                    ByteBuffer out = ByteBuffer.wrap(packet);
                    int position = NtpPacket.HEADER_BYTES;
                    for (int[] f : fields) {
                        if (position + f[1] > length) {
                            break;
                        }
                        out.putShort(position, (short) f[0]).putShort(position + 2, (short) f[1]);
                        position += f[1];
                    }
                    for (int at : flipAt) {
                        packet[at % length] ^= (byte) (1 + at % 255);
                    }
                    return packet;
                });
    }
}
