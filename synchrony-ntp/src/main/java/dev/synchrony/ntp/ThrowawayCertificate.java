package dev.synchrony.ntp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A fresh self-signed certificate for 127.0.0.1 and localhost, valid two days, made by the running JDK's keytool
 * into a new temporary folder and written as PEM files that both the JDK and chronyd read: for tests and the
 * benchmark on loopback, never for serving real clients (no key is ever committed or reused). RSA, because the JDK writes an EC
 * key's PKCS#8 without the public key, which chronyd's GnuTLS refuses ("ASN1 parser: Element was not found").
 */
public record ThrowawayCertificate(Path certificate, Path privateKey) {

    public static ThrowawayCertificate generate()
            throws IOException, InterruptedException, java.security.GeneralSecurityException {
        Path directory = Files.createTempDirectory("synchrony-nts-");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path store = directory.resolve("nts.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "nts",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-keystore",
                        store.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(keytool + " failed (a JDK with keytool is needed): " + output.strip());
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        Certificate certificate = keys.getCertificate("nts");
        PrivateKey key = (PrivateKey) keys.getKey("nts", "changeit".toCharArray());
        Path certificatePem = directory.resolve("nts.crt");
        Path keyPem = directory.resolve("nts.key");
        Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        // chronyd reads them after dropping to _chrony (a throwaway key in a test folder).
        Files.setPosixFilePermissions(keyPem, PosixFilePermissions.fromString("rw-r--r--"));
        return new ThrowawayCertificate(certificatePem, keyPem);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
