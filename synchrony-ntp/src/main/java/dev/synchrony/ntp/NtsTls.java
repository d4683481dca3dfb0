package dev.synchrony.ntp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS 1.3 for NTS-KE from the JDK, configured from PEM files as chrony's are ({@code ntsservercert},
 * {@code ntsserverkey}, {@code ntstrustedcerts}): a certificate chain, an unencrypted PKCS#8 private key
 * ({@code BEGIN PRIVATE KEY}, EC or RSA), and trusted certificates.
 */
public final class NtsTls {

    public static final String ALPN = "ntske/1";
    public static final String PROTOCOL = "TLSv1.3";

    private NtsTls() {}

    public static SSLContext server(Path certificateChain, Path privateKey) {
        try {
            List<Certificate> chain = certificates(certificateChain, "--cert");
            PrivateKey key = privateKey(privateKey);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("nts", key, new char[0], chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("--cert/--key: " + certificateChain + " and " + privateKey
                    + " do not make a TLS server identity: " + e.getMessage());
        }
    }

    /** A client context trusting the certificates in {@code trusted}, or the JDK's default trust when null. */
    public static SSLContext client(Path trusted) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trusted == null) {
                factory.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (Certificate certificate : certificates(trusted, "--ca")) {
                    store.setCertificateEntry("trusted-" + i++, certificate);
                }
                factory.init(store);
            }
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("--ca: " + trusted + " holds no usable certificates: " + e.getMessage());
        }
    }

    static List<Certificate> certificates(Path file, String flag) throws IOException, GeneralSecurityException {
        byte[] bytes = read(file, flag);
        List<Certificate> certificates = List.copyOf(
                CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes)));
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(flag + ": " + file + " holds no PEM certificate");
        }
        return certificates;
    }

    static PrivateKey privateKey(Path file) throws IOException {
        String text = new String(read(file, "--key"), StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(
                    "--key: " + file + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("--key: " + file + " is not an EC, RSA or Ed25519 private key");
    }

    private static byte[] read(Path file, String flag) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(flag + ": " + file + " does not exist");
        }
    }
}
