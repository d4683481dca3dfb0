package dev.synchrony.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** chrony's key file format, and the MAC constructions against published test vectors. */
class SymmetricKeysTest {

    @Test
    void readsChronysKeyFileFormat() {
        SymmetricKeys keys = SymmetricKeys.parse("""
                # a comment
                1 MD5 ASCII:fake-password
                2 SHA1 HEX:0102030405060708090A0B0C0D0E0F1011121314   ! trailing comment
                3 plain-text-defaults-to-md5

                10 AES128 HEX:2b7e151628aed2a6abf7158809cf4f3c
                11 aes256 HEX:603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4
                """, "test.keys");
        assertThat(keys.size()).isEqualTo(5);
        assertThat(keys.find(1).algorithm()).isEqualTo(MacAlgorithm.MD5);
        assertThat(keys.find(2).algorithm()).isEqualTo(MacAlgorithm.SHA1);
        assertThat(keys.find(3).algorithm()).isEqualTo(MacAlgorithm.MD5);
        assertThat(keys.find(10).macBytes()).isEqualTo(20);
        assertThat(keys.find(11).algorithm()).isEqualTo(MacAlgorithm.AES256);
        assertThat(keys.weak()).extracting(SymmetricKey::id).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(keys.find(4)).isNull();
    }

    @Test
    void badLinesAreNamedByFileAndLine() {
        assertThatThrownBy(() -> SymmetricKeys.parse("1 AES128 HEX:0011\n", "k"))
                .hasMessage("k, line 1: key 1: AES128 needs a 16-byte key (32 HEX digits), got 2 bytes");
        assertThatThrownBy(() -> SymmetricKeys.parse("\n5 SHA7 abc\n", "k"))
                .hasMessageStartingWith("k, line 2: unknown MAC type 'SHA7'");
        assertThatThrownBy(() -> SymmetricKeys.parse("x MD5 abc\n", "k"))
                .hasMessage("k, line 1: key id 'x' is not a number");
        assertThatThrownBy(() -> SymmetricKeys.parse("0 MD5 abc\n", "k"))
                .hasMessage("k, line 1: key id 0 is not in 1..4294967295");
        assertThatThrownBy(() -> SymmetricKeys.parse("1 SHA1 HEX:abc\n", "k"))
                .hasMessageContaining("even number of hex digits");
        assertThatThrownBy(() -> SymmetricKeys.parse("1 MD5 a\n1 SHA1 b\n", "k"))
                .hasMessage("k, line 2: key id 1 appears twice");
        assertThatThrownBy(() -> SymmetricKeys.parse("1\n", "k"))
                .hasMessage("k, line 1: expected 'ID TYPE KEY', got '1'");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SymmetricKeys.read(dir.resolve("nope.keys")))
                .hasMessageContaining("nope.keys does not exist");
        Path file = Files.writeString(dir.resolve("ok.keys"), "7 SHA256 HEX:00112233\n");
        assertThat(SymmetricKeys.read(file).require(7, "ok.keys").algorithm()).isEqualTo(MacAlgorithm.SHA256);
        assertThatThrownBy(() -> SymmetricKeys.read(file).require(8, "ok.keys"))
                .hasMessage("--key-id: key 8 is not in ok.keys (it has [7])");
    }

    /** RFC 4493, section 4, examples 1 and 2: AES-128-CMAC of the empty message and of one block. */
    @Test
    void aes128IsCmacPerRfc4493() {
        SymmetricKey key =
                new SymmetricKey(1, MacAlgorithm.AES128, HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c"));
        byte[] empty = new byte[20];
        assertThat(key.sign(empty, 0)).isEqualTo(20);
        assertThat(HexFormat.of().formatHex(empty, 4, 20)).isEqualTo("bb1d6929e95937287fa37d129b756746");
        byte[] block = new byte[16 + 20];
        System.arraycopy(HexFormat.of().parseHex("6bc1bee22e409f96e93d7e117393172a"), 0, block, 0, 16);
        key.sign(block, 16);
        assertThat(HexFormat.of().formatHex(block, 16, 20)).isEqualTo("00000001");
        assertThat(HexFormat.of().formatHex(block, 20, 36)).isEqualTo("070a16b46b4d4144f79bdd9dd04a287c");
        assertThat(key.verifies(block, 16, HexFormat.of().parseHex("070a16b46b4d4144f79bdd9dd04a287c")))
                .isTrue();
        assertThat(key.verifies(block, 16, HexFormat.of().parseHex("070a16b46b4d4144f79bdd9dd04a287d")))
                .isFalse();
    }

    /** The legacy construction: MD5(key || message); RFC 1321's test suite gives MD5("abc"). */
    @Test
    void md5IsTheDigestOfKeyThenPacket() {
        SymmetricKey key = new SymmetricKey(2, MacAlgorithm.MD5, "a".getBytes());
        byte[] packet = new byte[2 + 20];
        packet[0] = 'b';
        packet[1] = 'c';
        assertThat(key.sign(packet, 2)).isEqualTo(22);
        assertThat(HexFormat.of().formatHex(packet, 6, 22)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    /** SHA-256 digests are cut to the 20 bytes NTPv4 carries; FIPS 180-2's SHA-256("abc") starts ba7816bf... */
    @Test
    void longDigestsAreTruncatedTo20Bytes() {
        SymmetricKey key = new SymmetricKey(3, MacAlgorithm.SHA256, "ab".getBytes());
        byte[] packet = new byte[1 + 24];
        packet[0] = 'c';
        assertThat(key.sign(packet, 1)).isEqualTo(25);
        assertThat(HexFormat.of().formatHex(packet, 5, 25)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a3");
    }

    /** NTPv3 carries the whole digest (chrony asks in version 3 with SHA256 and longer); NTPv4 a 20-byte one. */
    @Test
    void wholeDigestsInVersion3() throws Exception {
        SymmetricKey key = new SymmetricKey(5, MacAlgorithm.SHA512, "0123456789".getBytes());
        byte[] v3 = new byte[48 + 68];
        v3[0] = 0x1B; // version 3, mode 3
        assertThat(key.sign(v3, 48, 64)).isEqualTo(116);
        PacketTrailer trailer = PacketTrailer.parse(v3, 116);
        assertThat(trailer.fields()).isEmpty();
        assertThat(trailer.macLength()).isEqualTo(68);
        assertThat(key.verifies(v3, 48, trailer.digest(v3))).isTrue();
        byte[] v4 = v3.clone();
        v4[0] = 0x23; // version 4: 68 bytes after the header must parse as extension fields, and do not
        assertThatThrownBy(() -> PacketTrailer.parse(v4, 116)).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> key.sign(v3, 48, 33)).hasMessage("key 5 (SHA512) has no 33-byte digest");
    }
}
