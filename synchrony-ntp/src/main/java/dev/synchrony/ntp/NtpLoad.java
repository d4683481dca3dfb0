package dev.synchrony.ntp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * A bounded NTP load generator: it keeps up to {@code window} requests in flight to one server and counts the
 * replies that come back, until {@code requests} have been sent and answered (or given up on) or the time
 * limit passes. Every request is a valid mode-3 packet with a distinct transmit timestamp; every reply is
 * decoded and must echo one. Answered requests per second is the server's throughput under this load. With a
 * symmetric key every request is signed and only replies whose MAC verifies count, so the cost of the MAC is paid
 * on both sides, as it is by a real client; with NTS every request carries a unique identifier, a cookie and an
 * authenticator, and only replies whose authenticator verifies count.
 */
public final class NtpLoad {

    /** @param answered valid replies received; {@code elapsedNanos} from the first send to the last reply */
    public record Result(long sent, long answered, long kisses, long elapsedNanos) {
        public double answeredPerSecond() {
            return elapsedNanos == 0 ? 0 : answered * 1e9 / elapsedNanos;
        }
    }

    private NtpLoad() {}

    /**
     * @param requests how many requests in all (bounded: at most 10,000,000)
     * @param window how many may be unanswered at once
     * @param timeLimitMillis stop after this long whatever happened
     */
    public static Result run(InetSocketAddress server, long requests, int window, long timeLimitMillis)
            throws IOException {
        return run(server, requests, window, timeLimitMillis, (Protection) null);
    }

    /** How the load's requests are authenticated and its replies checked. */
    public interface Protection {
        /** Appends the authentication of request {@code sequence} after the 48-byte header; returns the length. */
        int protect(byte[] request, long sequence);

        boolean authentic(byte[] reply, int length) throws MalformedPacketException;
    }

    /** RFC 5905 MACs under {@code key}. */
    public static Protection keyed(SymmetricKey key) {
        return new Protection() {
            @Override
            public int protect(byte[] request, long sequence) {
                return key.sign(request, NtpPacket.HEADER_BYTES);
            }

            @Override
            public boolean authentic(byte[] reply, int length) throws MalformedPacketException {
                PacketTrailer trailer = PacketTrailer.parse(reply, length);
                return trailer.keyId(reply) == key.id()
                        && key.verifies(reply, trailer.macOffset(), trailer.digest(reply));
            }
        };
    }

    /** @param protection authenticates every request and checks every reply counted; null for plain NTP */
    public static Result run(
            InetSocketAddress server, long requests, int window, long timeLimitMillis, Protection protection)
            throws IOException {
        if (requests < 1 || requests > 10_000_000 || window < 1 || window > 4_096 || timeLimitMillis < 1) {
            throw new IllegalArgumentException(
                    "requests in 1..10000000, window in 1..4096 and a positive time limit needed");
        }
        try (DatagramChannel channel = DatagramChannel.open();
                Selector selector = Selector.open()) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(new InetSocketAddress(server.getAddress(), 0));
            channel.connect(server);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            byte[] requestBytes = new byte[NtpPacket.MAX_BYTES];
            byte[] replyBytes = new byte[NtpPacket.MAX_BYTES + 4];
            ByteBuffer in = ByteBuffer.wrap(replyBytes);
            long start = System.nanoTime();
            long deadline = start + timeLimitMillis * 1_000_000L;
            long sent = 0;
            long answered = 0;
            long kisses = 0;
            long inFlight = 0;
            long lastReply = start;
            long lastProgress = start;
            while (System.nanoTime() < deadline && (sent < requests || inFlight > 0)) {
                while (sent < requests && inFlight < window) {
                    // The sequence number as the transmit timestamp: distinct, and cheap to check on return.
                    NtpPacket.request(sent + 1).encode(ByteBuffer.wrap(requestBytes));
                    int length =
                            protection == null ? NtpPacket.HEADER_BYTES : protection.protect(requestBytes, sent + 1);
                    if (channel.write(ByteBuffer.wrap(requestBytes, 0, length)) == 0) {
                        break;
                    }
                    sent++;
                    inFlight++;
                }
                if (selector.select(20) == 0) {
                    // Nothing for 20 ms: the rest of the window is lost; forget it and carry on.
                    if (System.nanoTime() - lastProgress > 20_000_000L) {
                        inFlight = 0;
                    }
                    continue;
                }
                selector.selectedKeys().clear();
                while (true) {
                    in.clear();
                    if (channel.receive(in) == null) {
                        break;
                    }
                    in.flip();
                    int length = in.remaining();
                    inFlight = Math.max(0, inFlight - 1);
                    lastProgress = System.nanoTime();
                    try {
                        NtpPacket reply = NtpPacket.decode(in);
                        if (reply.mode() == NtpPacket.MODE_SERVER
                                && reply.originTimestamp() >= 1
                                && reply.originTimestamp() <= sent
                                && (protection == null || protection.authentic(replyBytes, length))) {
                            if (reply.stratum() == 0) {
                                kisses++;
                            } else {
                                answered++;
                                lastReply = lastProgress;
                            }
                        }
                    } catch (MalformedPacketException e) {
                        // Counted as unanswered.
                    }
                }
            }
            return new Result(sent, answered, kisses, lastReply - start);
        }
    }
}
