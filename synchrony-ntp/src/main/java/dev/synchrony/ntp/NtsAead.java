package dev.synchrony.ntp;

import java.util.Arrays;
import javax.crypto.IllegalBlockSizeException;
import org.cryptomator.siv.SivMode;
import org.cryptomator.siv.UnauthenticCiphertextException;

/**
 * AEAD_AES_SIV_CMAC_256 (RFC 5297; NTS's mandatory AEAD, RFC 8915 algorithm id 15) through Cryptomator's
 * maintained siv-mode library. A 32-byte key is split as RFC 5297 says: the first half keys S2V (CMAC), the second
 * CTR. The nonce is the last associated-data component (RFC 5297, section 3, nonce-based AEAD). The output is the
 * 16-byte synthetic IV followed by the ciphertext.
 */
public final class NtsAead {

    /** RFC 8915's registry number for AEAD_AES_SIV_CMAC_256. */
    public static final int ALGORITHM_ID = 15;

    public static final int KEY_BYTES = 32;
    public static final int TAG_BYTES = 16;
    public static final int NONCE_BYTES = 16;

    private static final SivMode SIV = new SivMode();

    private NtsAead() {}

    public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        return sealComponents(key, plaintext, associatedData, nonce);
    }

    /** RFC 5297's S2V over any number of associated-data components (its test vectors use this form). */
    static byte[] sealComponents(byte[] key, byte[] plaintext, byte[]... associatedData) {
        checkKey(key);
        return SIV.encrypt(Arrays.copyOfRange(key, 16, 32), Arrays.copyOfRange(key, 0, 16), plaintext, associatedData);
    }

    /** The plaintext, or null when the ciphertext or associated data were altered or the key is another. */
    public static byte[] open(byte[] key, byte[] nonce, byte[] ciphertext, byte[] associatedData) {
        checkKey(key);
        if (ciphertext.length < TAG_BYTES) {
            return null;
        }
        try {
            return SIV.decrypt(
                    Arrays.copyOfRange(key, 16, 32), Arrays.copyOfRange(key, 0, 16), ciphertext, associatedData, nonce);
        } catch (UnauthenticCiphertextException | IllegalBlockSizeException e) {
            return null;
        }
    }

    private static void checkKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("AEAD_AES_SIV_CMAC_256 needs a 32-byte key, got " + key.length);
        }
    }
}
