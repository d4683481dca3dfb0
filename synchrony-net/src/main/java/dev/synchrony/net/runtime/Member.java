package dev.synchrony.net.runtime;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.clock.SoftwareClock;
import dev.synchrony.net.codec.CodecException;
import dev.synchrony.net.codec.WireCodec;
import dev.synchrony.net.metrics.RuntimeMetrics;
import dev.synchrony.net.config.ClusterConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.TooLongFrameException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member process of a cluster: it listens on its configured address, keeps an authenticated TCP link to
 * every other member, and hosts one {@link NodeHost} per service, each on its own event loop.
 *
 * <p>Links: a member opens one connection to each peer. Both directions of a pair use the connection that the
 * member with the lower id opened (so answers ride on the TCP acknowledgements of requests); the higher member
 * falls back to its own connection while that one is down. Frames are length-prefixed (4 bytes) and at most
 * {@link ClusterConfig#maxFrameBytes()} long. A connection starts with the HMAC handshake of {@link Handshake};
 * until it completes, nothing else is accepted. A peer that cannot prove membership is refused and logged; a
 * malformed or oversized frame closes that one connection with a logged reason, and the member keeps serving
 * the others. A dropped outgoing link is re-opened with exponential backoff (from {@value #BACKOFF_MIN_MILLIS} ms,
 * doubling to at most {@value #BACKOFF_MAX_MILLIS} ms, with jitter); while it is down, up to
 * {@value #QUEUE_LIMIT} frames wait for it and later ones are dropped (counted). Frames written to a connection
 * that then dies may be lost: reliable delivery is the job of the link layer stacked under an algorithm.
 */
public final class Member implements AutoCloseable {

    static final long BACKOFF_MIN_MILLIS = 50;
    static final long BACKOFF_MAX_MILLIS = 2_000;
    static final int QUEUE_LIMIT = 16_384;
    static final long HANDSHAKE_TIMEOUT_MILLIS = 5_000;

    /** A service to host: a name, a node per member id, and the codec of its messages. */
    public record Service(String name, Function<NodeId, Node<?, ?, ?>> factory, WireCodec codec) {
        public Service {
            Objects.requireNonNull(name);
            Objects.requireNonNull(factory);
            Objects.requireNonNull(codec);
        }
    }

    private final ClusterConfig config;
    private final NodeId self;
    private final List<NodeId> memberIds;
    private final Handshake handshake;
    private final long fingerprint;
    private final EventLoopGroup group;
    private final List<NodeHost> hosts = new ArrayList<>();
    private final Map<String, NodeHost> hostsByName = new LinkedHashMap<>();
    private final Map<NodeId, PeerLink> links = new LinkedHashMap<>();
    private final List<Channel> inbound = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Authenticated connections that peers opened to this member, by peer. */
    private final Map<NodeId, Channel> inboundByPeer = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(Member.class);
    private final RuntimeMetrics metrics;
    private final List<TraceSink> traces = new ArrayList<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong badFrames = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private volatile Channel server;
    private volatile boolean closed;

    private Member(Builder builder) {
        this.config = builder.config;
        this.self = builder.self;
        config.requireMember(self);
        this.memberIds = config.memberIds();
        this.handshake = new Handshake(config.secret(), config.cluster());
        this.metrics = builder.metrics;
        this.group = new MultiThreadIoEventLoopGroup(Math.max(1, builder.services.size()), runnable -> {
            Thread thread = new Thread(runnable, "synchrony-" + self + "-loop");
            thread.setDaemon(true);
            return thread;
        }, NioIoHandler.newFactory());
        long print = config.cluster().hashCode();
        for (int i = 0; i < builder.services.size(); i++) {
            Service service = builder.services.get(i);
            print = print * 31 + service.name().hashCode();
            print = print * 31 + service.codec().fingerprint();
            EventLoop loop = group.next();
            TraceSink trace = null;
            if (builder.traceDirectory != null) {
                String file = builder.services.size() == 1 ? self + ".jsonl" : self + "-" + service.name() + ".jsonl";
                trace = new TraceSink(builder.traceDirectory.resolve(file), service.codec());
                traces.add(trace);
            }
            Node<?, ?, ?> node = service.factory().apply(self);
            NodeHost host = new NodeHost(this, service.name(), i, node, service.codec(), loop, builder.clock,
                    config.seed(), trace);
            hosts.add(host);
            hostsByName.put(service.name(), host);
        }
        this.fingerprint = print;
        for (NodeId peer : memberIds) {
            if (!peer.equals(self)) {
                links.put(peer, new PeerLink(peer));
            }
        }
    }

    public static Builder builder(ClusterConfig config, NodeId self) {
        return new Builder(config, self);
    }

    /** Options of a member; {@link #build()} makes it (not yet listening). */
    public static final class Builder {
        private final ClusterConfig config;
        private final NodeId self;
        private final List<Service> services = new ArrayList<>();
        private SoftwareClock clock = SoftwareClock.system();
        private RuntimeMetrics metrics = RuntimeMetrics.NONE;
        private Path traceDirectory;

        private Builder(ClusterConfig config, NodeId self) {
            this.config = Objects.requireNonNull(config);
            this.self = Objects.requireNonNull(self);
        }

        public Builder service(Service service) {
            if (services.stream().anyMatch(s -> s.name().equals(service.name()))) {
                throw new IllegalArgumentException("two services named " + service.name());
            }
            services.add(service);
            return this;
        }

        /** A service whose messages are {@code messageRoot} (a sealed interface of records). */
        public Builder service(String name, Function<NodeId, Node<?, ?, ?>> factory, Class<?> messageRoot) {
            return service(new Service(name, factory, WireCodec.of(messageRoot)));
        }

        public Builder clock(SoftwareClock newClock) {
            this.clock = Objects.requireNonNull(newClock);
            return this;
        }

        /** Where the member counts messages, retransmissions and frames (default: nowhere). */
        public Builder metrics(RuntimeMetrics newMetrics) {
            this.metrics = Objects.requireNonNull(newMetrics);
            return this;
        }

        /** Write each hosted node's trace as JSON lines into {@code directory}. */
        public Builder traceDirectory(Path directory) {
            this.traceDirectory = directory;
            return this;
        }

        public Member build() {
            if (services.isEmpty()) {
                throw new IllegalArgumentException("a member needs at least one service");
            }
            return new Member(this);
        }
    }

    public NodeId self() {
        return self;
    }

    public List<NodeId> memberIds() {
        return memberIds;
    }

    public ClusterConfig config() {
        return config;
    }

    public NodeHost host(String service) {
        NodeHost host = hostsByName.get(service);
        if (host == null) {
            throw new IllegalArgumentException("no service named '" + service + "' (services: "
                    + String.join(", ", hostsByName.keySet()) + ")");
        }
        return host;
    }

    public List<NodeHost> hosts() {
        return List.copyOf(hosts);
    }

    /** One line about the member's links and connections, through SLF4J (logger {@code dev.synchrony.net.runtime.Member}). */
    void log(String line) {
        LOG.info("{}: {}", self, line);
    }

    /** One line about something that went wrong in a hosted node (it keeps serving). */
    void warn(String line) {
        LOG.warn("{}: {}", self, line);
    }

    /** Where this member counts (never null: {@link RuntimeMetrics#NONE} by default). */
    public RuntimeMetrics metrics() {
        return metrics;
    }

    /** Connections refused because the peer could not prove membership. */
    public long refusedConnections() {
        return refused.get();
    }

    /** Connections closed because of a malformed or oversized frame. */
    public long badFrames() {
        return badFrames.get();
    }

    /** Frames dropped because a link was down and its queue full. */
    public long droppedFrames() {
        return dropped.get();
    }

    public long framesSent() {
        return framesSent.get();
    }

    public long framesReceived() {
        return framesReceived.get();
    }

    /** Listens on the member's address and starts connecting to the peers. Does not start the nodes. */
    public Member listen() throws InterruptedException {
        ClusterConfig.MemberConfig me = config.requireMember(self);
        // One service: its connections share its loop, so a frame reaches the node without a thread hop.
        EventLoopGroup io = hosts.size() == 1 ? hosts.get(0).loop() : group;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(io, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        initInbound(channel);
                    }
                });
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(me.host(), me.port())).await();
        if (!bound.isSuccess()) {
            close();
            throw new IllegalStateException("cannot listen on " + me.host() + ":" + me.port() + ": "
                    + bound.cause().getMessage());
        }
        server = bound.channel();
        links.values().forEach(PeerLink::connect);
        return this;
    }

    /** The pipeline of an accepted connection; tests drive it on an {@code EmbeddedChannel}. */
    void initInbound(Channel channel) {
        framing(channel.pipeline()).addLast("inbound", new InboundHandler());
    }

    private ChannelPipeline framing(ChannelPipeline pipeline) {
        return pipeline
                .addLast("frames", new LengthFieldBasedFrameDecoder(config.maxFrameBytes(), 0,
                        Frames.LENGTH_PREFIX_BYTES, 0, Frames.LENGTH_PREFIX_BYTES))
                .addLast("prefix", new LengthFieldPrepender(Frames.LENGTH_PREFIX_BYTES));
    }

    /** Whether every outgoing link has completed its handshake. */
    public boolean allLinksUp() {
        return links.values().stream().allMatch(PeerLink::isOpen);
    }

    /** Waits until every outgoing link is authenticated; false on timeout. */
    public boolean awaitLinks(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allLinksUp()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** The peers whose outgoing link is up now. */
    public List<NodeId> connectedPeers() {
        return links.values().stream().filter(PeerLink::isOpen).map(l -> l.peer).toList();
    }

    /** Starts every hosted node ({@code onStart}); messages that came earlier are handed over right after. */
    public void startNodes() {
        hosts.forEach(NodeHost::start);
    }

    /** Called by a host on its loop: encode and hand to the link. False when the frame was dropped. */
    boolean send(NodeId to, int serviceIndex, long lamport, long messageId, Object message, WireCodec codec,
                 NodeHost sender) {
        PeerLink link = links.get(to);
        if (link == null || closed) {
            return false;
        }
        ByteBuf frame = Frames.start(io.netty.buffer.PooledByteBufAllocator.DEFAULT, Frames.DATA);
        try {
            WireCodec.writeVarint(frame, serviceIndex);
            frame.writeLong(lamport);
            frame.writeLong(messageId);
            codec.write(frame, message);
        } catch (RuntimeException e) {
            frame.release();
            throw new CodecException("cannot encode " + message + " for " + to + ": " + e.getMessage(), e);
        }
        if (frame.readableBytes() + Frames.LENGTH_PREFIX_BYTES > config.maxFrameBytes()) {
            frame.release();
            throw new CodecException("message " + message.getClass().getSimpleName() + " is "
                    + frame.readableBytes() + " bytes, over the frame limit of " + config.maxFrameBytes());
        }
        metrics.frame(true, frame.readableBytes() + Frames.LENGTH_PREFIX_BYTES);
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
    private void write(Channel channel, ByteBuf frame, NodeHost sender) {
        framesSent.incrementAndGet();
        if (sender != null && sender.batching() && channel.eventLoop().inEventLoop()) {
            channel.write(frame, channel.voidPromise());
            sender.flushLater(channel);
        } else {
            channel.writeAndFlush(frame, channel.voidPromise());
        }
    }

    /** Closes every connection now without stopping (tests of reconnection); the links re-open by themselves. */
    void dropConnections() {
        inbound.forEach(Channel::close);
        links.values().forEach(link -> link.loop.execute(() -> {
            if (link.channel != null) {
                link.channel.close();
            }
        }));
    }

    /** Stops the nodes, closes every connection and the event loops; flushes the traces. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NodeHost host : hosts) {
            try {
                host.stop().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log("could not stop " + host + " cleanly: " + e);
            }
        }
        if (server != null) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        links.values().forEach(PeerLink::close);
        inbound.forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        traces.forEach(TraceSink::close);
    }

    /** Flushes the traces (they are flushed on close too). */
    public void flushTraces() {
        traces.forEach(TraceSink::flush);
    }

    /** A DATA frame from an authenticated peer, on either connection of the pair: decode, hand to the node. */
    private void dataFrame(NodeId from, ByteBuf frame) {
        metrics.frame(false, frame.readableBytes() + Frames.LENGTH_PREFIX_BYTES);
        int serviceIndex = WireCodec.readVarint(frame, "service index");
        if (serviceIndex >= hosts.size()) {
            throw new CodecException("unknown service index " + serviceIndex);
        }
        long lamport = Frames.readLong(frame, "Lamport time");
        long messageId = Frames.readLong(frame, "message id");
        NodeHost host = hosts.get(serviceIndex);
        Object message = host.codec().readAll(frame);
        framesReceived.incrementAndGet();
        host.receive(from, lamport, messageId, message);
    }

    /** Hosts on this thread's loop hold their flushes; true if any does (then {@link #releaseFlushes} once). */
    private boolean holdFlushes() {
        boolean any = false;
        for (NodeHost host : hosts) {
            if (host.loop().inEventLoop()) {
                host.holdFlushes();
                any = true;
            }
        }
        return any;
    }

    /** Ends a {@link #holdFlushes()} on the same loop: each host flushes what its handlers wrote meanwhile. */
    private void releaseFlushes() {
        for (NodeHost host : hosts) {
            if (host.loop().inEventLoop()) {
                host.releaseFlushes();
            }
        }
    }

    private String describe(Channel channel, NodeId claimed) {
        return String.valueOf(channel.remoteAddress()) + (claimed == null ? "" : " (claims " + claimed + ")");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inbound connections: the server side of the handshake, then data frames for the hosted nodes.

    private final class InboundHandler extends SimpleChannelInboundHandler<ByteBuf> {
        /** Flushes held since the first data frame of the current read burst (released when it completes). */
        private boolean holding;
        private NodeId peer;
        private byte[] clientNonce;
        private byte[] serverNonce;
        private boolean open;
        private io.netty.util.concurrent.ScheduledFuture<?> timeout;

        @Override
        public void channelActive(ChannelHandlerContext context) {
            inbound.add(context.channel());
            timeout = context.executor().schedule(() -> {
                if (!open) {
                    refuse(context, "no handshake within " + HANDSHAKE_TIMEOUT_MILLIS + " ms");
                }
            }, HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            context.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (holding) {
                holding = false;
                releaseFlushes();
            }
            inbound.remove(context.channel());
            if (peer != null) {
                inboundByPeer.remove(peer, context.channel());
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
            int kind;
            try {
                kind = Frames.readKind(frame);
                if (open) {
                    if (kind != Frames.DATA) {
                        throw new CodecException("unexpected frame kind " + kind + " after the handshake");
                    }
                    data(frame);
                    return;
                }
                switch (kind) {
                    case Frames.HELLO -> hello(context, frame);
                    case Frames.PROOF -> proof(context, frame);
                    default -> refuse(context, "frame kind " + kind + " before the handshake completed");
                }
            } catch (CodecException e) {
                badFrames.incrementAndGet();
                log("closing connection from " + describe(context.channel(), peer) + ": malformed frame: "
                        + e.getMessage());
                context.close();
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
                refuse(context, "bad member id '" + from + "'");
                return;
            }
            peer = claimed;
            if (!cluster.equals(config.cluster())) {
                refuse(context, "it belongs to cluster '" + cluster + "', not '" + config.cluster() + "'");
            } else if (!memberIds.contains(claimed) || claimed.equals(self)) {
                refuse(context, claimed + " is not another member of the cluster");
            } else if (!to.equals(self.name())) {
                refuse(context, "it wanted member " + to);
            } else if (theirPrint != fingerprint) {
                refuse(context, "its protocols differ from ours (fingerprint " + Long.toHexString(theirPrint)
                        + " vs " + Long.toHexString(fingerprint) + "): a different build or service list");
            } else {
                serverNonce = Handshake.nonce();
                ByteBuf challenge = Frames.start(context.alloc(), Frames.CHALLENGE);
                challenge.writeBytes(serverNonce);
                challenge.writeBytes(handshake.serverProof(from, to, clientNonce, serverNonce, fingerprint));
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
            byte[] expected = handshake.clientProof(peer.name(), self.name(), clientNonce, serverNonce, fingerprint);
            if (!Handshake.matches(expected, given)) {
                refuse(context, "its proof does not match the cluster secret");
                return;
            }
            open = true;
            timeout.cancel(false);
            context.writeAndFlush(Frames.start(context.alloc(), Frames.WELCOME));
            inboundByPeer.put(peer, context.channel());
        }

        private void refuse(ChannelHandlerContext context, String why) {
            refused.incrementAndGet();
            log("refused connection from " + describe(context.channel(), peer) + ": " + why);
            context.close();
        }

        private void data(ByteBuf frame) {
            if (!holding) {
                holding = holdFlushes();
            }
            dataFrame(peer, frame);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            if (holding) {
                holding = false;
                releaseFlushes();
            }
            context.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                    ? cause.getCause() : cause;
            if (root instanceof TooLongFrameException || root instanceof io.netty.handler.codec.CorruptedFrameException) {
                badFrames.incrementAndGet();
                log("closing connection from " + describe(context.channel(), peer) + ": " + root.getMessage()
                        + " (limit " + config.maxFrameBytes() + " bytes)");
            } else if (!(root instanceof java.io.IOException)) {
                log("closing connection from " + describe(context.channel(), peer) + ": " + root);
            }
            context.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Outbound links: the client side of the handshake, a bounded queue, reconnection with backoff.

    private final class PeerLink {
        private final NodeId peer;
        private final ClusterConfig.MemberConfig address;
        private final EventLoop loop;
        private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
        private Channel channel;
        private volatile boolean open;
        private long backoffMillis = BACKOFF_MIN_MILLIS;
        private boolean everOpen;

        PeerLink(NodeId peer) {
            this.peer = peer;
            this.address = config.requireMember(peer);
            this.loop = hosts.size() == 1 ? hosts.get(0).loop() : group.next();
        }

        boolean isOpen() {
            return open;
        }

        void connect() {
            if (closed) {
                return;
            }
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            framing(ch.pipeline()).addLast("outbound", new OutboundHandler(PeerLink.this));
                        }
                    });
            bootstrap.connect(address.host(), address.port()).addListener((ChannelFuture future) -> {
                if (!future.isSuccess()) {
                    retry();
                    return;
                }
                channel = future.channel();
                channel.closeFuture().addListener(f -> onClosed());
            });
        }

        private void retry() {
            if (closed) {
                return;
            }
            long delay = backoffMillis + ThreadLocalRandom.current().nextLong(backoffMillis / 2 + 1);
            backoffMillis = Math.min(BACKOFF_MAX_MILLIS, backoffMillis * 2);
            loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }

        private void onClosed() {
            boolean wasOpen = open;
            open = false;
            channel = null;
            if (wasOpen && !closed) {
                log("link to " + peer + " lost; reconnecting");
            }
            retry();
        }

        void opened(Channel ready) {
            open = true;
            backoffMillis = BACKOFF_MIN_MILLIS;
            if (everOpen) {
                log("link to " + peer + " re-established");
            }
            everOpen = true;
            while (!queue.isEmpty()) {
                ready.write(queue.poll(), ready.voidPromise());
                framesSent.incrementAndGet();
            }
            ready.flush();
        }

        boolean send(ByteBuf frame, NodeHost sender) {
            if (loop.inEventLoop()) {
                return sendOnLoop(frame, sender);
            }
            loop.execute(() -> sendOnLoop(frame, null));
            return true;
        }

        private boolean sendOnLoop(ByteBuf frame, NodeHost sender) {
            if (closed) {
                frame.release();
                return false;
            }
            if (open && channel != null) {
                write(channel, frame, sender);
                return true;
            }
            if (queue.size() >= QUEUE_LIMIT) {
                frame.release();
                dropped.incrementAndGet();
                return false;
            }
            queue.add(frame);
            return true;
        }

        void close() {
            loop.execute(() -> {
                if (channel != null) {
                    channel.close();
                }
                queue.forEach(ByteBuf::release);
                queue.clear();
            });
        }
    }

    private final class OutboundHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final PeerLink link;
        /** Flushes held since the first data frame of the current read burst (released when it completes). */
        private boolean holding;
        private byte[] clientNonce;
        private boolean challenged;

        OutboundHandler(PeerLink link) {
            this.link = link;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            clientNonce = Handshake.nonce();
            ByteBuf hello = Frames.start(context.alloc(), Frames.HELLO);
            Frames.writeString(hello, config.cluster());
            Frames.writeString(hello, self.name());
            Frames.writeString(hello, link.peer.name());
            hello.writeBytes(clientNonce);
            hello.writeLong(fingerprint);
            context.writeAndFlush(hello);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
            try {
                int kind = Frames.readKind(frame);
                if (kind == Frames.CHALLENGE && !challenged) {
                    challenged = true;
                    byte[] serverNonce = Frames.readBytes(frame, Frames.NONCE_BYTES, "nonce");
                    byte[] proof = Frames.readBytes(frame, Handshake.proofBytes(), "proof");
                    Frames.requireEnd(frame, "CHALLENGE");
                    byte[] expected = handshake.serverProof(self.name(), link.peer.name(), clientNonce, serverNonce,
                            fingerprint);
                    if (!Handshake.matches(expected, proof)) {
                        refused.incrementAndGet();
                        log("refused " + link.peer + " at " + context.channel().remoteAddress()
                                + ": its proof does not match the cluster secret");
                        context.close();
                        return;
                    }
                    ByteBuf answer = Frames.start(context.alloc(), Frames.PROOF);
                    answer.writeBytes(handshake.clientProof(self.name(), link.peer.name(), clientNonce, serverNonce,
                            fingerprint));
                    context.writeAndFlush(answer);
                } else if (kind == Frames.WELCOME && challenged && !link.isOpen()) {
                    Frames.requireEnd(frame, "WELCOME");
                    link.opened(context.channel());
                } else if (kind == Frames.DATA && link.isOpen()) {
                    if (!holding) {
                        holding = holdFlushes();
                    }
                    dataFrame(link.peer, frame);
                } else {
                    throw new CodecException("unexpected frame kind " + kind + " from the server side");
                }
            } catch (CodecException e) {
                badFrames.incrementAndGet();
                log("closing link to " + link.peer + ": malformed frame: " + e.getMessage());
                context.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (holding) {
                holding = false;
                releaseFlushes();
            }
            context.fireChannelInactive();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            if (holding) {
                holding = false;
                releaseFlushes();
            }
            context.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            if (!(cause instanceof java.io.IOException)) {
                log("closing link to " + link.peer + ": " + cause);
            }
            context.close();
        }
    }
}
