package dev.synchrony.ntp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The client half of NTS Key Establishment (RFC 8915, section 4): TLS 1.3 with ALPN {@code ntske/1} and the
 * server's certificate checked against the name we dialled; asks for NTPv4 with AES-SIV-CMAC-256 and returns
 * the session (keys from the TLS exporter, cookies, NTP server and port) or an IOException saying what failed.
 */
public final class NtsKeClient {

    /** The NTP port when the server names none (RFC 8915, section 4.1.8). */
    public static final int DEFAULT_NTP_PORT = 123;

    private NtsKeClient() {}

    public static NtsSession establish(String host, int port, SSLContext tls, int timeoutMillis) throws IOException {
        TlsExporter.requireAvailable();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {NtsTls.PROTOCOL});
            parameters.setApplicationProtocols(new String[] {NtsTls.ALPN});
            // Check the certificate names the host we dialled (a DNS name or an IP address).
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            try {
                socket.startHandshake();
            } catch (SSLException e) {
                throw new IOException(
                        "NTS-KE with " + host + ":" + port + ": TLS handshake failed: " + e.getMessage(), e);
            }
            if (!NtsTls.ALPN.equals(socket.getApplicationProtocol())) {
                throw new IOException(
                        "NTS-KE with " + host + ":" + port + ": the server did not agree to ALPN " + NtsTls.ALPN);
            }
            socket.getOutputStream()
                    .write(NtsKeRecord.encode(List.of(
                            NtsKeRecord.shorts(true, NtsKeRecord.NEXT_PROTOCOL, NtsKeRecord.PROTOCOL_NTPV4),
                            NtsKeRecord.shorts(false, NtsKeRecord.AEAD_ALGORITHM, NtsAead.ALGORITHM_ID),
                            new NtsKeRecord(true, NtsKeRecord.END_OF_MESSAGE, new byte[0]))));
            socket.getOutputStream().flush();
            List<NtsKeRecord> response;
            try {
                response = NtsKeRecord.readMessage(socket.getInputStream());
            } catch (MalformedPacketException e) {
                throw new IOException("NTS-KE with " + host + ":" + port + ": bad response: " + e.getMessage());
            } catch (SocketTimeoutException e) {
                throw new IOException(
                        "NTS-KE with " + host + ":" + port + ": no response within " + timeoutMillis + " ms");
            }
            return session(host, port, response, TlsExporter.ntsKeys(socket.getSession()));
        }
    }

    static NtsSession session(String host, int port, List<NtsKeRecord> response, NtsCookieJar.SessionKeys keys)
            throws IOException {
        String where = "NTS-KE with " + host + ":" + port + ": ";
        List<byte[]> cookies = new ArrayList<>();
        String ntpHost = host;
        int ntpPort = DEFAULT_NTP_PORT;
        boolean ntpv4 = false;
        boolean siv = false;
        try {
            for (NtsKeRecord record : response) {
                switch (record.type()) {
                    case NtsKeRecord.ERROR ->
                        throw new IOException(where + "the server sent error " + record.shorts()
                                + " (0: unrecognized critical record, 1: bad request, 2: internal server error)");
                    case NtsKeRecord.NEXT_PROTOCOL -> ntpv4 = record.shorts().contains(NtsKeRecord.PROTOCOL_NTPV4);
                    case NtsKeRecord.AEAD_ALGORITHM -> siv = record.shorts().contains(NtsAead.ALGORITHM_ID);
                    case NtsKeRecord.NEW_COOKIE -> cookies.add(record.body());
                    case NtsKeRecord.SERVER -> ntpHost = new String(record.body(), StandardCharsets.US_ASCII);
                    case NtsKeRecord.PORT -> ntpPort = record.shorts().get(0);
                    case NtsKeRecord.END_OF_MESSAGE, NtsKeRecord.WARNING -> {}
                    default -> {
                        if (record.critical()) {
                            throw new IOException(where + "unrecognized critical record type " + record.type());
                        }
                    }
                }
            }
        } catch (MalformedPacketException | IndexOutOfBoundsException e) {
            throw new IOException(where + "bad response: " + e.getMessage());
        }
        if (!ntpv4) {
            throw new IOException(where + "the server does not offer NTPv4");
        }
        if (!siv) {
            throw new IOException(where + "the server does not offer AEAD_AES_SIV_CMAC_256");
        }
        if (cookies.isEmpty()) {
            throw new IOException(where + "the server gave no cookies");
        }
        return new NtsSession(keys, cookies, new InetSocketAddress(ntpHost, ntpPort));
    }
}
