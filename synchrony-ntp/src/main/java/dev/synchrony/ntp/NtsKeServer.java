package dev.synchrony.ntp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The NTS Key Establishment server (RFC 8915, section 4): TLS 1.3 over TCP with ALPN {@code ntske/1}. A client
 * sends Next Protocol (NTPv4) and AEAD (AES-SIV-CMAC-256) records; the server answers with the same, the NTP
 * port (and name, when told one), eight cookies holding the session keys exported from TLS, and End of Message,
 * then closes.
 *
 * <p>Bad input is answered with an Error record (unrecognized critical record, bad request) or, when the TLS
 * handshake itself fails, by closing; a client that sends nothing for the timeout, or takes longer than the
 * timeout overall, is cut off. Each is counted. A bounded pool of handler threads serves connections; beyond
 * its queue, connections are closed at once (counted as rejected).
 */
public final class NtsKeServer implements AutoCloseable {

    /** Cookies handed out per key establishment, as chrony and RFC 8915 suggest. */
    public static final int COOKIES = 8;

    /**
     * @param ntpServer the NTP server name to announce, or null for "the host you reached me at"
     * @param ntpPort the UDP port of the NTS-protected NTP server
     * @param timeoutMillis how long one client may take for the whole exchange
     */
    public record Config(
            InetSocketAddress bind,
            SSLContext tls,
            NtsCookieJar cookies,
            String ntpServer,
            int ntpPort,
            int timeoutMillis,
            int threads) {
        public Config {
            if (timeoutMillis < 1 || threads < 1 || ntpPort < 1 || ntpPort > 65_535) {
                throw new IllegalArgumentException(
                        "NTS-KE: timeout and threads must be positive, the NTP port in 1..65535");
            }
        }
    }

    /** What the key establishment server has seen. */
    public record Stats(
            long connections,
            long established,
            long handshakeFailures,
            long badRequests,
            long unrecognizedCritical,
            long timeouts,
            long rejected,
            long errors) {
        @Override
        public String toString() {
            return "nts-ke: " + connections + " connections, " + established + " established, refused: "
                    + handshakeFailures
                    + " TLS handshake failures, " + badRequests + " bad requests, " + unrecognizedCritical
                    + " unrecognized critical records, " + timeouts + " stalled clients cut off, " + rejected
                    + " rejected when busy, " + errors + " errors";
        }
    }

    private static final System.Logger LOG = System.getLogger(NtsKeServer.class.getName());

    private final Config config;
    private final SSLServerSocket socket;
    private final ThreadPoolExecutor handlers;
    private final Thread acceptor;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong established = new AtomicLong();
    private final AtomicLong handshakeFailures = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();
    private final AtomicLong unrecognizedCritical = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean open = true;

    private NtsKeServer(Config config, SSLServerSocket socket) {
        this.config = config;
        this.socket = socket;
        this.handlers = new ThreadPoolExecutor(
                config.threads(),
                config.threads(),
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(64),
                Thread.ofPlatform().name("nts-ke-", 0).daemon(true).factory());
        this.acceptor = Thread.ofPlatform().name("nts-ke-accept").daemon(true).unstarted(this::accept);
    }

    public static NtsKeServer start(Config config) throws IOException {
        TlsExporter.requireAvailable();
        SSLServerSocket socket =
                (SSLServerSocket) config.tls().getServerSocketFactory().createServerSocket();
        try {
            socket.bind(config.bind(), 64);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot bind NTS-KE to " + config.bind() + ": " + e.getMessage(), e);
        }
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {NtsTls.PROTOCOL});
        parameters.setApplicationProtocols(new String[] {NtsTls.ALPN});
        socket.setSSLParameters(parameters);
        NtsKeServer server = new NtsKeServer(config, socket);
        server.acceptor.start();
        return server;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public Stats stats() {
        return new Stats(
                connections.get(),
                established.get(),
                handshakeFailures.get(),
                badRequests.get(),
                unrecognizedCritical.get(),
                timeouts.get(),
                rejected.get(),
                errors.get());
    }

    private void accept() {
        while (open) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!open) {
                    return;
                }
                errors.incrementAndGet();
                continue;
            }
            connections.incrementAndGet();
            try {
                handlers.execute(() -> serve((SSLSocket) client));
            } catch (RejectedExecutionException e) {
                rejected.incrementAndGet();
                closeQuietly(client);
            }
        }
    }

    private void serve(SSLSocket client) {
        long deadline = System.nanoTime() + config.timeoutMillis() * 1_000_000L;
        try (client) {
            client.setSoTimeout(config.timeoutMillis());
            try {
                client.startHandshake();
            } catch (SocketTimeoutException e) {
                timeouts.incrementAndGet();
                return;
            } catch (SSLException | SocketException e) {
                handshakeFailures.incrementAndGet();
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "NTS-KE handshake with {0} failed: {1}",
                        client.getRemoteSocketAddress(),
                        e.getMessage());
                return;
            }
            if (!NtsTls.ALPN.equals(client.getApplicationProtocol())) {
                handshakeFailures.incrementAndGet();
                return;
            }
            List<NtsKeRecord> request;
            try {
                request = NtsKeRecord.readMessage(new DeadlineInput(client.getInputStream(), client, deadline));
            } catch (SocketTimeoutException e) {
                timeouts.incrementAndGet();
                return;
            } catch (MalformedPacketException e) {
                badRequests.incrementAndGet();
                reply(client, error(NtsKeRecord.ERROR_BAD_REQUEST));
                return;
            }
            List<NtsKeRecord> response = respond(request, TlsExporter.ntsKeys(client.getSession()));
            reply(client, response);
        } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
        }
    }

    /** RFC 8915, section 4.1: the response to a well-formed request, or an Error record. */
    List<NtsKeRecord> respond(List<NtsKeRecord> request, NtsCookieJar.SessionKeys keys) {
        boolean ntpv4 = false;
        boolean siv = false;
        boolean sawProtocol = false;
        try {
            for (NtsKeRecord record : request) {
                switch (record.type()) {
                    case NtsKeRecord.END_OF_MESSAGE, NtsKeRecord.WARNING -> {}
                    case NtsKeRecord.NEXT_PROTOCOL -> {
                        if (sawProtocol) {
                            badRequests.incrementAndGet();
                            return error(NtsKeRecord.ERROR_BAD_REQUEST);
                        }
                        sawProtocol = true;
                        ntpv4 = record.shorts().contains(NtsKeRecord.PROTOCOL_NTPV4);
                    }
                    case NtsKeRecord.AEAD_ALGORITHM -> siv |= record.shorts().contains(NtsAead.ALGORITHM_ID);
                    case NtsKeRecord.ERROR, NtsKeRecord.NEW_COOKIE, NtsKeRecord.SERVER, NtsKeRecord.PORT -> {
                        // Records a client may send (RFC 8915 allows Server and Port requests); we decide ourselves.
                    }
                    default -> {
                        if (record.critical()) {
                            unrecognizedCritical.incrementAndGet();
                            return error(NtsKeRecord.ERROR_UNRECOGNIZED_CRITICAL);
                        }
                    }
                }
            }
        } catch (MalformedPacketException e) {
            badRequests.incrementAndGet();
            return error(NtsKeRecord.ERROR_BAD_REQUEST);
        }
        if (!sawProtocol) {
            badRequests.incrementAndGet();
            return error(NtsKeRecord.ERROR_BAD_REQUEST);
        }
        List<NtsKeRecord> response = new ArrayList<>();
        // An empty Next Protocol (or AEAD) list says "none of yours": the client learns we have nothing in common.
        response.add(
                ntpv4
                        ? NtsKeRecord.shorts(true, NtsKeRecord.NEXT_PROTOCOL, NtsKeRecord.PROTOCOL_NTPV4)
                        : NtsKeRecord.shorts(true, NtsKeRecord.NEXT_PROTOCOL));
        if (ntpv4 && siv) {
            response.add(NtsKeRecord.shorts(true, NtsKeRecord.AEAD_ALGORITHM, NtsAead.ALGORITHM_ID));
            if (config.ntpServer() != null) {
                response.add(new NtsKeRecord(
                        true,
                        NtsKeRecord.SERVER,
                        config.ntpServer().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            }
            response.add(NtsKeRecord.shorts(true, NtsKeRecord.PORT, config.ntpPort()));
            for (int i = 0; i < COOKIES; i++) {
                response.add(new NtsKeRecord(
                        false, NtsKeRecord.NEW_COOKIE, config.cookies().make(keys)));
            }
            established.incrementAndGet();
        } else if (ntpv4) {
            response.add(NtsKeRecord.shorts(true, NtsKeRecord.AEAD_ALGORITHM));
        }
        response.add(new NtsKeRecord(true, NtsKeRecord.END_OF_MESSAGE, new byte[0]));
        return response;
    }

    private static List<NtsKeRecord> error(int code) {
        return List.of(
                NtsKeRecord.shorts(true, NtsKeRecord.ERROR, code),
                new NtsKeRecord(true, NtsKeRecord.END_OF_MESSAGE, new byte[0]));
    }

    private static void reply(SSLSocket client, List<NtsKeRecord> records) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(NtsKeRecord.encode(records));
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Bounds the whole request, not only each read: a client dribbling a byte a second is still cut off. */
    private static final class DeadlineInput extends InputStream {
        private final InputStream in;
        private final Socket socket;
        private final long deadline;

        DeadlineInput(InputStream in, Socket socket, long deadline) {
            this.in = in;
            this.socket = socket;
            this.deadline = deadline;
        }

        private void arm() throws IOException {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new SocketTimeoutException("NTS-KE request took longer than the timeout");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            arm();
            return in.read(buffer, offset, length);
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        socket.close();
        handlers.shutdownNow();
        try {
            acceptor.join(2_000);
            handlers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
