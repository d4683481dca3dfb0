package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A member's connections: it listens for peers, keeps one {@link PeerLink} to each peer, and chooses the
 * connection each frame leaves on.
 *
 * <p>One connection per pair carries both directions: the one the member with the lower id opened (answers then
 * ride on the TCP acknowledgements of requests, and there are half as many busy sockets). So the higher member
 * of a pair writes on the authenticated connection its peer opened to it, and falls back to its own
 * {@link PeerLink} while that one is down. Each connection's pipeline is the framing of {@link Frames}, then a
 * handshake half ({@link AcceptorHandshake} or {@link ConnectorHandshake}), replaced by a {@link DataHandler} once
 * the peer is proved.
 */
final class Connections {

    private final ClusterConfig config;
    private final NodeId self;
    private final Handshake handshake;
    private final HostedNodes hosting;
    private final ConnectionErrors errors;
    private final Map<NodeId, PeerLink> links = new LinkedHashMap<>();
    /** Every accepted connection, authenticated or not, so that close and tests can end them. */
    private final List<Channel> inbound = new CopyOnWriteArrayList<>();
    /** Authenticated connections that peers opened to this member, by peer. */
    private final Map<NodeId, Channel> inboundByPeer = new ConcurrentHashMap<>();
    /** Accepted connections whose peer has not proved itself yet; at most {@link Limits#maxPending()}. */
    private final java.util.Set<Channel> unauthenticated = ConcurrentHashMap.newKeySet();

    private final Limits limits;
    /** Mutual TLS under the handshake, or null for security: shared-secret. */
    private final TlsContexts tls;

    private volatile Channel server;
    private volatile boolean closed;

    Connections(
            ClusterConfig config,
            Handshake handshake,
            HostedNodes hosting,
            ConnectionErrors errors,
            Limits limits,
            TlsContexts tls) {
        this.limits = limits;
        this.tls = tls;
        this.config = config;
        this.self = handshake.self();
        this.handshake = handshake;
        this.hosting = hosting;
        this.errors = errors;
        java.net.InetSocketAddress source = loopbackSource(config.requireMember(self));
        for (NodeId peer : handshake.members()) {
            if (!peer.equals(self)) {
                links.put(peer, new PeerLink(peer, config.requireMember(peer), source, hosting.linkLoop(), this));
            }
        }
    }

    /**
     * A member whose own host is a loopback address other than 127.0.0.1 connects from it (any port): members on
     * one machine then send from addresses of their own, which {@code synchrony cluster --nemesis partition} cuts
     * apart with packet filters. Any other host (a name, a machine's address) leaves the choice to the system.
     */
    static java.net.InetSocketAddress loopbackSource(ClusterConfig.MemberConfig me) {
        try {
            java.net.InetAddress own = java.net.InetAddress.getByName(me.host());
            if (own.isLoopbackAddress() && !own.equals(java.net.InetAddress.getLoopbackAddress())) {
                return new java.net.InetSocketAddress(own, 0);
            }
        } catch (java.net.UnknownHostException e) {
            // an unresolvable host fails at listen, with its own message
        }
        return null;
    }

    ConnectionErrors errors() {
        return errors;
    }

    /** Whether peers prove who they are with certificates (mutual TLS) rather than the shared secret. */
    boolean certificates() {
        return tls != null;
    }

    long handshakeTimeoutMillis() {
        return limits.handshakeTimeoutMillis();
    }

    boolean isClosed() {
        return closed;
    }

    /** Binds the member's address and starts connecting to every peer. */
    void listen() throws InterruptedException {
        ClusterConfig.MemberConfig me = config.requireMember(self);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(hosting.ioGroup(), hosting.ioGroup())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        initInbound(channel);
                    }
                });
        ChannelFuture bound =
                bootstrap.bind(new InetSocketAddress(me.host(), me.port())).await();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + me.host() + ":" + me.port() + ": "
                    + bound.cause().getMessage());
        }
        server = bound.channel();
        links.values().forEach(PeerLink::connect);
    }

    /**
     * How long a peer has to authenticate, and how many accepted connections may wait to: each waiting one holds
     * buffers, so a flood of connections that never authenticate must not grow without bound.
     */
    record Limits(long handshakeTimeoutMillis, int maxPending) {
        static final Limits DEFAULT = new Limits(5_000, 64);

        Limits {
            if (handshakeTimeoutMillis <= 0) {
                throw new IllegalArgumentException(
                        "handshake timeout must be positive, got " + handshakeTimeoutMillis + " ms");
            }
            if (maxPending < 1) {
                throw new IllegalArgumentException("max pending connections must be at least 1, got " + maxPending);
            }
        }
    }

    /** The pipeline of an accepted connection; tests drive it on an {@code EmbeddedChannel}. */
    void initInbound(Channel channel) {
        if (unauthenticated.size() >= limits.maxPending()) {
            errors.counters().refused.incrementAndGet();
            errors.log()
                    .refusal("refused connection from " + channel.remoteAddress() + ": " + unauthenticated.size()
                            + " connections are already waiting to authenticate");
            channel.close();
            return;
        }
        unauthenticated.add(channel);
        inbound.add(channel);
        channel.closeFuture().addListener(f -> {
            inbound.remove(channel);
            unauthenticated.remove(channel);
        });
        if (tls != null) {
            channel.pipeline().addLast("tls", tls.acceptor(channel.alloc(), limits.handshakeTimeoutMillis()));
        }
        Frames.install(channel.pipeline(), config.maxFrameBytes())
                .addLast("handshake", new AcceptorHandshake(handshake, this, limits.handshakeTimeoutMillis()));
    }

    void initOutbound(Channel channel, PeerLink link) {
        if (tls != null) {
            channel.pipeline()
                    .addLast(
                            "tls",
                            tls.connector(
                                    channel.alloc(),
                                    link.address().host(),
                                    link.address().port(),
                                    limits.handshakeTimeoutMillis()));
        }
        Frames.install(channel.pipeline(), config.maxFrameBytes())
                .addLast("handshake", new ConnectorHandshake(handshake, this, link));
    }

    DataHandler dataHandler(NodeId peer, Supplier<String> where) {
        return new DataHandler(peer, hosting, errors, where);
    }

    /**
     * {@code peer} proved the secret on a connection it opened: this member may now write to it there, unless
     * another connection authenticated as {@code peer} is still open. Then the newcomer is refused and this
     * returns that live connection: the secret proves membership, not identity, so a second claim of a live
     * member's id is an impostor (or a restarted incarnation whose old connection has not closed yet; it retries
     * with backoff and gets in once the old connection is gone). Null when admitted.
     */
    Channel admit(NodeId peer, Channel channel) {
        Channel live = inboundByPeer.compute(
                peer,
                (id, existing) -> existing != null && existing != channel && existing.isActive() ? existing : channel);
        if (live != channel) {
            return live;
        }
        unauthenticated.remove(channel);
        Frames.authenticated(channel.pipeline());
        channel.closeFuture().addListener(f -> inboundByPeer.remove(peer, channel));
        return null;
    }

    boolean allLinksUp() {
        return links.values().stream().allMatch(PeerLink::isOpen);
    }

    List<NodeId> connectedPeers() {
        return links.values().stream()
                .filter(PeerLink::isOpen)
                .map(PeerLink::peer)
                .toList();
    }

    /** Whether a frame for {@code to} could leave now or later: a peer, and the member not closing. */
    boolean reaches(NodeId to) {
        return links.containsKey(to) && !closed;
    }

    /** Sends an encoded frame to {@code to} on the pair's connection; false when it was dropped. */
    boolean send(NodeId to, ByteBuf frame, NodeHost sender) {
        PeerLink link = links.get(to);
        if (link == null || closed) {
            frame.release();
            return false;
        }
        if (self.compareTo(to) > 0) {
            // The pair shares the connection the lower member opened: replies ride on its ACKs, half the sockets.
            Channel shared = inboundByPeer.get(to);
            if (shared != null && shared.isActive()) {
                write(shared, frame, sender);
                return true;
            }
        }
        return link.send(frame, sender);
    }

    /** Writes on the channel; flushed when the sender's handler returns if it runs on the channel's loop. */
    void write(Channel channel, ByteBuf frame, NodeHost sender) {
        errors.counters().framesSent.incrementAndGet();
        if (sender != null) {
            sender.metrics().frame(true, frame.readableBytes() + Frames.LENGTH_PREFIX_BYTES);
        }
        if (sender != null && sender.batching() && channel.eventLoop().inEventLoop()) {
            channel.write(frame, channel.voidPromise());
            sender.flushLater(channel);
        } else {
            channel.writeAndFlush(frame, channel.voidPromise());
        }
    }

    /** Closes every connection now without stopping (tests of reconnection); the links re-open by themselves. */
    void dropAll() {
        inbound.forEach(Channel::close);
        links.values().forEach(PeerLink::drop);
    }

    /** Stops listening and closes every connection for good. */
    void close() {
        closed = true;
        if (server != null) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        links.values().forEach(PeerLink::close);
        inbound.forEach(Channel::close);
    }

    /** Marks the connections closing before the nodes stop, so nothing new is sent or re-opened. */
    void markClosing() {
        closed = true;
    }
}
