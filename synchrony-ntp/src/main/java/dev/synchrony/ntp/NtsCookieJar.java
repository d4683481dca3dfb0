package dev.synchrony.ntp;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The server's NTS cookies (RFC 8915, section 6): the two session keys sealed under a server master key that
 * only this server knows, so the server keeps no per-client state. A new master key is made every rotation
 * period and the last {@code kept} are remembered: a cookie sealed under an older one has expired.
 *
 * <p>Cookie layout (100 bytes, a whole number of 32-bit words): master key id (4), nonce (16), then
 * AES-SIV(master key, nonce, C2S key || S2C key) (16-byte tag + 64).
 */
public final class NtsCookieJar {

    public static final int COOKIE_BYTES = 4 + NtsAead.NONCE_BYTES + NtsAead.TAG_BYTES + 2 * NtsAead.KEY_BYTES;

    /** The two keys of one NTS association, from the TLS exporter. */
    public record SessionKeys(byte[] clientToServer, byte[] serverToClient) {}

    /** Why a cookie was not opened, or the keys it holds. */
    public sealed interface Opened {}

    public record Keys(SessionKeys keys) implements Opened {}

    public enum Refusal implements Opened {
        EXPIRED,
        FORGED
    }

    private record MasterKey(int id, byte[] key, long createdNanos) {}

    private final SecureRandom random = new SecureRandom();
    private final WallClock clock;
    private final long rotationNanos;
    private final int kept;
    private final Deque<MasterKey> keys = new ArrayDeque<>();

    /**
     * @param rotationSeconds how long a master key seals new cookies
     * @param kept how many master keys (the current one included) still open cookies
     */
    public NtsCookieJar(WallClock clock, long rotationSeconds, int kept) {
        if (rotationSeconds < 1 || kept < 1) {
            throw new IllegalArgumentException("--cookie-rotation: must be >= 1 s, keeping >= 1 key");
        }
        this.clock = clock;
        this.rotationNanos = rotationSeconds * 1_000_000_000L;
        this.kept = kept;
        keys.addFirst(fresh(random.nextInt()));
    }

    private MasterKey fresh(int id) {
        byte[] key = new byte[NtsAead.KEY_BYTES];
        random.nextBytes(key);
        return new MasterKey(id, key, clock.unixNanos());
    }

    private synchronized MasterKey current() {
        long now = clock.unixNanos();
        while (now - keys.peekFirst().createdNanos() >= rotationNanos) {
            MasterKey previous = keys.peekFirst();
            MasterKey next = fresh(previous.id() + 1);
            keys.addFirst(new MasterKey(next.id(), next.key(), previous.createdNanos() + rotationNanos));
            while (keys.size() > kept) {
                keys.removeLast();
            }
        }
        return keys.peekFirst();
    }

    private synchronized MasterKey find(int id) {
        current();
        for (MasterKey key : keys) {
            if (key.id() == id) {
                return key;
            }
        }
        return null;
    }

    public byte[] make(SessionKeys session) {
        MasterKey master = current();
        byte[] nonce = new byte[NtsAead.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plaintext = new byte[2 * NtsAead.KEY_BYTES];
        System.arraycopy(session.clientToServer(), 0, plaintext, 0, NtsAead.KEY_BYTES);
        System.arraycopy(session.serverToClient(), 0, plaintext, NtsAead.KEY_BYTES, NtsAead.KEY_BYTES);
        byte[] sealed = NtsAead.seal(master.key(), nonce, plaintext, new byte[0]);
        return ByteBuffer.allocate(COOKIE_BYTES)
                .putInt(master.id())
                .put(nonce)
                .put(sealed)
                .array();
    }

    public Opened open(byte[] cookie) {
        if (cookie.length != COOKIE_BYTES) {
            return Refusal.FORGED;
        }
        int id = ByteBuffer.wrap(cookie).getInt();
        MasterKey master = find(id);
        if (master == null) {
            return Refusal.EXPIRED;
        }
        byte[] nonce = Arrays.copyOfRange(cookie, 4, 4 + NtsAead.NONCE_BYTES);
        byte[] plaintext = NtsAead.open(
                master.key(), nonce, Arrays.copyOfRange(cookie, 4 + NtsAead.NONCE_BYTES, COOKIE_BYTES), new byte[0]);
        if (plaintext == null) {
            return Refusal.FORGED;
        }
        return new Keys(new SessionKeys(
                Arrays.copyOfRange(plaintext, 0, NtsAead.KEY_BYTES),
                Arrays.copyOfRange(plaintext, NtsAead.KEY_BYTES, 2 * NtsAead.KEY_BYTES)));
    }
}
