package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The membership proof: each side of a connection shows it knows the cluster's shared secret by an
 * HMAC-SHA256 over both fresh nonces, the cluster name, both member ids and the protocol fingerprint. The two
 * proofs carry different labels, so neither side can be used as an oracle to forge the other's; fresh nonces
 * make a recorded proof useless on another connection. It authenticates the link, not each frame, and does not
 * encrypt: on an untrusted network put the members behind TLS or a VPN (see docs/runtime.md).
 *
 * <p>This class holds what both halves check ({@link AcceptorHandshake}, the side that accepted the connection;
 * {@link ConnectorHandshake}, the side that opened it): the cluster, this member's id, the members, and the
 * protocol fingerprint.
 */
final class Handshake {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final String cluster;
    private final NodeId self;
    private final List<NodeId> members;
    private final long fingerprint;

    Handshake(String secret, String cluster, NodeId self, List<NodeId> members, long fingerprint) {
        // Null under mutual TLS, where the certificates prove who is who and no HMAC is computed.
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        this.cluster = cluster;
        this.self = self;
        this.members = List.copyOf(members);
        this.fingerprint = fingerprint;
    }

    String cluster() {
        return cluster;
    }

    NodeId self() {
        return self;
    }

    List<NodeId> members() {
        return members;
    }

    /** A hash of the cluster name and of every service's name and codec: both sides must run the same. */
    long fingerprint() {
        return fingerprint;
    }

    static byte[] nonce() {
        byte[] nonce = new byte[Frames.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    byte[] serverProof(String from, String to, byte[] clientNonce, byte[] serverNonce, long fingerprint) {
        return mac("server", from, to, clientNonce, serverNonce, fingerprint);
    }

    byte[] clientProof(String from, String to, byte[] clientNonce, byte[] serverNonce, long fingerprint) {
        return mac("client", from, to, clientNonce, serverNonce, fingerprint);
    }

    /** Constant-time comparison, so timing does not leak how much of a guess was right. */
    static boolean matches(byte[] expected, byte[] given) {
        return MessageDigest.isEqual(expected, given);
    }

    private byte[] mac(String label, String from, String to, byte[] clientNonce, byte[] serverNonce, long fingerprint) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            for (String part : new String[] {label, cluster, from, to}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            mac.update(clientNonce);
            mac.update(serverNonce);
            mac.update(ByteBuffer.allocate(8).putLong(fingerprint).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static int proofBytes() {
        return 32;
    }
}
