package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.codec.CodecException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

/**
 * The accepting half of the handshake, first handler of a connection a peer opened: HELLO is checked (cluster,
 * claimed id, wanted id, fingerprint). With the shared secret it is answered with CHALLENGE, and PROOF is checked
 * and answered with WELCOME; under mutual TLS the claimed id must be the one the peer's certificate names, and
 * WELCOME follows at once. Then this handler gives its place to a {@link DataHandler}. Anything else before that, or no handshake
 * within the timeout, refuses the connection (one line, counted once).
 */
final class AcceptorHandshake extends TimedHandshake {

    private final Handshake handshake;
    private final Connections connections;
    private NodeId peer;
    private byte[] clientNonce;
    private byte[] serverNonce;
    private final long timeoutMillis;
    private boolean open;
    private boolean refused;

    AcceptorHandshake(Handshake handshake, Connections connections, long timeoutMillis) {
        this.handshake = handshake;
        this.connections = connections;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        startDeadline(context, timeoutMillis);
        context.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
        try {
            int kind = Frames.readKind(frame);
            switch (kind) {
                case Frames.HELLO -> hello(context, frame);
                case Frames.PROOF -> proof(context, frame);
                default -> refuse(context, "frame kind " + kind + " before the handshake completed");
            }
        } catch (CodecException e) {
            connections.errors().malformed(context, where(context), e, false);
        }
    }

    private void hello(ChannelHandlerContext context, ByteBuf frame) {
        if (clientNonce != null) {
            refuse(context, "second HELLO");
            return;
        }
        String cluster = Frames.readString(frame, "cluster name");
        String from = Frames.readString(frame, "member id");
        String to = Frames.readString(frame, "member id");
        clientNonce = Frames.readBytes(frame, Frames.NONCE_BYTES, "nonce");
        long theirPrint = Frames.readLong(frame, "fingerprint");
        Frames.requireEnd(frame, "HELLO");
        NodeId claimed;
        try {
            claimed = NodeId.of(from);
        } catch (IllegalArgumentException e) {
            refuse(context, "bad member id " + MemberLog.quote(from));
            return;
        }
        peer = claimed;
        NodeId self = handshake.self();
        if (!cluster.equals(handshake.cluster())) {
            refuse(
                    context,
                    "it belongs to cluster " + MemberLog.quote(cluster) + ", not "
                            + MemberLog.quote(handshake.cluster()));
        } else if (!handshake.members().contains(claimed) || claimed.equals(self)) {
            refuse(context, claimed + " is not another member of the cluster");
        } else if (!to.equals(self.name())) {
            refuse(context, "it wanted member " + MemberLog.quote(to));
        } else if (theirPrint != handshake.fingerprint()) {
            refuse(
                    context,
                    "its protocols differ from ours (fingerprint " + Long.toHexString(theirPrint) + " vs "
                            + Long.toHexString(handshake.fingerprint()) + "): a different build or service list");
        } else if (connections.certificates()) {
            String named = TlsContexts.certifiedName(context.pipeline()
                    .get(io.netty.handler.ssl.SslHandler.class)
                    .engine()
                    .getSession());
            if (!claimed.name().equals(named)) {
                refuse(
                        context,
                        "its certificate names " + (named == null ? "no member" : MemberLog.quote(named)) + ", not "
                                + claimed);
            } else {
                welcome(context);
            }
        } else {
            serverNonce = Handshake.nonce();
            ByteBuf challenge = Frames.start(context.alloc(), Frames.CHALLENGE);
            challenge.writeBytes(serverNonce);
            challenge.writeBytes(handshake.serverProof(from, to, clientNonce, serverNonce, handshake.fingerprint()));
            context.writeAndFlush(challenge);
        }
    }

    private void proof(ChannelHandlerContext context, ByteBuf frame) {
        if (serverNonce == null) {
            refuse(context, "PROOF before HELLO");
            return;
        }
        byte[] given = Frames.readBytes(frame, Handshake.proofBytes(), "proof");
        Frames.requireEnd(frame, "PROOF");
        byte[] expected = handshake.clientProof(
                peer.name(), handshake.self().name(), clientNonce, serverNonce, handshake.fingerprint());
        if (!Handshake.matches(expected, given)) {
            refuse(context, "its proof does not match the cluster secret");
            return;
        }
        welcome(context);
    }

    /** The peer is proved: admit it unless its id is live elsewhere, then WELCOME and hand over to data. */
    private void welcome(ChannelHandlerContext context) {
        Channel live = connections.admit(peer, context.channel());
        if (live != null) {
            refuse(
                    context,
                    peer + " is alive on another authenticated connection (from " + live.remoteAddress()
                            + "): a second claim of its id is refused");
            return;
        }
        open = true;
        cancelDeadline();
        context.pipeline().replace(this, "data", connections.dataHandler(peer, () -> where(context)));
        context.writeAndFlush(Frames.start(context.alloc(), Frames.WELCOME));
    }

    @Override
    boolean completed() {
        return open;
    }

    @Override
    void refuse(ChannelHandlerContext context, String why) {
        if (refused) {
            return;
        }
        refused = true;
        connections.errors().counters().refused.incrementAndGet();
        connections.errors().log().refusal("refused " + where(context) + ": " + why);
        context.close();
    }

    private String where(ChannelHandlerContext context) {
        return "connection from " + context.channel().remoteAddress() + (peer == null ? "" : " (claims " + peer + ")");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent done && !done.isSuccess()) {
            refuse(context, TlsContexts.reason(done.cause(), timeoutMillis));
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (TlsContexts.tlsFailure(cause) != null) {
            refuse(context, TlsContexts.reason(cause, timeoutMillis));
        } else {
            connections.errors().caught(context, where(context), cause, false);
        }
    }
}
