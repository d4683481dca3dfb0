package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * This member's outgoing connection to one peer: opened at {@link Connections#listen}, re-opened after a loss
 * with exponential backoff (from {@value #BACKOFF_MIN_MILLIS} ms, doubling to {@value #BACKOFF_MAX_MILLIS} ms,
 * with jitter so that members restarted together do not retry in step), and a bounded queue of
 * {@value #QUEUE_LIMIT} frames while it is down; later frames are dropped and counted. Its state lives on one
 * event loop ({@link #loop}); {@link #send} from another thread hops there.
 */
final class PeerLink {

    static final long BACKOFF_MIN_MILLIS = 50;
    static final long BACKOFF_MAX_MILLIS = 2_000;
    static final int QUEUE_LIMIT = 16_384;

    private final NodeId peer;
    private final ClusterConfig.MemberConfig address;
    private final EventLoop loop;
    private final Connections connections;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private Channel channel;
    private volatile boolean open;
    private long backoffMillis = BACKOFF_MIN_MILLIS;
    private boolean everOpen;
    /** Whether this outage's first dropped frame was logged (one line per outage, not per frame). */
    private boolean dropLogged;

    /**
     * The address outgoing connections leave from, or null for the system's choice. Members that share one
     * machine on loopback addresses of their own (127.0.0.1, .2, ...) connect from their own address, so a
     * packet filter can tell their traffic apart: on loopback the system would otherwise send every member's
     * packets from 127.0.0.1.
     */
    private final java.net.InetSocketAddress source;

    PeerLink(
            NodeId peer,
            ClusterConfig.MemberConfig address,
            java.net.InetSocketAddress source,
            EventLoop loop,
            Connections connections) {
        this.peer = peer;
        this.address = address;
        this.source = source;
        this.loop = loop;
        this.connections = connections;
    }

    NodeId peer() {
        return peer;
    }

    ClusterConfig.MemberConfig address() {
        return address;
    }

    /** Whether the handshake on the current connection has completed. */
    boolean isOpen() {
        return open;
    }

    void connect() {
        if (connections.isClosed()) {
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
                        connections.initOutbound(ch, PeerLink.this);
                    }
                });
        ChannelFuture connecting = source == null
                ? bootstrap.connect(address.host(), address.port())
                : bootstrap.connect(new java.net.InetSocketAddress(address.host(), address.port()), source);
        connecting.addListener((ChannelFuture future) -> {
            if (!future.isSuccess()) {
                retry();
                return;
            }
            channel = future.channel();
            channel.closeFuture().addListener(f -> onClosed());
        });
    }

    private void retry() {
        if (connections.isClosed()) {
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
        if (wasOpen && !connections.isClosed()) {
            connections.errors().log().info("link to " + peer + " lost; reconnecting");
        }
        retry();
    }

    /** The handshake on {@code ready} completed: send what waited, in order. */
    void opened(Channel ready) {
        open = true;
        dropLogged = false;
        backoffMillis = BACKOFF_MIN_MILLIS;
        if (everOpen) {
            connections.errors().log().info("link to " + peer + " re-established");
        }
        everOpen = true;
        while (!queue.isEmpty()) {
            ready.write(queue.poll(), ready.voidPromise());
            connections.errors().counters().framesSent.incrementAndGet();
        }
        ready.flush();
    }

    /** Writes the frame, or queues it while the link is down; false when it was dropped. */
    boolean send(ByteBuf frame, NodeHost sender) {
        if (loop.inEventLoop()) {
            return sendOnLoop(frame, sender);
        }
        loop.execute(() -> sendOnLoop(frame, null));
        return true;
    }

    private boolean sendOnLoop(ByteBuf frame, NodeHost sender) {
        if (connections.isClosed()) {
            frame.release();
            return false;
        }
        if (open && channel != null) {
            connections.write(channel, frame, sender);
            return true;
        }
        if (queue.size() >= QUEUE_LIMIT) {
            frame.release();
            connections.errors().counters().dropped.incrementAndGet();
            if (!dropLogged) {
                dropLogged = true;
                connections
                        .errors()
                        .log()
                        .info("link to " + peer + " is down and " + QUEUE_LIMIT
                                + " frames wait for it: dropping frames to " + peer + " until it is back");
            }
            return false;
        }
        queue.add(frame);
        return true;
    }

    /** Closes the current connection (it will be re-opened unless the member is closing). */
    void drop() {
        loop.execute(() -> {
            if (channel != null) {
                channel.close();
            }
        });
    }

    /** Closes the connection for good and releases what waited; after the member started closing. */
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
