package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.Security;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Mutual TLS 1.3 between members (JDK provider): this member presents its certificate on both sides of a
 * connection, requires one from the peer, and trusts only the cluster's CA. Which member a peer is comes from
 * its certificate ({@link #certifiedName}), not from what it says: the handshake halves compare the two.
 */
final class TlsContexts {

    private static final int DNS_NAME = 2;

    private final SslContext server;
    private final SslContext client;

    private TlsContexts(SslContext server, SslContext client) {
        this.server = server;
        this.client = client;
    }

    /** Reads the CA and {@code self}'s certificate and key; a missing or unreadable file is named in one line. */
    static TlsContexts load(Security security, NodeId self) {
        Path ca = readable(security.ca(), "tls.ca");
        Path cert = readable(security.certFor(self), "tls.cert");
        Path key = readable(security.keyFor(self), "tls.key");
        try {
            SslContext server = SslContextBuilder.forServer(cert.toFile(), key.toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .trustManager(ca.toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
            // No host name check: members are addressed by IP or any name; what must match is the member id
            // the certificate names, which the handshake halves compare with the id they expect.
            SslContext client = SslContextBuilder.forClient()
                    .endpointIdentificationAlgorithm(null)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .keyManager(cert.toFile(), key.toFile())
                    .trustManager(ca.toFile())
                    .build();
            return new TlsContexts(server, client);
        } catch (Exception e) {
            // SslContextBuilder reports bad PEM as SSLException or IllegalArgumentException, whichever part failed.
            throw new IllegalArgumentException(
                    "tls: cannot use " + cert + " / " + key + " / " + ca + ": " + e.getMessage(), e);
        }
    }

    private static Path readable(Path file, String field) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(field + ": " + file + " is missing or unreadable");
        }
        return file;
    }

    SslHandler acceptor(ByteBufAllocator allocator, long handshakeTimeoutMillis) {
        SslHandler handler = server.newHandler(allocator);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    SslHandler connector(ByteBufAllocator allocator, String host, int port, long handshakeTimeoutMillis) {
        SslHandler handler = client.newHandler(allocator, host, port);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /** The SSLException in {@code failure}'s causes, or null: the connection failed in its TLS handshake. */
    static javax.net.ssl.SSLException tlsFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    /** Why a TLS handshake failed, in a few words an operator can act on. */
    static String reason(Throwable failure, long timeoutMillis) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.netty.handler.ssl.SslHandshakeTimeoutException) {
                return "TLS handshake not finished within " + timeoutMillis + " ms";
            }
            if (cause instanceof io.netty.handler.ssl.NotSslRecordException) {
                return "not a TLS connection (a plaintext client, or security: shared-secret?)";
            }
            if (cause instanceof java.security.cert.CertificateExpiredException
                    || cause instanceof java.security.cert.CertificateNotYetValidException) {
                return "TLS handshake failed: a certificate is expired or not yet valid";
            }
        }
        if (failure instanceof java.nio.channels.ClosedChannelException) {
            return "TLS handshake failed: the connection closed during it (the peer gave up or refused)";
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (message.contains("PKIX") || message.contains("certification path")) {
            return "TLS handshake failed: a certificate is not signed by the cluster CA";
        }
        if (message.contains("certificate_required")
                || message.contains("Empty client certificate")
                || message.contains("Empty server certificate")) {
            return "TLS handshake failed: no certificate presented (or none from the cluster CA)";
        }
        return "TLS handshake failed: " + (message.length() > 120 ? message.substring(0, 120) + "..." : message);
    }

    /**
     * The member id the peer's certificate names: its DNS subject alternative name when it has exactly one,
     * else its subject CN; null when it names none (or several, which is as good as none).
     */
    static String certifiedName(SSLSession session) {
        X509Certificate peer;
        try {
            peer = (X509Certificate) session.getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        try {
            Collection<List<?>> alternatives = peer.getSubjectAlternativeNames();
            if (alternatives != null) {
                List<String> dns = alternatives.stream()
                        .filter(n -> ((Integer) n.get(0)) == DNS_NAME)
                        .map(n -> (String) n.get(1))
                        .toList();
                if (!dns.isEmpty()) {
                    return dns.size() == 1 ? dns.get(0) : null;
                }
            }
        } catch (CertificateParsingException e) {
            return null;
        }
        try {
            List<String> names = new LdapName(peer.getSubjectX500Principal().getName())
                    .getRdns().stream()
                            .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                            .map(Rdn::getValue)
                            .map(String::valueOf)
                            .toList();
            return names.size() == 1 ? names.get(0) : null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
