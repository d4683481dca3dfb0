package dev.synchrony.net.runtime;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.clock.SoftwareClock;
import dev.synchrony.net.codec.WireCodec;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.Security;
import dev.synchrony.net.metrics.RuntimeMetrics;
import dev.synchrony.net.tls.TrialFolder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One member process of a cluster: it listens on its configured address, keeps an authenticated TCP link to
 * every other member, and hosts one {@link NodeHost} per service, each on its own event loop.
 *
 * <p>This class assembles and starts the parts, each with one job:
 * <ul>
 *   <li>{@link HostedNodes}: the hosted nodes and their event loops, and the dispatch of a received DATA frame
 *   to the node of its service;</li>
 *   <li>{@link Connections} with one {@link PeerLink} per peer: listening, connecting, reconnection with backoff,
 *   the bounded queue while a link is down, and the one connection per pair a frame leaves on;</li>
 *   <li>{@link AcceptorHandshake} and {@link ConnectorHandshake}: the two halves of the handshake, over the
 *   shared secret ({@link Handshake}) or under mutual TLS with certificates naming member ids
 *   ({@link TlsContexts}, {@code security: tls}); until it completes nothing else is accepted, and at most a
 *   handshake's worth of bytes per frame;</li>
 *   <li>{@link Frames} and {@link FrameDecoder}: the length prefix, frame kinds and the frame size limits
 *   ({@link ClusterConfig#maxFrameBytes()} once authenticated); {@link DataHandler} reads DATA frames once a peer
 *   is proved.</li>
 * </ul>
 * A peer that cannot prove membership is refused and logged; a malformed or oversized frame closes that one
 * connection with a logged reason ({@link ConnectionErrors}), and the member keeps serving the others. Frames
 * written to a connection that then dies may be lost: reliable delivery is the job of the link layer stacked
 * under an algorithm.
 */
public final class Member implements AutoCloseable {

    /**
     * A service to host: a name, a node per member id, and the codec of its messages.
     *
     * @param name the service's name, unique within the member; every member must host the same services, since
     *     the handshake compares their names and codecs
     * @param factory makes this member's node from its id (called once, when the member is built)
     * @param codec how the node's messages are written into DATA frames and read back
     */
    public record Service(String name, Function<NodeId, Node<?, ?, ?>> factory, WireCodec codec) {
        /**
         * Checks that every part is given.
         *
         * @throws NullPointerException if a part is null
         */
        public Service {
            Objects.requireNonNull(name);
            Objects.requireNonNull(factory);
            Objects.requireNonNull(codec);
        }
    }

    private final ClusterConfig config;
    private final NodeId self;
    private final List<NodeId> memberIds;
    private final MemberLog log;
    private final RuntimeMetrics metrics;
    private final LinkCounters counters = new LinkCounters();
    private final HostedNodes hosting;
    private final Connections connections;
    private final Path storageDirectory;

    private Member(Builder builder) {
        this.config = builder.config;
        this.self = builder.self;
        config.requireMember(self);
        this.memberIds = config.memberIds();
        this.log = new MemberLog(self, builder.log, System::nanoTime);
        this.storageDirectory =
                builder.storageDirectory != null ? builder.storageDirectory : config.storageDirectory(self);
        this.metrics = builder.metrics;
        // Read the certificates first: a bad file fails here, before any event loop is started.
        if (config.security().generate() != null
                && TrialFolder.ensure(config.security().generate(), memberIds)) {
            log.info("tls: created throwaway certificates for " + memberIds + " in "
                    + config.security().generate() + " (for trials only)");
        }
        TlsContexts tls =
                config.security().mode() == Security.Mode.TLS ? TlsContexts.load(config.security(), self) : null;
        this.hosting = new HostedNodes(
                this,
                builder.services,
                builder.clock,
                builder.traceDirectory,
                config.seed(),
                config.cluster(),
                counters,
                builder.eventLoops);
        Handshake handshake = new Handshake(config.secret(), config.cluster(), self, memberIds, hosting.fingerprint());
        this.connections =
                new Connections(config, handshake, hosting, new ConnectionErrors(counters, log), builder.limits, tls);
    }

    /**
     * Starts describing the member {@code self} of the cluster {@code config}.
     *
     * @param config the cluster: addresses, security, limits, seed
     * @param self which of its members this process is (checked when the member is built)
     * @return a builder with no service yet, the system clock, no metrics and one event loop
     */
    public static Builder builder(ClusterConfig config, NodeId self) {
        return new Builder(config, self);
    }

    /** Options of a member; {@link #build()} makes it (not yet listening). */
    public static final class Builder {
        private final ClusterConfig config;
        private final NodeId self;
        private final List<Service> services = new ArrayList<>();
        private SoftwareClock clock = SoftwareClock.system();
        private Consumer<String> log;
        private RuntimeMetrics metrics = RuntimeMetrics.NONE;
        private Path traceDirectory;
        private Path storageDirectory;
        private Connections.Limits limits = Connections.Limits.DEFAULT;
        private int eventLoops = 1;

        private Builder(ClusterConfig config, NodeId self) {
            this.config = Objects.requireNonNull(config);
            this.self = Objects.requireNonNull(self);
        }

        /**
         * Hosts {@code service} too. Services are numbered in the order they are added and DATA frames name them by
         * that number, so every member must add the same services in the same order (the handshake refuses a peer
         * whose services differ).
         *
         * @param service the service to host
         * @return this builder
         * @throws IllegalArgumentException if a service of that name was added already
         */
        public Builder service(Service service) {
            if (services.stream().anyMatch(s -> s.name().equals(service.name()))) {
                throw new IllegalArgumentException("two services named " + service.name());
            }
            services.add(service);
            return this;
        }

        /**
         * A service whose messages are {@code messageRoot} (a sealed interface of records).
         *
         * @param name the service's name
         * @param factory makes this member's node from its id
         * @param messageRoot the protocol's sealed message interface, from which the codec is derived
         * @return this builder
         * @throws IllegalArgumentException if a service of that name was added already, or the codec cannot be
         *     derived from {@code messageRoot}
         */
        public Builder service(String name, Function<NodeId, Node<?, ?, ?>> factory, Class<?> messageRoot) {
            return service(new Service(name, factory, WireCodec.of(messageRoot)));
        }

        /**
         * The physical clock every hosted node reads and sets its timers by (default: the system clock, no drift);
         * a demonstration gives one with an offset or a drift rate, and clock synchronization adjusts it.
         *
         * @param newClock the clock shared by this member's services
         * @return this builder
         */
        public Builder clock(SoftwareClock newClock) {
            this.clock = Objects.requireNonNull(newClock);
            return this;
        }

        /**
         * Also hands each log line to {@code copy} (tests read them there). The lines always go to SLF4J (logger
         * {@code dev.synchrony.net.runtime.Member}): the application binds the backend.
         *
         * @param copy receives each line, on whichever thread logged it
         * @return this builder
         */
        public Builder log(Consumer<String> copy) {
            this.log = Objects.requireNonNull(copy);
            return this;
        }

        /**
         * Where the member counts messages, retransmissions and frames (default: nowhere).
         *
         * @param newMetrics the counters to feed, called on the event loops (several, with more than one loop), so
         *     they must return quickly
         * @return this builder
         */
        public Builder metrics(RuntimeMetrics newMetrics) {
            this.metrics = Objects.requireNonNull(newMetrics);
            return this;
        }

        /**
         * Write each hosted node's trace as JSON lines into {@code directory}.
         *
         * @param directory where the trace files go, one per service; null (the default) writes none
         * @return this builder
         */
        public Builder traceDirectory(Path directory) {
            this.traceDirectory = directory;
            return this;
        }

        /**
         * Keep this member's stable storage in {@code directory} (one subdirectory per service), instead of the
         * config's {@code storage} setting. A restarted member given the same directory reads back what it wrote.
         *
         * @param directory the member's storage directory
         * @return this builder
         */
        public Builder storageDirectory(Path directory) {
            this.storageDirectory = Objects.requireNonNull(directory);
            return this;
        }

        /**
         * How long an accepted connection has to authenticate (default 5 s) and how many may wait to at once
         * (default 64) from the peers' hosts, and as many from anywhere else; connections beyond are refused at
         * once. The two pools keep a flood from elsewhere from locking out a member that reconnects.
         *
         * @param timeout how long a connection may take to authenticate, TLS handshake included
         * @param maxPending how many may wait at once in each pool
         * @return this builder
         */
        public Builder handshakeLimits(Duration timeout, int maxPending) {
            this.limits = new Connections.Limits(timeout.toMillis(), maxPending);
            return this;
        }

        /**
         * How many event loops the member's services and connections share (default 1: all on one loop, so no
         * message crosses threads between its connection and its node; at most one per service). More loops let
         * services run in parallel on a multi-core machine, at the price of a thread hand-off between a
         * connection's loop and a service's on each message.
         *
         * @param count the number of event loops, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is below 1
         */
        public Builder eventLoops(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("eventLoops: " + count + " is below 1");
            }
            this.eventLoops = count;
            return this;
        }

        /**
         * Makes the member: its nodes (not yet started), its event loops and its connection machinery, after
         * reading any TLS certificates, so a bad file fails here and not on the first connection.
         *
         * @return the member, ready for {@link Member#listen()}
         * @throws IllegalArgumentException if no service was added, or {@code self} is not a member of the config
         */
        public Member build() {
            if (services.isEmpty()) {
                throw new IllegalArgumentException("a member needs at least one service");
            }
            return new Member(this);
        }
    }

    /**
     * Which member of the cluster this process is.
     *
     * @return the id the member was built for
     */
    public NodeId self() {
        return self;
    }

    /**
     * Every member of the cluster, this one included.
     *
     * @return the ids in the config's order, which is the {@code members()} order every hosted node sees
     */
    public List<NodeId> memberIds() {
        return memberIds;
    }

    /**
     * The cluster this member belongs to.
     *
     * @return the configuration it was built from
     */
    public ClusterConfig config() {
        return config;
    }

    /**
     * Where this member keeps its stable storage: a subdirectory per service, created when a node first asks
     * for its storage (members whose algorithms keep nothing durable leave no trace on the disk).
     *
     * @return the directory given to the builder, or the one the config names for this member
     */
    public Path storageDirectory() {
        return storageDirectory;
    }

    /**
     * The host of one service: where the application sends commands to that node and hears its outputs.
     *
     * @param service the service's name
     * @return its host
     * @throws IllegalArgumentException if the member hosts no service of that name (the message lists those it
     *     hosts)
     */
    public NodeHost host(String service) {
        return hosting.host(service);
    }

    /**
     * The hosts of all services.
     *
     * @return a copy of the list, in the order the services were added
     */
    public List<NodeHost> hosts() {
        return hosting.hosts();
    }

    void log(String line) {
        log.info(line);
    }

    /** One line about something that went wrong in a hosted node (it keeps serving). */
    void warn(String line) {
        log.warn(line);
    }

    /**
     * Where this member counts.
     *
     * @return the metrics given to the builder, never null: {@link RuntimeMetrics#NONE} by default
     */
    public RuntimeMetrics metrics() {
        return metrics;
    }

    /**
     * Connections refused because the peer could not prove membership.
     *
     * @return the count since the member was built
     */
    public long refusedConnections() {
        return counters.refused.get();
    }

    /**
     * Accepted connections whose peer has not authenticated yet (TLS and the member handshake): each holds a
     * little memory until it proves itself or the handshake timeout refuses it.
     *
     * @return how many wait now, in both pools together
     */
    public int pendingConnections() {
        return connections.pendingConnections();
    }

    /**
     * The most connections that waited to authenticate at once since the member started: how close a flood of
     * half-open connections came to the cap ({@link Builder#handshakeLimits}), which no pool ever exceeds.
     *
     * @return the largest number that waited at once
     */
    public int peakPendingConnections() {
        return connections.peakPendingConnections();
    }

    /**
     * The longest an accepted connection waited to authenticate, from its acceptance to its authentication or its
     * close: the handshake timeout bounds it, plus whatever delay the member's event loop had in closing it.
     *
     * @return that longest wait so far (zero before any connection ended its wait)
     */
    public Duration longestPendingWait() {
        return Duration.ofNanos(connections.longestPendingNanos());
    }

    /**
     * Connections closed because of a malformed or oversized frame.
     *
     * @return the count since the member was built; each also left a log line with its reason
     */
    public long badFrames() {
        return counters.badFrames.get();
    }

    /**
     * Frames dropped because a link was down and its queue full.
     *
     * @return the count since the member was built: messages the link layer above must retransmit, if it is reliable
     */
    public long droppedFrames() {
        return counters.dropped.get();
    }

    /**
     * DATA frames this member has written to its connections, queued ones included once their link came up.
     *
     * @return the count since the member was built
     */
    public long framesSent() {
        return counters.framesSent.get();
    }

    /**
     * DATA frames this member has decoded and handed to its nodes.
     *
     * @return the count since the member was built
     */
    public long framesReceived() {
        return counters.framesReceived.get();
    }

    /**
     * Listens on the member's address and starts connecting to the peers. Does not start the nodes.
     *
     * @return this member, for chaining
     * @throws IllegalStateException if the address cannot be bound (the member is closed then)
     * @throws InterruptedException if interrupted while waiting for the bind
     */
    public Member listen() throws InterruptedException {
        if (config.security().mode() == Security.Mode.SHARED_SECRET) {
            log.info(
                    "warning: security: shared-secret: the handshake proves membership, but frames travel unencrypted and "
                            + "unauthenticated after it (use security: tls on a network you do not trust)");
        }
        try {
            connections.listen();
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
        return this;
    }

    /** The protocol fingerprint the handshake compares (tests that speak the handshake themselves need it). */
    long fingerprint() {
        return hosting.fingerprint();
    }

    /** The pipeline of an accepted connection; tests drive it on an {@code EmbeddedChannel}. */
    void initInbound(Channel channel) {
        connections.initInbound(channel);
    }

    /**
     * Whether every outgoing link has completed its handshake.
     *
     * @return true when this member can reach every peer now
     */
    public boolean allLinksUp() {
        return connections.allLinksUp();
    }

    /**
     * Waits until every outgoing link is authenticated; false on timeout. A caller waits so before starting
     * nodes whose first messages should not sit in a link's queue.
     *
     * @param timeout how long to wait at most (checked every 10 ms)
     * @return true when all links came up in time, false on timeout
     * @throws InterruptedException if interrupted while waiting
     */
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

    /**
     * The peers whose outgoing link is up now.
     *
     * @return those peers; a link that went down and is reconnecting is not among them
     */
    public List<NodeId> connectedPeers() {
        return connections.connectedPeers();
    }

    /** Starts every hosted node ({@code onStart}); messages that came earlier are handed over right after. */
    public void startNodes() {
        hosting.start();
    }

    /** Called by a host on its loop: encode and hand to the link. False when the frame was dropped. */
    boolean send(
            NodeId to,
            int serviceIndex,
            long lamport,
            long messageId,
            Object message,
            WireCodec codec,
            NodeHost sender) {
        if (!connections.reaches(to)) {
            return false;
        }
        ByteBuf frame = Frames.data(serviceIndex, lamport, messageId, message, codec, config.maxFrameBytes(), to);
        return connections.send(to, frame, sender);
    }

    /** Closes every connection now without stopping (tests of reconnection); the links re-open by themselves. */
    void dropConnections() {
        connections.dropAll();
    }

    /** Stops the nodes, closes every connection and the event loops; flushes the traces. */
    @Override
    public void close() {
        if (connections.isClosed()) {
            return;
        }
        connections.markClosing();
        hosting.stopNodes(log);
        connections.close();
        hosting.shutdown();
    }

    /** Flushes the traces (they are flushed on close too). */
    public void flushTraces() {
        hosting.flushTraces();
    }
}
