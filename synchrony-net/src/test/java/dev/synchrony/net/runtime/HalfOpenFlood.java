package dev.synchrony.net.runtime;

import dev.synchrony.net.codec.WireCodec;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A stranger that opens many loopback connections to a member and never finishes a handshake on any of them,
 * while one thread watches, with a selector, when the member closes each. It paces the connections evenly over
 * a spread of time, so that connections keep arriving while earlier ones are still waiting to authenticate, and
 * samples the member's pending connections and the process's direct memory as it goes.
 */
final class HalfOpenFlood {

    /** What a connection sends after it connects; none of these ever completes a handshake. */
    enum Kind {
        /** Connects and sends nothing. */
        SILENT(new byte[0]),
        /**
         * The start of a TLS ClientHello: a record header announcing a full 16 KiB record and all of it but its
         * last byte, so the TLS layer buffers what came and waits for the rest.
         */
        PARTIAL_CLIENT_HELLO(partialClientHello()),
        /** The start of a member HELLO: a length prefix of 800 bytes and 100 of them. */
        PARTIAL_HELLO(partialHello()),
        /** A length prefix announcing a 64 MiB frame, then 4 KiB of it, in plain text. */
        HUGE_FRAME(hugeFrame());

        private final byte[] bytes;

        Kind(byte[] bytes) {
            this.bytes = bytes;
        }

        private static byte[] partialClientHello() {
            ByteBuffer out = ByteBuffer.allocate(5 + 16_384 - 1);
            out.put((byte) 0x16).put((byte) 0x03).put((byte) 0x01).putShort((short) 16_384); // handshake record
            out.put((byte) 0x01).put((byte) 0).putShort((short) 16_380); // ClientHello, its length
            out.put((byte) 0x03).put((byte) 0x03); // legacy version; the rest stays zero
            return out.array();
        }

        private static byte[] partialHello() {
            ByteBuffer out = ByteBuffer.allocate(104);
            out.putInt(800).put((byte) WireCodec.FORMAT_VERSION).put((byte) Frames.HELLO);
            return out.array();
        }

        private static byte[] hugeFrame() {
            ByteBuffer out = ByteBuffer.allocate(4 + 4 * 1024);
            out.putInt(64 << 20);
            return out.array();
        }
    }

    /**
     * What the flood saw.
     *
     * @param opened connections that connected
     * @param failedToConnect connections the kernel refused or that failed before connecting
     * @param closedByMember connections the member closed (an end of stream or a reset) before {@code wait} ran out
     * @param longestOpenNanos the longest any connection stayed open, from connected to closed by the member
     * @param openLongerThanLate how many stayed open longer than the {@code late} given to {@link #run}
     * @param peakPendingSampled the most pending connections the member reported in the samples
     * @param baselineDirectBytes direct memory in use before the first connection
     * @param peakDirectBytes the most direct memory in use in the samples
     */
    record Result(
            int opened,
            int failedToConnect,
            int closedByMember,
            long longestOpenNanos,
            int openLongerThanLate,
            int peakPendingSampled,
            long baselineDirectBytes,
            long peakDirectBytes) {}

    private HalfOpenFlood() {}

    /**
     * Opens {@code count} connections to {@code port}, the kinds in turn, evenly over {@code spread}; then waits
     * up to {@code wait} after the last one for the member to close them all. Connections still open then are
     * closed here (and are missing from {@code closedByMember}); those the member closed later than {@code late}
     * after they connected are counted.
     */
    static Result run(
            int port, List<Kind> kinds, int count, Duration spread, Duration wait, Duration late, IntSupplier pending)
            throws IOException {
        return run(null, port, kinds, count, spread, wait, late, pending);
    }

    /** As {@link #run(int, List, int, Duration, Duration, Duration, IntSupplier)}, from the local address {@code from}. */
    static Result run(
            InetAddress from,
            int port,
            List<Kind> kinds,
            int count,
            Duration spread,
            Duration wait,
            Duration late,
            IntSupplier pending)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        long baseline = directMemoryUsed();
        long peakDirect = baseline;
        int peakPending = 0;
        int opened = 0;
        int failed = 0;
        int closed = 0;
        int live = 0;
        long longest = 0;
        int lateCount = 0;
        ByteBuffer sink = ByteBuffer.allocate(16 * 1024);
        try (Selector selector = Selector.open()) {
            long start = System.nanoTime();
            long interval = spread.toNanos() / count;
            long lastSample = 0;
            int next = 0;
            long giveUpAt = Long.MAX_VALUE;
            while (live > 0 || next < count) {
                long now = System.nanoTime();
                while (next < count && now - start >= next * interval) {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    if (from != null) {
                        channel.bind(new InetSocketAddress(from, 0));
                    }
                    Kind kind = kinds.get(next % kinds.size());
                    try {
                        if (channel.connect(address)) {
                            opened++;
                            if (connected(channel, selector, kind, now)) {
                                live++;
                            } else {
                                closed++;
                            }
                        } else {
                            live++;
                            channel.register(selector, SelectionKey.OP_CONNECT, kind);
                        }
                    } catch (IOException e) {
                        failed++;
                        channel.close();
                    }
                    next++;
                    if (next == count) {
                        giveUpAt = System.nanoTime() + wait.toNanos();
                    }
                }
                if (now > giveUpAt) {
                    break;
                }
                selector.select(1);
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    if (key.isValid() && key.isConnectable()) {
                        try {
                            channel.finishConnect();
                            opened++;
                            if (!connected(channel, selector, (Kind) key.attachment(), now)) {
                                closed++;
                                live--;
                            }
                        } catch (IOException e) {
                            failed++;
                            live--;
                            key.cancel();
                            channel.close();
                        }
                    } else if (key.isValid() && key.isReadable()) {
                        boolean ended;
                        try {
                            sink.clear();
                            ended = channel.read(sink) < 0; // a TLS alert may come first: read on
                        } catch (IOException reset) {
                            ended = true;
                        }
                        if (ended) {
                            closed++;
                            live--;
                            long open = now - (Long) key.attachment();
                            longest = Math.max(longest, open);
                            lateCount += open > late.toNanos() ? 1 : 0;
                            key.cancel();
                            channel.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
                if (now - lastSample > 10_000_000) {
                    lastSample = now;
                    peakDirect = Math.max(peakDirect, directMemoryUsed());
                    peakPending = Math.max(peakPending, pending.getAsInt());
                }
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
        return new Result(opened, failed, closed, longest, lateCount, peakPending, baseline, peakDirect);
    }

    /**
     * Sends the kind's bytes (what fits at once: none is ever completed anyway), then watches for the end; false
     * when the member had closed the connection already.
     */
    private static boolean connected(SocketChannel channel, Selector selector, Kind kind, long now) throws IOException {
        try {
            if (kind.bytes.length > 0) {
                channel.write(ByteBuffer.wrap(kind.bytes));
            }
            channel.register(selector, SelectionKey.OP_READ, now);
            return true;
        } catch (IOException reset) {
            channel.close();
            return false;
        }
    }

    /**
     * Direct memory in use in this process: Netty's own count when it allocates direct buffers itself (without
     * the JDK's cleaner), else the JDK's direct buffer pool, where Netty's buffers are counted then.
     */
    static long directMemoryUsed() {
        long netty = io.netty.util.internal.PlatformDependent.usedDirectMemory();
        long jdk = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
        return Math.max(netty, 0) + jdk;
    }
}
