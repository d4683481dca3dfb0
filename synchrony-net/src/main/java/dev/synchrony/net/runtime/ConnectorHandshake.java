package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.codec.CodecException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * The connecting half of the handshake, first handler of the connection a {@link PeerLink} opened: it sends
 * HELLO, checks the peer's proof in CHALLENGE and answers PROOF; on WELCOME it gives its place to a
 * {@link DataHandler} and tells the link it is open. Under mutual TLS it first waits for the TLS handshake and
 * checks that the peer's certificate names the member it meant to reach; no CHALLENGE comes then. A peer whose proof does not match is refused (logged,
 * counted); any other frame before WELCOME closes the connection as malformed. A peer that accepts the connection
 * but does not complete the handshake within the member's handshake timeout (the acceptor's, and the TLS
 * handshake's, setting) is refused too: the link closes the connection and opens another later, instead of
 * waiting on a silent socket forever.
 */
final class ConnectorHandshake extends TimedHandshake {

    private final Handshake handshake;
    private final Connections connections;
    private final PeerLink link;
    private byte[] clientNonce;
    private boolean challenged;
    private boolean refused;
    private boolean welcomed;

    ConnectorHandshake(Handshake handshake, Connections connections, PeerLink link) {
        this.handshake = handshake;
        this.connections = connections;
        this.link = link;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        startDeadline(context, connections.handshakeTimeoutMillis());
        if (!connections.certificates()) {
            hello(context);
        }
        context.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                refuse(context, TlsContexts.reason(done.cause(), connections.handshakeTimeoutMillis()));
                return;
            }
            String named = TlsContexts.certifiedName(context.pipeline()
                    .get(io.netty.handler.ssl.SslHandler.class)
                    .engine()
                    .getSession());
            if (!link.peer().name().equals(named)) {
                refuse(
                        context,
                        "its certificate names " + (named == null ? "no member" : MemberLog.quote(named)) + ", not "
                                + link.peer());
                return;
            }
            hello(context);
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    boolean completed() {
        return welcomed;
    }

    @Override
    void refuse(ChannelHandlerContext context, String why) {
        if (refused) {
            return;
        }
        refused = true;
        connections.errors().counters().refused.incrementAndGet();
        connections
                .errors()
                .log()
                .refusal("refused " + link.peer() + " at " + context.channel().remoteAddress() + ": " + why);
        context.close();
    }

    private void hello(ChannelHandlerContext context) {
        clientNonce = Handshake.nonce();
        ByteBuf hello = Frames.start(context.alloc(), Frames.HELLO);
        Frames.writeString(hello, handshake.cluster());
        Frames.writeString(hello, handshake.self().name());
        Frames.writeString(hello, link.peer().name());
        hello.writeBytes(clientNonce);
        hello.writeLong(handshake.fingerprint());
        context.writeAndFlush(hello);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
        try {
            int kind = Frames.readKind(frame);
            if (kind == Frames.CHALLENGE && !challenged && !connections.certificates()) {
                challenged = true;
                challenge(context, frame);
            } else if (kind == Frames.WELCOME && (challenged || connections.certificates() && clientNonce != null)) {
                Frames.requireEnd(frame, "WELCOME");
                welcomed = true;
                cancelDeadline();
                Frames.authenticated(context.pipeline());
                context.pipeline().replace(this, "data", connections.dataHandler(link.peer(), this::where));
                link.opened(context.channel());
            } else {
                throw new CodecException("unexpected frame kind " + kind + " from the server side");
            }
        } catch (CodecException e) {
            connections.errors().malformed(context, where(), e, false);
        }
    }

    private void challenge(ChannelHandlerContext context, ByteBuf frame) {
        NodeId self = handshake.self();
        byte[] serverNonce = Frames.readBytes(frame, Frames.NONCE_BYTES, "nonce");
        byte[] proof = Frames.readBytes(frame, Handshake.proofBytes(), "proof");
        Frames.requireEnd(frame, "CHALLENGE");
        byte[] expected = handshake.serverProof(
                self.name(), link.peer().name(), clientNonce, serverNonce, handshake.fingerprint());
        if (!Handshake.matches(expected, proof)) {
            refuse(context, "its proof does not match the cluster secret");
            return;
        }
        ByteBuf answer = Frames.start(context.alloc(), Frames.PROOF);
        answer.writeBytes(handshake.clientProof(
                self.name(), link.peer().name(), clientNonce, serverNonce, handshake.fingerprint()));
        context.writeAndFlush(answer);
    }

    private String where() {
        return "link to " + link.peer();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (TlsContexts.tlsFailure(cause) != null) {
            refuse(context, TlsContexts.reason(cause, connections.handshakeTimeoutMillis()));
        } else {
            connections.errors().caught(context, where(), cause, false);
        }
    }
}
