package dev.synchrony.net.runtime;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.clock.SoftwareClock;
import dev.synchrony.net.codec.CodecException;
import dev.synchrony.net.codec.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The nodes a member hosts, one {@link NodeHost} per service, on the member's event loop (or loops), and the dispatch of an
 * authenticated DATA frame to the host of its service.
 *
 * <p>By default the member runs every service and every connection on one event loop ({@code eventLoops} 1): a
 * frame reaches its node, and a node's frame reaches its connection, without a thread hop. With more loops the
 * services are spread over them round robin (one busy service no longer delays another, which a multi-core
 * machine may want), and each connection runs on a loop of the group, so a frame may cross from its connection's
 * loop to its service's and back: two hand-offs per message each way, measured in {@code RuntimeBench}.
 */
final class HostedNodes {

    private final EventLoopGroup group;
    private final int loops;
    private final List<NodeHost> hosts = new ArrayList<>();
    private final Map<String, NodeHost> byName = new LinkedHashMap<>();
    private final List<TraceSink> traces = new ArrayList<>();
    private final LinkCounters counters;
    private final long fingerprint;

    private final dev.synchrony.net.metrics.RuntimeMetrics metrics;

    HostedNodes(
            Member member,
            List<Member.Service> services,
            SoftwareClock clock,
            Path traceDirectory,
            long seed,
            String cluster,
            LinkCounters counters,
            int eventLoops) {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("event loops: " + eventLoops + " is below 1");
        }
        this.counters = counters;
        this.loops = Math.min(eventLoops, Math.max(1, services.size()));
        this.metrics = member.metrics();
        NodeId self = member.self();
        this.group = new MultiThreadIoEventLoopGroup(
                loops,
                runnable -> {
                    Thread thread = new Thread(runnable, "synchrony-" + self + "-loop");
                    thread.setDaemon(true);
                    return thread;
                },
                NioIoHandler.newFactory());
        long print = cluster.hashCode();
        for (int i = 0; i < services.size(); i++) {
            Member.Service service = services.get(i);
            print = print * 31 + service.name().hashCode();
            print = print * 31 + service.codec().fingerprint();
            EventLoop loop = group.next();
            TraceSink trace = null;
            if (traceDirectory != null) {
                String file = services.size() == 1 ? self + ".jsonl" : self + "-" + service.name() + ".jsonl";
                trace = new TraceSink(traceDirectory.resolve(file), service.codec());
                traces.add(trace);
            }
            Node<?, ?, ?> node = service.factory().apply(self);
            NodeHost host = new NodeHost(member, service.name(), i, node, service.codec(), loop, clock, seed, trace);
            hosts.add(host);
            byName.put(service.name(), host);
        }
        this.fingerprint = print;
    }

    /** A hash of the cluster name and of each service's name and codec, compared by the handshake. */
    long fingerprint() {
        return fingerprint;
    }

    NodeHost host(String service) {
        NodeHost host = byName.get(service);
        if (host == null) {
            throw new IllegalArgumentException(
                    "no service named '" + service + "' (services: " + String.join(", ", byName.keySet()) + ")");
        }
        return host;
    }

    List<NodeHost> hosts() {
        return List.copyOf(hosts);
    }

    /** Where accepted connections run: the one loop of every service, or the whole group. */
    EventLoopGroup ioGroup() {
        return loops == 1 ? hosts.get(0).loop() : group;
    }

    /** The loop for one outgoing link: the one loop of every service, or the next of the group. */
    EventLoop linkLoop() {
        return loops == 1 ? hosts.get(0).loop() : group.next();
    }

    void start() {
        hosts.forEach(NodeHost::start);
    }

    /** A DATA frame from an authenticated peer, on either connection of the pair: decode, hand to the node. */
    void dispatch(NodeId from, ByteBuf frame) {
        metrics.frame(false, frame.readableBytes() + Frames.LENGTH_PREFIX_BYTES);
        int serviceIndex = WireCodec.readVarint(frame, "service index");
        if (serviceIndex >= hosts.size()) {
            throw new CodecException("unknown service index " + serviceIndex);
        }
        long lamport = Frames.readLong(frame, "Lamport time");
        long messageId = Frames.readLong(frame, "message id");
        NodeHost host = hosts.get(serviceIndex);
        Object message = host.codec().readAll(frame);
        counters.framesReceived.incrementAndGet();
        host.receive(from, lamport, messageId, message);
    }

    /** Hosts on this thread's loop hold their flushes; true if any does (then {@link #releaseFlushes} once). */
    boolean holdFlushes() {
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
    void releaseFlushes() {
        for (NodeHost host : hosts) {
            if (host.loop().inEventLoop()) {
                host.releaseFlushes();
            }
        }
    }

    void stopNodes(MemberLog log) {
        for (NodeHost host : hosts) {
            try {
                host.stop().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.info("could not stop " + host + " cleanly: " + e);
            }
        }
    }

    /** Shuts the event loops down and closes the traces; after {@link #stopNodes} and closing the connections. */
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        traces.forEach(TraceSink::close);
    }

    void flushTraces() {
        traces.forEach(TraceSink::flush);
    }
}
