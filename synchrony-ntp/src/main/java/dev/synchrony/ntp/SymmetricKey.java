package dev.synchrony.ntp;

import java.security.MessageDigest;

/**
 * One NTP symmetric key: the id that travels in every MAC, the MAC type and the shared secret. Signing and
 * checking are thread-safe (each thread gets its own MAC engine; the server's single thread reuses one).
 */
public final class SymmetricKey {

    /** Key id 0 is no key: a MAC that is only a zero key id is a crypto-NAK (RFC 5905, section 7.5). */
    public static final long MAX_ID = 0xFFFF_FFFFL;

    private final long id;
    private final MacAlgorithm algorithm;
    private final ThreadLocal<MacAlgorithm.Engine> engine;

    public SymmetricKey(long id, MacAlgorithm algorithm, byte[] secret) {
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("key id " + id + " is not in 1..4294967295");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("key " + id + ": the key is empty");
        }
        if (algorithm.requiredKeyBytes() != 0 && secret.length != algorithm.requiredKeyBytes()) {
            throw new IllegalArgumentException(
                    "key " + id + ": " + algorithm + " needs a " + algorithm.requiredKeyBytes() + "-byte key ("
                            + 2 * algorithm.requiredKeyBytes() + " HEX digits), got " + secret.length + " bytes");
        }
        this.id = id;
        this.algorithm = algorithm;
        byte[] copy = secret.clone();
        this.engine = ThreadLocal.withInitial(() -> algorithm.engine(copy));
    }

    public long id() {
        return id;
    }

    public MacAlgorithm algorithm() {
        return algorithm;
    }

    /** Bytes the MAC takes in an NTPv4 packet: key id and (truncated) digest. */
    public int macBytes() {
        return 4 + algorithm.digestBytes();
    }

    /** Whether a digest of this length is one we produce: NTPv4's (truncated) or the whole digest (NTPv3). */
    public boolean acceptsDigestLength(int length) {
        return length == algorithm.digestBytes() || length == algorithm.fullDigestBytes();
    }

    /**
     * Appends the MAC of {@code packet[0, length)} (key id, then digest) at {@code packet[length]}.
     *
     * @return the length with the MAC
     */
    public int sign(byte[] packet, int length) {
        return sign(packet, length, algorithm.digestBytes());
    }

    /** The same with a digest of {@code digestLength} bytes (one that {@link #acceptsDigestLength} accepts). */
    public int sign(byte[] packet, int length, int digestLength) {
        if (!acceptsDigestLength(digestLength)) {
            throw new IllegalArgumentException(this + " has no " + digestLength + "-byte digest");
        }
        packet[length] = (byte) (id >>> 24);
        packet[length + 1] = (byte) (id >>> 16);
        packet[length + 2] = (byte) (id >>> 8);
        packet[length + 3] = (byte) id;
        engine.get().compute(packet, 0, length, packet, length + 4, digestLength);
        return length + 4 + digestLength;
    }

    /** Whether {@code digest} (the bytes after the key id) is this key's MAC of {@code packet[0, length)}; constant time. */
    public boolean verifies(byte[] packet, int length, byte[] digest) {
        if (!acceptsDigestLength(digest.length)) {
            return false;
        }
        byte[] expected = new byte[digest.length];
        engine.get().compute(packet, 0, length, expected, 0, expected.length);
        return MessageDigest.isEqual(expected, digest);
    }

    @Override
    public String toString() {
        return "key " + id + " (" + algorithm + (algorithm.weak() ? ", weak" : "") + ")";
    }
}
