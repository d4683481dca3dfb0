package dev.synchrony.net.config;

import dev.synchrony.core.NodeId;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How members prove who they are. {@link Mode#TLS}: mutual TLS 1.3, each member with a certificate and key
 * signed by the cluster's CA, its certificate naming its member id; frames are encrypted and authenticated.
 * {@link Mode#SHARED_SECRET}: the HMAC handshake over the cluster secret proves membership, and frames travel
 * unencrypted and unauthenticated after it.
 *
 * <p>In YAML: {@code security: tls} with {@code tls: {ca: ca.pem, cert: "{id}.pem", key: "{id}.key"}} (paths
 * relative to the config file; {@code {id}} stands for the member's id, so one file serves every member), or
 * {@code security: shared-secret} with {@code secret}. For trials, {@code tls: {generate: certs}} names a folder
 * (relative to the config file) where the first member to start creates a throwaway CA and every member's
 * certificate and key ({@link dev.synchrony.net.tls.TrialFolder}); later members, and later starts, use them.
 *
 * @param mode how members prove who they are
 * @param ca the cluster CA's certificate (PEM), the only issuer a peer's certificate may have (TLS only)
 * @param cert where a member's certificate chain is (PEM), {@code {id}} replaced by its id (TLS only)
 * @param key where a member's private key is (PKCS#8 PEM), {@code {id}} replaced by its id (TLS only)
 * @param generate the trial folder whose certificates are created on first start, or null when the files above
 *                 must exist already (TLS only)
 */
public record Security(Mode mode, Path ca, String cert, String key, Path generate) {

    /** The two ways members prove who they are. */
    public enum Mode {
        /** The HMAC handshake over a secret every member holds: proves membership, leaves frames unprotected. */
        SHARED_SECRET("shared-secret"),
        /** Mutual TLS 1.3 with certificates naming member ids: proves identity, protects every frame. */
        TLS("tls");

        private final String yaml;

        Mode(String yaml) {
            this.yaml = yaml;
        }

        /**
         * The word in the config file.
         *
         * @return what {@code security:} says for this mode
         */
        public String yaml() {
            return yaml;
        }
    }

    /** The shared-secret handshake (the secret itself is in {@link ClusterConfig#secret()}). */
    public static final Security SHARED_SECRET = new Security(Mode.SHARED_SECRET, null, null, null);

    /**
     * Settings whose certificate files must exist already (no trial folder).
     *
     * @param mode how members prove who they are
     * @param ca the cluster CA's certificate (TLS only)
     * @param cert the pattern of a member's certificate path (TLS only)
     * @param key the pattern of a member's key path (TLS only)
     */
    public Security(Mode mode, Path ca, String cert, String key) {
        this(mode, ca, cert, key, null);
    }

    /**
     * Checks that TLS settings name all three files.
     *
     * @throws NullPointerException naming the missing field ({@code tls.ca}, {@code tls.cert}, {@code tls.key})
     */
    public Security {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.TLS) {
            Objects.requireNonNull(ca, "tls.ca");
            Objects.requireNonNull(cert, "tls.cert");
            Objects.requireNonNull(key, "tls.key");
        }
    }

    /**
     * Mutual TLS with the given CA certificate and certificate/key path patterns.
     *
     * @param ca the cluster CA's certificate (PEM)
     * @param cert a member's certificate path, {@code {id}} standing for its id
     * @param key a member's key path, {@code {id}} standing for its id
     * @return the settings
     */
    public static Security tls(Path ca, String cert, String key) {
        return new Security(Mode.TLS, ca, cert, key);
    }

    /**
     * Mutual TLS with throwaway certificates in {@code folder}: {@code ca.pem}, {@code ID.pem}, {@code ID.key},
     * created by the first member to start if they are not there yet.
     *
     * @param folder where the throwaway CA and member files are (or will be made)
     * @return the settings
     */
    public static Security trial(Path folder) {
        return new Security(
                Mode.TLS,
                folder.resolve("ca.pem"),
                folder.resolve("{id}.pem").toString(),
                folder.resolve("{id}.key").toString(),
                folder);
    }

    /**
     * Where {@code member}'s certificate is.
     *
     * @param member the member's id
     * @return the {@code cert} pattern with {@code {id}} replaced
     */
    public Path certFor(NodeId member) {
        return Path.of(cert.replace("{id}", member.name()));
    }

    /**
     * Where {@code member}'s private key is.
     *
     * @param member the member's id
     * @return the {@code key} pattern with {@code {id}} replaced
     */
    public Path keyFor(NodeId member) {
        return Path.of(key.replace("{id}", member.name()));
    }
}
