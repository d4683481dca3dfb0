package dev.synchrony.net.runtime;

import dev.synchrony.net.codec.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A hand-driven peer on a plain socket (loopback), for tests that play a client the member must judge: it
 * speaks the connecting half of the handshake with whatever secret and identity the test gives it.
 */
final class RawPeer implements AutoCloseable {

    /** What {@link #handshake} ended with. */
    enum Outcome {
        WELCOMED,
        CLOSED_AFTER_HELLO,
        CLOSED_AFTER_PROOF,
        BAD_SERVER_PROOF
    }

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawPeer(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over a socket the test opened (a TLS one, say). */
    RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    void send(int kind, Consumer<ByteBuf> body) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte(WireCodec.FORMAT_VERSION).writeByte(kind);
        body.accept(frame);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    /** Writes one frame (version, kind and body already in {@code frame}) behind its length prefix. */
    void sendRaw(byte[] frame) throws IOException {
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    /** The next frame (version and kind included), or null when the member closed the connection. */
    byte[] readFrame() throws IOException {
        try {
            int length = in.readInt();
            byte[] frame = new byte[length];
            in.readFully(frame);
            return frame;
        } catch (EOFException | SocketTimeoutException | javax.net.ssl.SSLException e) {
            return null;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("reset")) {
                return null;
            }
            throw e;
        }
    }

    /** The connecting half of the handshake, claiming {@code from} and proving {@code secret}. */
    Outcome handshake(String cluster, String secret, String from, String to, long fingerprint) throws IOException {
        return handshake(cluster, secret, from, to, fingerprint, cluster, from);
    }

    /**
     * As {@link #handshake(String, String, String, String, long)}, but the PROOF is computed for
     * {@code proofCluster} and {@code proofFrom} (a proof taken from another handshake, or an altered HELLO).
     */
    Outcome handshake(
            String cluster,
            String secret,
            String from,
            String to,
            long fingerprint,
            String proofCluster,
            String proofFrom)
            throws IOException {
        Handshake proofs =
                new Handshake(secret, cluster, dev.synchrony.core.NodeId.of(to), java.util.List.of(), fingerprint);
        byte[] clientNonce = Handshake.nonce();
        send(Frames.HELLO, hello -> {
            Frames.writeString(hello, cluster);
            Frames.writeString(hello, from);
            Frames.writeString(hello, to);
            hello.writeBytes(clientNonce);
            hello.writeLong(fingerprint);
        });
        byte[] challenge = readFrame();
        if (challenge == null) {
            return Outcome.CLOSED_AFTER_HELLO;
        }
        byte[] serverNonce = Arrays.copyOfRange(challenge, 2, 2 + Frames.NONCE_BYTES);
        byte[] serverProof = Arrays.copyOfRange(challenge, 2 + Frames.NONCE_BYTES, challenge.length);
        if (!Handshake.matches(proofs.serverProof(from, to, clientNonce, serverNonce, fingerprint), serverProof)) {
            return Outcome.BAD_SERVER_PROOF;
        }
        Handshake claimed =
                new Handshake(secret, proofCluster, dev.synchrony.core.NodeId.of(to), java.util.List.of(), fingerprint);
        send(
                Frames.PROOF,
                proof -> proof.writeBytes(claimed.clientProof(proofFrom, to, clientNonce, serverNonce, fingerprint)));
        byte[] welcome = readFrame();
        return welcome != null && welcome[1] == Frames.WELCOME ? Outcome.WELCOMED : Outcome.CLOSED_AFTER_PROOF;
    }

    /** The connecting half under mutual TLS: HELLO claiming {@code from}, then WELCOME or the end. */
    Outcome helloOverTls(String cluster, String from, String to, long fingerprint) throws IOException {
        try {
            send(Frames.HELLO, hello -> {
                Frames.writeString(hello, cluster);
                Frames.writeString(hello, from);
                Frames.writeString(hello, to);
                hello.writeBytes(new byte[Frames.NONCE_BYTES]);
                hello.writeLong(fingerprint);
            });
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            return Outcome.CLOSED_AFTER_HELLO; // refused during the TLS handshake the write started
        }
        byte[] answer = readFrame();
        return answer != null && answer[1] == Frames.WELCOME ? Outcome.WELCOMED : Outcome.CLOSED_AFTER_HELLO;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
