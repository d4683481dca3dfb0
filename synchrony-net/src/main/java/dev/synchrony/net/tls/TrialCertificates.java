package dev.synchrony.net.tls;

import dev.synchrony.core.NodeId;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority and member certificates, for trials and tests (not for production: the CA's
 * key is not kept, so no member can be added later, and nothing here is revocable). Keys are EC P-256; each
 * member certificate names its member id as subject CN and as a DNS subject alternative name, which is what a
 * member checks against the id its peer claims, and may serve as client and as server.
 *
 * <p>Files written by {@link #write}: {@code ca.pem}, and per member {@code ID.pem} (certificate) and
 * {@code ID.key} (PKCS#8 private key, readable by its owner only where the file system allows) - the layout
 * {@code tls: {ca: DIR/ca.pem, cert: "DIR/{id}.pem", key: "DIR/{id}.key"}} names.
 */
public final class TrialCertificates {

    /**
     * A certificate with its private key.
     *
     * @param certificate the certificate (the CA's own, or a member's signed by the CA)
     * @param keys its key pair
     */
    public record Issued(X509Certificate certificate, KeyPair keys) {

        /**
         * The certificate as a member's config file names it.
         *
         * @return the certificate in PEM
         */
        public String certificatePem() {
            return pem(certificate);
        }

        /**
         * The private key as a member's config file names it.
         *
         * @return the private key in PKCS#8 PEM, unencrypted
         */
        public String keyPem() {
            try {
                return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Issued ca;

    private TrialCertificates(Issued ca) {
        this.ca = ca;
    }

    /**
     * A new CA named {@code name}, valid for {@code validity} from now.
     *
     * @param name the CA's subject CN
     * @param validity how long its certificate is valid (from five minutes ago, for clocks a little apart)
     * @return the authority, which can issue member certificates
     */
    public static TrialCertificates newAuthority(String name, Duration validity) {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                serial(),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(validity)),
                subject,
                keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TrialCertificates(new Issued(sign(builder, keys), keys));
    }

    /**
     * The CA's own certificate and key: the certificate is what members trust ({@code tls.ca}).
     *
     * @return the CA's certificate and keys
     */
    public Issued authority() {
        return ca;
    }

    /**
     * A certificate for {@code member}, valid from {@code notBefore} to {@code notAfter}, signed by this CA
     * (tests make expired ones this way).
     *
     * @param member the member id the certificate names
     * @param notBefore when it becomes valid
     * @param notAfter when it expires
     * @return the certificate and its new key pair
     */
    public Issued issue(NodeId member, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyPair();
        X500Name issuer =
                new X500Name(ca.certificate().getSubjectX500Principal().getName());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                serial(),
                Date.from(notBefore),
                Date.from(notAfter),
                new X500Name("CN=" + member.name()),
                keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
            }));
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, member.name())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Issued(sign(builder, ca.keys()), keys);
    }

    /**
     * A certificate for {@code member} valid for {@code validity} from now.
     *
     * @param member the member id the certificate names
     * @param validity how long it is valid
     * @return the certificate and its new key pair
     */
    public Issued issue(NodeId member, Duration validity) {
        Instant now = Instant.now();
        return issue(member, now.minus(Duration.ofMinutes(5)), now.plus(validity));
    }

    /**
     * Writes {@code ca.pem} and each member's {@code ID.pem} and {@code ID.key} into {@code directory} (created
     * if needed); returns the files written.
     *
     * @param directory where to write them
     * @param members the members to issue certificates for
     * @param validity how long the CA and the certificates are valid
     * @return the files written, the CA's first
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> write(Path directory, List<NodeId> members, Duration validity) {
        TrialCertificates authority = newAuthority("synchrony trial CA", validity);
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            written.add(Files.writeString(
                    directory.resolve("ca.pem"), authority.authority().certificatePem()));
            for (NodeId member : members) {
                Issued issued = authority.issue(member, validity);
                written.add(Files.writeString(directory.resolve(member.name() + ".pem"), issued.certificatePem()));
                Path key = directory.resolve(member.name() + ".key");
                Files.writeString(key, issued.keyPem());
                ownerOnly(key);
                written.add(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write certificates to " + directory + ": " + e.getMessage(), e);
        }
        return written;
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own protection applies.
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation unavailable", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
