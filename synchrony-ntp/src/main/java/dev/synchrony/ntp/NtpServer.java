package dev.synchrony.ntp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An NTP server (RFC 5905) on one UDP socket: it answers client requests (mode 3) with server replies (mode 4),
 * copying the client's transmit timestamp into the origin field without interpreting it (chrony's client sends
 * a random one), and drops everything else with a counter. A client that sends faster than the rate limit gets
 * a RATE kiss-o'-death (at most one a second); beyond that it is ignored.
 *
 * <p>Timing: one thread blocks in {@link DatagramChannel#receive}; the receive timestamp is read the moment the
 * call returns, and the transmit timestamp is written into the already encoded reply just before
 * {@link DatagramChannel#send}, so the only time not counted is the system calls themselves. Plain NIO rather
 * than Netty: one socket, one thread and no pipeline between the kernel and the timestamps (see docs/clocksync.md).
 *
 * <p>Symmetric keys (RFC 5905 MAC, RFC 8573 AES-CMAC): a request that carries a MAC under a key we hold is
 * answered with a MAC under the same key; a MAC under a key we do not hold, or one that does not verify, gets a
 * crypto-NAK (a CRYP kiss whose MAC is a zero key id), counted, so the client learns why it hears no time.
 * Requests without a MAC are answered without one. The transmit timestamp is read before the MAC is computed
 * (the MAC covers it), so with a key the reply leaves a MAC's computation (about a microsecond) after T3.
 *
 * <p>NTS (RFC 8915), when the server has a cookie jar: a request carrying a unique identifier, a cookie and an
 * authenticator is answered, if the cookie opens under one of our master keys and the authenticator verifies
 * under the client-to-server key inside it, with the unique identifier echoed and an authenticator under the
 * server-to-client key whose encrypted payload is one fresh cookie per cookie and placeholder the client sent. An
 * expired or forged cookie, or an authenticator that does not verify, gets an NTSN kiss-o'-death (unauthenticated,
 * the unique identifier echoed so the client can match it); malformed NTS fields are dropped. All are counted.
 *
 * <p>Never crashes on input: every datagram is handled inside its own try block; only closing stops it.
 */
public final class NtpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NtpServer.class.getName());

    /** The precision we announce: 2^-20 s, about a microsecond, what {@link java.time.Instant#now()} resolves. */
    static final int PRECISION = -20;
    /** Root dispersion announced: 2^-10 s (about 1 ms), a loose but honest bound for a system clock. */
    static final int ROOT_DISPERSION = 1 << 6;
    /** Clients remembered by the rate limiter before it forgets them all (bounds memory under spoofed floods). */
    static final int MAX_TRACKED_CLIENTS = 65_536;

    /**
     * @param stratum 1..15: what the server claims (1: a primary reference)
     * @param rateLimitPerSecond requests per second one client address may send (0: no limit)
     * @param burst how many requests above the rate a client may send at once
     */
    public record Config(
            InetSocketAddress bind,
            int stratum,
            double rateLimitPerSecond,
            int burst,
            WallClock clock,
            SymmetricKeys keys,
            NtsCookieJar nts) {
        public Config(InetSocketAddress bind, int stratum, double rateLimitPerSecond, int burst, WallClock clock) {
            this(bind, stratum, rateLimitPerSecond, burst, clock, SymmetricKeys.NONE, null);
        }

        public Config(
                InetSocketAddress bind,
                int stratum,
                double rateLimitPerSecond,
                int burst,
                WallClock clock,
                SymmetricKeys keys) {
            this(bind, stratum, rateLimitPerSecond, burst, clock, keys, null);
        }

        public Config {
            if (stratum < 1 || stratum > 15) {
                throw new IllegalArgumentException("--stratum: " + stratum + " is not in 1..15");
            }
            if (!(rateLimitPerSecond >= 0)) {
                throw new IllegalArgumentException("--rate-limit: must be >= 0");
            }
            if (burst < 1) {
                throw new IllegalArgumentException("--burst: must be >= 1");
            }
        }

        public static Config loopback(int port) {
            return new Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1, 0, 1, WallClock.SYSTEM);
        }

        /** The same server with these keys. */
        public Config withKeys(SymmetricKeys keys) {
            return new Config(bind, stratum, rateLimitPerSecond, burst, clock, keys, nts);
        }

        /** The same server answering NTS requests whose cookies this jar made (null: no NTS). */
        public Config withNts(NtsCookieJar jar) {
            return new Config(bind, stratum, rateLimitPerSecond, burst, clock, keys, jar);
        }
    }

    /** What the server has seen so far. */
    /**
     * @param answered replies with time (authenticated ones included)
     * @param authenticated of those, the ones signed with the client's key
     * @param badTrailer dropped: extension fields or MAC malformed (lengths that do not add up)
     * @param unknownKey, badMac requests refused with a crypto-NAK: a key id we do not hold, a MAC that fails
     */
    public record Stats(
            long received,
            long answered,
            long malformedLength,
            long badVersion,
            long wrongMode,
            long rateLimited,
            long kissesSent,
            long errors,
            long authenticated,
            long badTrailer,
            long unknownKey,
            long badMac,
            long cryptoNaksSent,
            long ntsAnswered,
            long ntsMalformed,
            long ntsExpiredCookie,
            long ntsForgedCookie,
            long ntsBadAuthenticator,
            long ntsNaksSent) {
        public long malformed() {
            return malformedLength + badVersion + wrongMode + badTrailer + ntsMalformed;
        }

        @Override
        public String toString() {
            return "received " + received + ", answered " + answered + " (" + authenticated
                    + " authenticated), dropped: "
                    + malformedLength + " bad length, " + badVersion + " bad version, " + wrongMode + " wrong mode, "
                    + badTrailer + " bad extension field or MAC, " + rateLimited + " over the rate limit (" + kissesSent
                    + " RATE kisses sent), refused: " + unknownKey + " unknown key, " + badMac + " bad MAC ("
                    + cryptoNaksSent + " crypto-NAKs sent), nts: " + ntsAnswered + " answered, " + ntsMalformed
                    + " malformed, " + ntsExpiredCookie + " expired cookies, " + ntsForgedCookie + " forged cookies, "
                    + ntsBadAuthenticator + " bad authenticators (" + ntsNaksSent + " NTSN kisses sent), " + errors
                    + " errors";
        }
    }

    private final Config config;
    private final DatagramChannel channel;
    private final Thread thread;
    private final int referenceId;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong malformedLength = new AtomicLong();
    private final AtomicLong badVersion = new AtomicLong();
    private final AtomicLong wrongMode = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong kissesSent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong authenticated = new AtomicLong();
    private final AtomicLong badTrailer = new AtomicLong();
    private final AtomicLong unknownKey = new AtomicLong();
    private final AtomicLong badMac = new AtomicLong();
    private final AtomicLong cryptoNaksSent = new AtomicLong();
    private final AtomicLong ntsAnswered = new AtomicLong();
    private final AtomicLong ntsMalformed = new AtomicLong();
    private final AtomicLong ntsNaksSent = new AtomicLong();
    /** Answers NTS requests; null without a cookie jar. */
    private final NtsResponder ntsResponder;
    /** The request's bytes, when it is longer than a header (its MAC is checked over them). */
    private final byte[] requestBytes = new byte[NtpPacket.MAX_BYTES + 4];
    /** A signed reply or crypto-NAK is built here. */
    private final byte[] replyBytes = new byte[NtpPacket.HEADER_BYTES + PacketTrailer.MAX_V3_MAC_BYTES];

    private final Map<InetAddress, Bucket> buckets = new HashMap<>();
    private volatile boolean open = true;

    private NtpServer(Config config, DatagramChannel channel) {
        this.config = config;
        this.channel = channel;
        this.ntsResponder = config.nts() == null ? null : new NtsResponder(config.nts(), config.clock());
        // Stratum 1 names its reference; above, the reference id is the upstream's IPv4 address: we say 127.127.1.0,
        // the traditional address of a local clock.
        this.referenceId = config.stratum() == 1 ? NtpPacket.code("LOCL") : 0x7F7F0100;
        this.thread = Thread.ofPlatform()
                .name("ntp-server-" + config.bind().getPort())
                .daemon(true)
                .unstarted(this::serve);
    }

    /** Binds and starts answering. */
    public static NtpServer start(Config config) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(config.bind());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot bind " + config.bind() + ": " + e.getMessage(), e);
        }
        NtpServer server = new NtpServer(config, channel);
        for (SymmetricKey weak : config.keys().weak()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0} uses a weak MAC (legacy digest(key || packet) with a broken hash); "
                            + "RFC 8573 recommends AES128 (CMAC)",
                    weak);
        }
        server.thread.start();
        return server;
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the server's socket is closed", e);
        }
    }

    public Stats stats() {
        return new Stats(
                received.get(),
                answered.get(),
                malformedLength.get(),
                badVersion.get(),
                wrongMode.get(),
                rateLimited.get(),
                kissesSent.get(),
                errors.get(),
                authenticated.get(),
                badTrailer.get(),
                unknownKey.get(),
                badMac.get(),
                cryptoNaksSent.get(),
                ntsAnswered.get(),
                ntsMalformed.get(),
                ntsResponder == null ? 0 : ntsResponder.expiredCookie.get(),
                ntsResponder == null ? 0 : ntsResponder.forgedCookie.get(),
                ntsResponder == null ? 0 : ntsResponder.badAuthenticator.get(),
                ntsNaksSent.get());
    }

    private void serve() {
        // One byte more than the largest packet we accept, so an oversized datagram shows up as too long.
        ByteBuffer in = ByteBuffer.allocateDirect(NtpPacket.MAX_BYTES + 4);
        ByteBuffer out = ByteBuffer.allocateDirect(NtpPacket.HEADER_BYTES);
        while (open) {
            SocketAddress from;
            long receiveTimestamp;
            try {
                in.clear();
                from = channel.receive(in);
                receiveTimestamp = config.clock().ntpNow();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                continue;
            }
            received.incrementAndGet();
            try {
                in.flip();
                handle(in, out, (InetSocketAddress) from, receiveTimestamp);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
            }
        }
    }

    private void handle(ByteBuffer in, ByteBuffer out, InetSocketAddress from, long receiveTimestamp)
            throws IOException {
        int length = in.remaining();
        if (length > NtpPacket.HEADER_BYTES && length <= requestBytes.length) {
            in.get(in.position(), requestBytes, 0, length);
        }
        NtpPacket request;
        try {
            request = NtpPacket.decode(in);
        } catch (MalformedPacketException e) {
            (e.field().equals("version") ? badVersion : malformedLength).incrementAndGet();
            return;
        }
        if (request.mode() != NtpPacket.MODE_CLIENT) {
            wrongMode.incrementAndGet();
            return;
        }
        SymmetricKey key = null;
        int digestLength = 0;
        if (length > NtpPacket.HEADER_BYTES) {
            PacketTrailer trailer;
            try {
                trailer = PacketTrailer.parse(requestBytes, length);
            } catch (MalformedPacketException e) {
                badTrailer.incrementAndGet();
                return;
            }
            if (ntsResponder != null && !trailer.fields().isEmpty()) {
                NtsExtensionFields.Request nts;
                try {
                    nts = NtsExtensionFields.request(requestBytes, trailer);
                } catch (MalformedPacketException e) {
                    ntsMalformed.incrementAndGet();
                    return;
                }
                if (nts != null) {
                    if (admit(from.getAddress(), receiveTimestamp) == Admission.ANSWER) {
                        answerNts(request, nts, from, receiveTimestamp);
                    } else {
                        rateLimited.incrementAndGet();
                    }
                    return;
                }
            }
            if (trailer.hasMac()) {
                key = config.keys().find(trailer.keyId(requestBytes));
                boolean good =
                        key != null && key.verifies(requestBytes, trailer.macOffset(), trailer.digest(requestBytes));
                digestLength = trailer.macLength() - 4;
                if (!good) {
                    (key == null ? unknownKey : badMac).incrementAndGet();
                    if (admit(from.getAddress(), receiveTimestamp) == Admission.ANSWER) {
                        sendCryptoNak(request, from, receiveTimestamp);
                    }
                    return;
                }
            }
        }
        switch (admit(from.getAddress(), receiveTimestamp)) {
            case ANSWER -> {
                if (key != null) {
                    sendSigned(request, key, digestLength, from, receiveTimestamp);
                    return;
                }
                out.clear();
                reply(request, receiveTimestamp).encode(out);
                out.putLong(NtpPacket.TRANSMIT_OFFSET, config.clock().ntpNow());
                out.flip();
                sendCounted(out, from, answered);
            }
            case KISS -> {
                rateLimited.incrementAndGet();
                out.clear();
                // RFC 5905, section 7.4: stratum 0, the kiss code in the reference id, the client's timestamp echoed.
                new NtpPacket(
                                3,
                                request.version(),
                                NtpPacket.MODE_SERVER,
                                0,
                                request.poll(),
                                PRECISION,
                                0,
                                0,
                                NtpPacket.code("RATE"),
                                0,
                                request.transmitTimestamp(),
                                receiveTimestamp,
                                0)
                        .encode(out);
                out.putLong(NtpPacket.TRANSMIT_OFFSET, config.clock().ntpNow());
                out.flip();
                sendCounted(out, from, kissesSent);
            }
            case DROP -> rateLimited.incrementAndGet();
        }
    }

    private NtpPacket reply(NtpPacket request, long receiveTimestamp) {
        return new NtpPacket(
                0,
                request.version(),
                NtpPacket.MODE_SERVER,
                config.stratum(),
                request.poll(),
                PRECISION,
                0,
                ROOT_DISPERSION,
                referenceId,
                receiveTimestamp & 0xFFFF_FFFF_0000_0000L,
                request.transmitTimestamp(),
                receiveTimestamp,
                0);
    }

    /**
     * A reply MAC'd under the client's key, its digest as long as the request's (NTPv3 clients send whole long
     * digests); the MAC covers the transmit timestamp, so that is read first.
     */
    private void sendSigned(
            NtpPacket request, SymmetricKey key, int digestLength, InetSocketAddress to, long receiveTimestamp)
            throws IOException {
        ByteBuffer header = ByteBuffer.wrap(replyBytes);
        reply(request, receiveTimestamp).encode(header);
        header.putLong(NtpPacket.TRANSMIT_OFFSET, config.clock().ntpNow());
        int length = key.sign(replyBytes, NtpPacket.HEADER_BYTES, digestLength);
        authenticated.incrementAndGet();
        sendCounted(ByteBuffer.wrap(replyBytes, 0, length), to, answered);
    }

    /**
     * RFC 5905's crypto-NAK: a MAC that is only key id 0, on a CRYP kiss (stratum 0, leap 3) so that a client
     * ignoring the MAC takes no time from it either. It is unauthenticated: a client may only log it.
     */
    private void sendCryptoNak(NtpPacket request, InetSocketAddress to, long receiveTimestamp) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(replyBytes);
        new NtpPacket(
                        3,
                        request.version(),
                        NtpPacket.MODE_SERVER,
                        0,
                        request.poll(),
                        PRECISION,
                        0,
                        0,
                        NtpPacket.code("CRYP"),
                        0,
                        request.transmitTimestamp(),
                        receiveTimestamp,
                        config.clock().ntpNow())
                .encode(header);
        header.putInt(0);
        sendCounted(ByteBuffer.wrap(replyBytes, 0, NtpPacket.HEADER_BYTES + 4), to, cryptoNaksSent);
    }

    /** RFC 8915, section 5.7, through the responder; the answer or the NTSN kiss counted here. */
    private void answerNts(
            NtpPacket request, NtsExtensionFields.Request nts, InetSocketAddress to, long receiveTimestamp)
            throws IOException {
        NtsResponder.Response response =
                ntsResponder.respond(requestBytes, request, nts, reply(request, receiveTimestamp), receiveTimestamp);
        if (response.answer()) {
            ntsAnswered.incrementAndGet();
            sendCounted(response.datagram(), to, answered);
        } else {
            sendCounted(response.datagram(), to, ntsNaksSent);
        }
    }

    /** Counts before sending, so that whoever got the reply already sees it counted. */
    private void sendCounted(ByteBuffer out, InetSocketAddress to, AtomicLong counter) throws IOException {
        counter.incrementAndGet();
        try {
            channel.send(out, to);
        } catch (IOException | RuntimeException e) {
            counter.decrementAndGet();
            throw e;
        }
    }

    private enum Admission {
        ANSWER,
        KISS,
        DROP
    }

    /** A token bucket per client address; refilled at the rate limit, holding at most the burst. */
    private static final class Bucket {
        double tokens;
        long lastNanos;
        long lastKissNanos = Long.MIN_VALUE;
    }

    private Admission admit(InetAddress client, long ntpNow) {
        if (config.rateLimitPerSecond() == 0) {
            return Admission.ANSWER;
        }
        long nowNanos = NtpTimestamp.toUnixNanos(ntpNow);
        if (buckets.size() >= MAX_TRACKED_CLIENTS && !buckets.containsKey(client)) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> {
            Bucket fresh = new Bucket();
            fresh.tokens = config.burst();
            fresh.lastNanos = nowNanos;
            return fresh;
        });
        double elapsedSeconds = Math.max(0, nowNanos - bucket.lastNanos) / 1e9;
        bucket.tokens = Math.min(config.burst(), bucket.tokens + elapsedSeconds * config.rateLimitPerSecond());
        bucket.lastNanos = nowNanos;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Admission.ANSWER;
        }
        if (bucket.lastKissNanos == Long.MIN_VALUE || nowNanos - bucket.lastKissNanos >= 1_000_000_000L) {
            bucket.lastKissNanos = nowNanos;
            return Admission.KISS;
        }
        return Admission.DROP;
    }

    /** Blocks until the server stops (it stops only when closed). */
    public void join() throws InterruptedException {
        thread.join();
    }

    @Override
    public void close() throws IOException {
        open = false;
        channel.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
