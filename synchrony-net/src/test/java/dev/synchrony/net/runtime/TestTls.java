package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.Security;
import dev.synchrony.net.tls.TrialCertificates;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Certificates on disk for a loopback TLS cluster, and TLS client sockets with whatever identity a test picks. */
final class TestTls {

    private TestTls() {}

    /** Writes ca.pem and, per member, ID.pem and ID.key into {@code directory}; the config names them. */
    static ClusterConfig cluster(ClusterConfig plain, TrialCertificates authority, Path directory) throws IOException {
        Files.writeString(directory.resolve("ca.pem"), authority.authority().certificatePem());
        for (NodeId id : plain.memberIds()) {
            TrialCertificates.Issued issued = authority.issue(id, Duration.ofDays(1));
            Files.writeString(directory.resolve(id.name() + ".pem"), issued.certificatePem());
            Files.writeString(directory.resolve(id.name() + ".key"), issued.keyPem());
        }
        return plain.withSecurity(
                Security.tls(directory.resolve("ca.pem"), directory + "/{id}.pem", directory + "/{id}.key"));
    }

    /** A TLS 1.3 client socket to the member at {@code port}, presenting {@code identity}, trusting {@code ca}. */
    static Socket client(int port, TrialCertificates.Issued identity, X509Certificate ca) throws IOException {
        try {
            char[] password = "test".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("me", identity.keys().getPrivate(), password, new Certificate[] {identity.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", ca);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            // Present our certificate whatever issuers the member asks for: a JDK client would otherwise send
            // none when its certificate is from another CA, and the member's own check would go untested.
            javax.net.ssl.X509KeyManager chosen =
                    (javax.net.ssl.X509KeyManager) keyManagers.getKeyManagers()[0];
            javax.net.ssl.X509ExtendedKeyManager always = new javax.net.ssl.X509ExtendedKeyManager() {
                @Override
                public String chooseEngineClientAlias(
                        String[] types, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
                    return "me";
                }

                @Override
                public String chooseClientAlias(String[] types, java.security.Principal[] issuers, Socket socket) {
                    return "me";
                }

                @Override
                public String[] getClientAliases(String type, java.security.Principal[] issuers) {
                    return new String[] {"me"};
                }

                @Override
                public String[] getServerAliases(String type, java.security.Principal[] issuers) {
                    return null;
                }

                @Override
                public String chooseServerAlias(String type, java.security.Principal[] issuers, Socket socket) {
                    return null;
                }

                @Override
                public X509Certificate[] getCertificateChain(String alias) {
                    return chosen.getCertificateChain(alias);
                }

                @Override
                public java.security.PrivateKey getPrivateKey(String alias) {
                    return chosen.getPrivateKey(alias);
                }
            };
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(new javax.net.ssl.KeyManager[] {always}, trust.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            return socket;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
