package dev.synchrony.ntp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An SNTP client (RFC 4330) that takes several samples from one server and trusts the one with the least delay
 * (NTP's clock filter idea: a short round trip leaves little room for asymmetry). All timestamp arithmetic is in
 * 64-bit NTP fixed point ({@link NtpTimestamp}).
 *
 * <p>A reply is rejected, with a message saying why, when it fails RFC 4330's checks (section 5): it is not
 * mode 4 (server), its origin timestamp is not our transmit timestamp (not an answer to this request), its
 * transmit timestamp is zero, it is stratum 0 (a kiss-o'-death if the reference id is a code, otherwise
 * invalid), or its leap indicator says the server is not synchronized. A kiss-o'-death stops the query.
 *
 * <p>With a symmetric key the client signs each request (key id and MAC after the header) and accepts only
 * replies MAC'd under the same key: an unsigned reply, a MAC under another key id, a MAC that does not verify
 * and a crypto-NAK are each noted and the client keeps waiting (any of them may be forged, and a genuine reply
 * may still come); if none passes before the timeout, the last problem is the reason given. NTS
 * ({@link NtsSession}) plugs in the same way, through {@link Protection}.
 */
public final class SntpClient {

    /** One exchange's outcome: a sample, or the reason the reply was rejected or never came. */
    public sealed interface Outcome {
        int index();
    }

    /**
     * A valid sample; offset and delay are signed 32.32 fixed point. {@code wallRoundTripNanos} is the same
     * exchange timed on the monotonic clock around send and receive (server processing included), for comparing
     * with a bare UDP round trip.
     */
    public record Sample(
            int index,
            long t1,
            long t2,
            long t3,
            long t4,
            long offset,
            long delay,
            int stratum,
            String referenceId,
            int leap,
            int version,
            long wallRoundTripNanos)
            implements Outcome {

        public long offsetNanos() {
            return NtpTimestamp.durationToNanos(offset);
        }

        public long delayNanos() {
            return NtpTimestamp.durationToNanos(delay);
        }

        public String format() {
            return "sample " + index + ": offset " + NtpTimestamp.formatSeconds(offset) + " s, delay "
                    + NtpTimestamp.formatSeconds(delay).replaceFirst("^\\+", "") + " s, stratum " + stratum
                    + ", refid " + referenceId;
        }
    }

    /** A reply that failed a check, or no reply in time. */
    public record Rejected(int index, String reason, boolean kiss) implements Outcome {
        public String format() {
            return "sample " + index + ": rejected: " + reason;
        }
    }

    /** The outcomes in order, and the chosen estimate (the valid sample with the least delay). */
    public record Result(List<Outcome> outcomes) {
        public Result {
            outcomes = List.copyOf(outcomes);
        }

        public List<Sample> samples() {
            return outcomes.stream()
                    .filter(Sample.class::isInstance)
                    .map(Sample.class::cast)
                    .toList();
        }

        public Optional<Sample> estimate() {
            Sample best = null;
            for (Sample sample : samples()) {
                if (best == null || sample.delay() < best.delay()) {
                    best = sample;
                }
            }
            return Optional.ofNullable(best);
        }
    }

    /** How requests are authenticated and replies checked: a symmetric key, or an NTS session. */
    public interface Protection {
        /** Appends what authenticates the 48-byte request header in {@code request}; returns the request's length. */
        int protect(byte[] request);

        /** Why this reply is not authentic, or null when it is (and whatever it carries has been taken). */
        String problem(byte[] reply, int length);

        /** Said when no reply came: what may have gone wrong with this kind of authentication. */
        String silenceHint();
    }

    private final WallClock clock;
    private final int timeoutMillis;
    private final Protection protection;

    public SntpClient(WallClock clock, int timeoutMillis) {
        this(clock, timeoutMillis, (Protection) null);
    }

    /** @param key signs requests and must sign replies; null for unauthenticated SNTP */
    public SntpClient(WallClock clock, int timeoutMillis, SymmetricKey key) {
        this(clock, timeoutMillis, key == null ? null : new Keyed(key));
    }

    /** @param protection authenticates requests and replies; null for unauthenticated SNTP */
    public SntpClient(WallClock clock, int timeoutMillis, Protection protection) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("--timeout: must be positive");
        }
        this.clock = clock;
        this.timeoutMillis = timeoutMillis;
        this.protection = protection;
    }

    /**
     * Takes {@code samples} samples from {@code server}, {@code intervalMillis} apart, each waiting at most the
     * timeout. Stops early at a kiss-o'-death.
     */
    public Result query(InetSocketAddress server, int samples, long intervalMillis) throws IOException {
        if (samples < 1 || samples > 100_000) {
            throw new IllegalArgumentException("--samples: " + samples + " is not in 1..100000");
        }
        List<Outcome> outcomes = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(
                new InetSocketAddress(server.getAddress().isLoopbackAddress() ? server.getAddress() : null, 0))) {
            socket.connect(server);
            for (int i = 1; i <= samples; i++) {
                Outcome outcome = exchange(socket, i);
                outcomes.add(outcome);
                if (outcome instanceof Rejected rejected && rejected.kiss()) {
                    break;
                }
                if (intervalMillis > 0 && i < samples) {
                    try {
                        Thread.sleep(intervalMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        return new Result(outcomes);
    }

    private Outcome exchange(DatagramSocket socket, int index) throws IOException {
        byte[] receiveBuffer = new byte[NtpPacket.MAX_BYTES + 4];
        DatagramPacket reply = new DatagramPacket(receiveBuffer, receiveBuffer.length);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] request = new byte[NtpPacket.MAX_BYTES];
        ByteBuffer.wrap(request).put(NtpPacket.request(0).toBytes());
        long t1 = clock.ntpNow();
        ByteBuffer.wrap(request).putLong(NtpPacket.TRANSMIT_OFFSET, t1);
        int requestLength = protection == null ? NtpPacket.HEADER_BYTES : protection.protect(request);
        long sentAt = System.nanoTime();
        socket.send(new DatagramPacket(request, requestLength));
        String lastProblem = null;
        while (true) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000L;
            if (remainingMillis <= 0) {
                return new Rejected(
                        index,
                        lastProblem != null
                                ? lastProblem
                                : "no reply within " + timeoutMillis + " ms"
                                        + (protection == null ? "" : " (" + protection.silenceHint() + ")"),
                        false);
            }
            socket.setSoTimeout((int) Math.max(1, remainingMillis));
            long t4;
            long roundTrip;
            try {
                reply.setLength(receiveBuffer.length);
                socket.receive(reply);
                t4 = clock.ntpNow();
                roundTrip = System.nanoTime() - sentAt;
            } catch (SocketTimeoutException e) {
                continue;
            } catch (java.net.PortUnreachableException e) {
                return new Rejected(
                        index, "port unreachable: nothing listens at " + socket.getRemoteSocketAddress(), false);
            }
            NtpPacket packet;
            try {
                packet = NtpPacket.decode(receiveBuffer, reply.getLength());
            } catch (MalformedPacketException e) {
                lastProblem = "malformed reply: " + e.getMessage();
                continue;
            }
            if (protection != null) {
                String problem = protection.problem(receiveBuffer, reply.getLength());
                if (problem != null) {
                    lastProblem = problem;
                    continue;
                }
            }
            if (packet.originTimestamp() != t1) {
                // Not an answer to this request (a late reply to an earlier one, or forged): keep waiting.
                lastProblem = "origin timestamp mismatch: the reply's origin "
                        + Long.toHexString(packet.originTimestamp()) + " is not our transmit timestamp "
                        + Long.toHexString(t1) + " (bogus, replayed or late reply)";
                continue;
            }
            return check(index, packet, t1, t4, roundTrip);
        }
    }

    /** RFC 5905 symmetric-key protection with {@code key}. */
    public static Protection symmetricKey(SymmetricKey key) {
        return new Keyed(key);
    }

    /** RFC 5905 symmetric-key authentication: a MAC under our key on the request, the same key's on the reply. */
    record Keyed(SymmetricKey key) implements Protection {
        @Override
        public int protect(byte[] request) {
            return key.sign(request, NtpPacket.HEADER_BYTES);
        }

        @Override
        public String silenceHint() {
            return "with " + key
                    + ": a server that does not hold this key, or holds a different one, drops the request or "
                    + "answers with a crypto-NAK";
        }

        @Override
        public String problem(byte[] bytes, int length) {
            PacketTrailer trailer;
            try {
                trailer = PacketTrailer.parse(bytes, length);
            } catch (MalformedPacketException e) {
                return "malformed reply: " + e.getMessage();
            }
            if (!trailer.hasMac()) {
                return "unsigned reply: the server sent no MAC, but we asked with " + key + " (rejected)";
            }
            if (trailer.isCryptoNak(bytes)) {
                return "crypto-NAK: the server could not verify our request under " + key
                        + " (it does not hold this key id," + " or its key differs)";
            }
            long keyId = trailer.keyId(bytes);
            if (keyId != key.id()) {
                return "reply signed with key id " + keyId + ", not our key id " + key.id() + " (rejected)";
            }
            if (!key.verifies(bytes, trailer.macOffset(), trailer.digest(bytes))) {
                return "bad MAC: the reply does not verify under " + key
                        + " (forged, corrupted, or the server's key differs)";
            }
            return null;
        }
    }

    /** RFC 4330, section 5, applied to a reply that answers our request. */
    static Outcome check(int index, NtpPacket packet, long t1, long t4, long wallRoundTripNanos) {
        if (packet.mode() != NtpPacket.MODE_SERVER) {
            return new Rejected(index, "wrong mode " + packet.mode() + " (a server's reply has mode 4)", false);
        }
        if (packet.stratum() == 0) {
            if (packet.referenceIdIsText()) {
                return new Rejected(
                        index,
                        "kiss-o'-death " + packet.referenceIdText() + " from the server ("
                                + switch (packet.referenceIdText()) {
                                    case "RATE" -> "we ask too often: slow down";
                                    case "DENY", "RSTR" -> "access denied: stop asking this server";
                                    default -> "stop using this server";
                                }
                                + ")",
                        true);
            }
            return new Rejected(
                    index,
                    "stratum 0 without a kiss code (reference id 0x" + Integer.toHexString(packet.referenceId()) + ")",
                    false);
        }
        if (packet.transmitTimestamp() == 0) {
            return new Rejected(index, "zero transmit timestamp", false);
        }
        if (packet.leap() == 3 || packet.stratum() > 15) {
            return new Rejected(
                    index,
                    "the server's clock is not synchronized (leap " + packet.leap() + ", stratum " + packet.stratum()
                            + ")",
                    false);
        }
        long t2 = packet.receiveTimestamp();
        long t3 = packet.transmitTimestamp();
        return new Sample(
                index,
                t1,
                t2,
                t3,
                t4,
                NtpTimestamp.offset(t1, t2, t3, t4),
                NtpTimestamp.delay(t1, t2, t3, t4),
                packet.stratum(),
                packet.referenceIdDisplay(),
                packet.leap(),
                packet.version(),
                wallRoundTripNanos);
    }
}
