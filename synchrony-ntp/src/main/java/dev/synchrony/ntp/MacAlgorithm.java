package dev.synchrony.ntp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The message authentication codes an NTP symmetric key can use, named as in chrony's key file. The hash types
 * are RFC 5905's legacy construction, digest(key || packet); RFC 8573 replaced them with AES-CMAC because a keyed
 * hash of that shape is not a sound MAC and MD5 and SHA1 are broken as hashes. They are still accepted because
 * deployed clients use them, and reported as weak.
 *
 * <p>NTPv4 leaves room for a 20-byte digest after the key id (RFC 7822: anything longer would read as an
 * extension field), so longer digests are truncated to 20 there; NTPv3 has no extension fields and carries the
 * whole digest (chrony's client asks in version 3 when its key's digest is longer than 20 bytes). A server
 * answers with a digest as long as the request's.
 */
public enum MacAlgorithm {
    MD5("MD5", 16, true),
    SHA1("SHA-1", 20, true),
    SHA256("SHA-256", 32, false),
    SHA384("SHA-384", 48, false),
    SHA512("SHA-512", 64, false),
    AES128("AES", 16, false),
    AES256("AES", 16, false);

    /** The longest digest NTPv4 carries (RFC 7822: a MAC is at most 24 bytes with its key id). */
    public static final int MAX_DIGEST_BYTES = 20;

    private final String jdkName;
    private final int digestBytes;
    private final boolean weak;

    MacAlgorithm(String jdkName, int digestBytes, boolean weak) {
        this.jdkName = jdkName;
        this.digestBytes = digestBytes;
        this.weak = weak;
    }

    /** How many digest bytes follow the key id in an NTPv4 packet (at most 20). */
    public int digestBytes() {
        return Math.min(digestBytes, MAX_DIGEST_BYTES);
    }

    /** The untruncated digest's length, as NTPv3 carries it. */
    public int fullDigestBytes() {
        return digestBytes;
    }

    /** MD5 and SHA1: broken hashes in a construction RFC 8573 deprecates; use AES128 instead. */
    public boolean weak() {
        return weak;
    }

    public boolean isCmac() {
        return this == AES128 || this == AES256;
    }

    /** The key length CMAC needs, or 0 when any length goes (the hash types). */
    public int requiredKeyBytes() {
        return this == AES128 ? 16 : this == AES256 ? 32 : 0;
    }

    /** The name chrony's key file uses, case-insensitively; SHA1 and MD5 are the legacy names. */
    public static MacAlgorithm parse(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (MacAlgorithm algorithm : values()) {
            if (algorithm.name().equals(upper)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException(
                "unknown MAC type '" + name + "' (known: MD5, SHA1, SHA256, SHA384, SHA512, " + "AES128, AES256)");
    }

    /** A fresh, single-threaded engine computing this MAC under {@code secret}. */
    Engine engine(byte[] secret) {
        if (isCmac()) {
            CMac cmac = new CMac(AESEngine.newInstance());
            cmac.init(new KeyParameter(secret));
            byte[] full = new byte[16];
            return (data, offset, length, out, outOffset, outLength) -> {
                cmac.update(data, offset, length);
                cmac.doFinal(full, 0);
                System.arraycopy(full, 0, out, outOffset, outLength);
            };
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no " + jdkName, e);
        }
        byte[] key = secret.clone();
        byte[] full = new byte[digest.getDigestLength()];
        return (data, offset, length, out, outOffset, outLength) -> {
            digest.update(key);
            digest.update(data, offset, length);
            try {
                digest.digest(full, 0, full.length);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
            System.arraycopy(full, 0, out, outOffset, outLength);
            Arrays.fill(full, (byte) 0);
        };
    }

    /** Computes a MAC into {@code out}; one per thread (not thread-safe). */
    @FunctionalInterface
    interface Engine {
        /** Writes the first {@code outLength} bytes of the MAC of {@code data[offset, offset + length)}. */
        void compute(byte[] data, int offset, int length, byte[] out, int outOffset, int outLength);
    }
}
