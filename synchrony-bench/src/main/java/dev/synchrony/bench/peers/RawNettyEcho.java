package dev.synchrony.bench.peers;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a raw Netty round trip over loopback TCP. A client event loop sends a length-prefixed 64-byte
 * frame, a server event loop echoes it, one frame in flight; no codec, no node, no TLS. This is the floor of any
 * request and answer between two event loops of this JVM, so latencies are read as multiples of it.
 */
public final class RawNettyEcho {

    private RawNettyEcho() {}

    /** Round-trip times of {@code roundTrips} echoes after a fifth more as warm-up, stopped at {@code limit}. */
    public static long[] roundTrips(int payloadBytes, int roundTrips, Duration limit) throws Exception {
        EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap()
                    .group(serverGroup)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(framing()).addLast(new LengthFieldPrepender(4), new Echo());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .sync()
                    .channel();
            Pinger pinger = new Pinger(new byte[payloadBytes], roundTrips / 5, roundTrips, limit);
            Channel client = new Bootstrap()
                    .group(clientGroup)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(framing()).addLast(new LengthFieldPrepender(4), pinger);
                        }
                    })
                    .connect(server.localAddress())
                    .sync()
                    .channel();
            pinger.done.get(limit.toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            client.close().sync();
            server.close().sync();
            return Arrays.copyOf(pinger.samples, pinger.taken);
        } finally {
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static LengthFieldBasedFrameDecoder framing() {
        return new LengthFieldBasedFrameDecoder(1 << 16, 0, 4, 0, 4);
    }

    private static final class Echo extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            ctx.writeAndFlush(frame.retain());
        }
    }

    /** Sends the next frame when the echo of the last one is back; all on the client's event loop. */
    private static final class Pinger extends SimpleChannelInboundHandler<ByteBuf> {
        private final byte[] payload;
        private final int warmUp;
        private final long[] samples;
        private final long deadline;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private int count;
        private int taken;
        private long sentAt;

        Pinger(byte[] payload, int warmUp, int roundTrips, Duration limit) {
            this.payload = payload;
            this.warmUp = warmUp;
            this.samples = new long[roundTrips];
            this.deadline = System.nanoTime() + limit.toNanos();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            long now = System.nanoTime();
            if (count++ >= warmUp) {
                samples[taken++] = now - sentAt;
            }
            if (taken == samples.length || now > deadline) {
                done.complete(null);
                return;
            }
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            sentAt = System.nanoTime();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(payload));
        }
    }
}
