package dev.synchrony.api;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Catalog;
import dev.synchrony.catalog.Environment;
import dev.synchrony.catalog.Family;
import dev.synchrony.catalog.LinkPolicy;
import dev.synchrony.catalog.Params;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.lease.LeaseLock;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.mutex.NamedLocks;
import dev.synchrony.net.clock.SoftwareClock;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.LocksConfig;
import dev.synchrony.net.metrics.RuntimeMetrics;
import dev.synchrony.net.runtime.Member;
import dev.synchrony.net.runtime.NodeHost;
import dev.synchrony.net.runtime.Protocols;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * This process's membership in a cluster, for applications: the entry point of the Java API.
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.load(Path.of("cluster.yaml"));
 * try (SynchronyMember member = SynchronyMember.join(config, NodeId.of("n1"))) {
 *     DistributedLock lock = member.lock("orders");
 *     Grant grant = lock.lock();
 *     try {
 *         database.apply(grant.fencingToken(), db -> db.write(...));
 *     } finally {
 *         lock.unlock(grant);
 *     }
 * }
 * }</pre>
 *
 * Locks and elections need no configuration: {@link #lock(String)} and {@link #election(String)} hand out any
 * name on demand, multiplexed over one hosted node per algorithm and the member's links. By default a lock by name
 * runs lease-lock ({@link LeaseLock}: named locks under one majority-elected leader, grants under leases renewed
 * while the member lives, fencing tokens that grow across leaders; it keeps its term and vote in the member's
 * stable storage, the config's {@code storage:}, default {@code storage/ID} under the working directory); the
 * config's {@code locks:} section ({@link LocksConfig}) may choose central-mutex ({@link NamedLocks}: no lease, a
 * coordinator per name) as the default or for names with given prefixes. Each service of the configuration ({@code services:} in the YAML: a name, a kind and an algorithm) is one
 * hosted node on its own event loop; all services share the member's authenticated links. Kinds and the
 * algorithms they take: {@code lock} (the mutual-exclusion algorithms: central-mutex, decentral-mutex,
 * ricart-agrawala, token-ring), {@code election} (bully, ring-election), {@code total-order} (total-order, sequencer-total-order),
 * {@code causal} (causal-order). Every member of the cluster must configure the same services. Each service runs
 * over the reliable FIFO link layer (nothing lost or doubled across reconnects) unless its params say
 * {@code link: raw}. A multicast service's params may also bound its publishers ({@code publish-window},
 * {@code publish-timeout}: see {@link OrderedMulticast}).
 *
 * <p>Logging goes through SLF4J (loggers {@code dev.synchrony.net.runtime.Member} for links and connections,
 * {@code dev.synchrony.api.*} for the API): bind the backend the application uses. Metrics: see
 * {@link Builder#metrics}.
 */
public final class SynchronyMember implements AutoCloseable {

    /** The hosted node behind the locks by name that run central-mutex (a name no configured service may take). */
    public static final String NAMED_LOCKS = "synchrony.named-locks";

    /** The hosted node behind the locks by name and the elections by name that run lease-lock (reserved too). */
    public static final String LEASE_LOCKS = "synchrony.lease-locks";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SynchronyMember.class);

    /**
     * The node every member hosts as {@link #NAMED_LOCKS}: {@link NamedLocks} over the reliable FIFO link layer
     * (connections may break and come back; the centralized algorithm must lose nothing).
     */
    public static Node<?, ?, ?> newNamedLocksNode() {
        return ReliableFifoLink.over(new NamedLocks(), LinkPolicy.CAPPED);
    }

    private final Member member;
    private final LocksConfig locks;
    private final Map<String, Object> services = new LinkedHashMap<>();
    private final NamedLockRegistry namedLocks;
    private final NamedLockRegistry leaseLocks;
    private final java.util.concurrent.ConcurrentHashMap<String, LeaseElection> elections =
            new java.util.concurrent.ConcurrentHashMap<>();

    private SynchronyMember(
            Member member, LocksConfig locks, Map<String, String> kinds, Map<String, OrderedMulticast.Window> windows) {
        this.member = member;
        this.locks = locks;
        this.namedLocks = new NamedLockRegistry(member.host(NAMED_LOCKS), false);
        this.leaseLocks = new NamedLockRegistry(member.host(LEASE_LOCKS), true);
        kinds.forEach((name, kind) -> {
            NodeHost host = member.host(name);
            Object api = switch (kind) {
                case "lock" -> DistributedLock.hosted(name, host);
                case "election" -> new LeaderElection(name, host);
                case "total-order" ->
                    new TotalOrderMulticast(name, host, windows.getOrDefault(name, OrderedMulticast.Window.defaults()));
                case "causal" ->
                    new CausalMulticast(name, host, windows.getOrDefault(name, OrderedMulticast.Window.defaults()));
                default -> host;
            };
            services.put(name, api);
        });
    }

    /** Joins with the services the configuration lists, waiting up to 20 s for links to the other members. */
    public static SynchronyMember join(ClusterConfig config, NodeId self) throws InterruptedException {
        return builder(config, self).join(Duration.ofSeconds(20));
    }

    public static Builder builder(ClusterConfig config, NodeId self) {
        return new Builder(config, self);
    }

    /** Chooses services in code instead of (or besides) the configuration. */
    public static final class Builder {
        private final ClusterConfig config;
        private final NodeId self;
        private final Map<String, String> kinds = new LinkedHashMap<>();
        private final Map<String, OrderedMulticast.Window> windows = new LinkedHashMap<>();
        private final Member.Builder member;

        private Builder(ClusterConfig config, NodeId self) {
            this.config = Objects.requireNonNull(config);
            this.self = Objects.requireNonNull(self);
            this.member = Member.builder(config, self);
            for (int i = 0; i < config.services().size(); i++) {
                ClusterConfig.ServiceConfig service = config.services().get(i);
                Function<NodeId, Node<?, ?, ?>> factory = factory(config, service, "services[" + i + "]");
                add(service.name(), service.kind(), factory);
                window(service, "services[" + i + "]");
            }
        }

        public Builder lock(String name, Function<NodeId, Node<?, ?, ?>> factory) {
            return add(name, "lock", factory);
        }

        public Builder election(String name, Function<NodeId, Node<?, ?, ?>> factory) {
            return add(name, "election", factory);
        }

        public Builder totalOrder(String name, Function<NodeId, Node<?, ?, ?>> factory) {
            return add(name, "total-order", factory);
        }

        public Builder causal(String name, Function<NodeId, Node<?, ?, ?>> factory) {
            return add(name, "causal", factory);
        }

        /** A service of the given kind ({@code lock}, {@code election}, {@code total-order}, {@code causal}) by algorithm name. */
        public Builder service(String name, String kind, String algorithm, Map<String, String> params) {
            ClusterConfig.ServiceConfig service = new ClusterConfig.ServiceConfig(name, kind, algorithm, params);
            add(name, kind, factory(config, service, "service " + name));
            window(service, "service " + name);
            return this;
        }

        /** A multicast service's back-pressure window from its params ({@code publish-window}, {@code publish-timeout}). */
        private void window(ClusterConfig.ServiceConfig service, String where) {
            if (familyOf(service.kind()) == Family.MULTICAST) {
                windows.put(service.name(), OrderedMulticast.Window.of(service.params(), where));
            }
        }

        private Builder add(String name, String kind, Function<NodeId, Node<?, ?, ?>> factory) {
            if (name.equals(NAMED_LOCKS) || name.equals(LEASE_LOCKS)) {
                throw new IllegalArgumentException("service name " + name + " is reserved for the locks made by name");
            }
            Node<?, ?, ?> probe = factory.apply(self);
            member.service(new Member.Service(name, factory, Protocols.codecFor(probe)));
            kinds.put(name, kind);
            return this;
        }

        /** How many event loops the member's services share (default 1; see {@link Member.Builder#eventLoops}). */
        public Builder eventLoops(int count) {
            member.eventLoops(count);
            return this;
        }

        public Builder clock(SoftwareClock clock) {
            member.clock(clock);
            return this;
        }

        /**
         * Where the member and its locks and elections count (default: nowhere), e.g.
         * {@code new MicrometerMetrics(registry, self)}: Micrometer is needed on the class path only then.
         */
        public Builder metrics(RuntimeMetrics metrics) {
            member.metrics(metrics);
            return this;
        }

        /** Listens, connects to the other members (waiting up to {@code linkTimeout}), and starts the nodes. */
        public SynchronyMember join(Duration linkTimeout) throws InterruptedException {
            // Every member hosts the named locks last, so its service index is the same everywhere.
            Function<NodeId, Node<?, ?, ?>> named = id -> newNamedLocksNode();
            member.service(new Member.Service(NAMED_LOCKS, named, Protocols.codecFor(named.apply(self))));
            Function<NodeId, Node<?, ?, ?>> leased = leaseLocksFactory(config);
            member.service(new Member.Service(LEASE_LOCKS, leased, Protocols.codecFor(leased.apply(self))));
            Member built = member.build();
            try {
                built.listen();
                built.awaitLinks(linkTimeout);
            } catch (RuntimeException | InterruptedException e) {
                built.close();
                throw e;
            }
            // The API objects listen before the nodes start, so no output is missed.
            SynchronyMember joined = new SynchronyMember(built, config.locks(), kinds, windows);
            LOG.info(
                    "{}: locks by name run {}{}; lease-lock keeps its term and vote in {}",
                    self,
                    config.locks().algorithm(),
                    config.locks().prefixes().isEmpty()
                            ? ""
                            : " (by prefix: " + config.locks().sortedPrefixes() + ")",
                    built.storageDirectory().toAbsolutePath());
            built.startNodes();
            return joined;
        }
    }

    /**
     * The node factory for a configured service: the algorithm's catalog entry, so it is the very node the
     * simulator checks, built for this cluster's members and network. Connections may break and come back, so
     * the catalog puts the reliable FIFO link layer under it unless the service says {@code link: raw}.
     */
    static Function<NodeId, Node<?, ?, ?>> factory(
            ClusterConfig config, ClusterConfig.ServiceConfig service, String where) {
        Algorithm algorithm = Catalog.find(service.algorithm())
                .orElseThrow(() -> new IllegalArgumentException(where
                        + ".algorithm: unknown '" + service.algorithm() + "' for kind " + service.kind() + " (known: "
                        + String.join(", ", Catalog.names()) + ")"));
        Family family = familyOf(service.kind());
        if (family != null && algorithm.family() != family) {
            throw new IllegalArgumentException(where + ".algorithm: " + algorithm.name() + " is a "
                    + algorithm.family().label() + " algorithm; kind " + service.kind() + " takes one of "
                    + family.label() + " ("
                    + String.join(
                            ", ",
                            Catalog.of(family).stream().map(Algorithm::name).toList()) + ")");
        }
        Map<String, String> params = new LinkedHashMap<>(service.params());
        String link = params.getOrDefault("link", "reliable");
        if (!link.equals("reliable") && !link.equals("raw")) {
            throw new IllegalArgumentException(where + ".params.link: '" + link + "' is not reliable or raw");
        }
        if (!algorithm.hasParam("link")) {
            params.remove("link");
        }
        if (familyOf(service.kind()) == Family.MULTICAST) {
            // The API's back-pressure window, not the algorithm's: OrderedMulticast reads them.
            params.keySet().removeAll(OrderedMulticast.WINDOW_PARAMS);
        }
        Params resolved;
        try {
            resolved = algorithm.resolve(params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where + ".params: " + e.getMessage().replaceFirst("^--", ""));
        }
        Environment environment = new Environment(
                config.memberIds(),
                resolved,
                config.seed(),
                config.assumedNetwork().withReconnects(link.equals("reliable")),
                0,
                false);
        return id -> algorithm.newNode(id, environment);
    }

    /**
     * The node every member hosts as {@link #LEASE_LOCKS}: lease-lock from its catalog entry with the options of
     * the config's {@code locks.params}. Two defaults differ from the catalog's: it runs on the raw network (it
     * repeats every request and renewal itself; a reliable link would only pile retransmissions up for a paused
     * peer), and rho is 1e-4 (the catalog takes the simulated run's drift; real quartz clocks stay well within it).
     */
    static Function<NodeId, Node<?, ?, ?>> leaseLocksFactory(ClusterConfig config) {
        Map<String, String> params = new LinkedHashMap<>(config.locks().params());
        params.putIfAbsent("link", "raw");
        params.putIfAbsent("rho", "0.0001");
        return factory(
                config, new ClusterConfig.ServiceConfig(LEASE_LOCKS, "lock", LocksConfig.LEASE_LOCK, params), "locks");
    }

    /** The family of algorithms a service kind runs on ({@code lock}: mutual exclusion), or null for any. */
    private static Family familyOf(String kind) {
        return switch (kind) {
            case "lock" -> Family.MUTEX;
            case "election" -> Family.ELECTION;
            case "total-order", "causal" -> Family.MULTICAST;
            default -> null;
        };
    }

    public NodeId self() {
        return member.self();
    }

    /** The runtime underneath (links, counters, hosted nodes). */
    public Member member() {
        return member;
    }

    /**
     * The lock {@code name}: the configured service of that name if there is one, else a lock made on demand
     * (any name, no configuration) on the algorithm the config's {@code locks:} section gives the name: lease-lock
     * by default (grants under leases, {@link Grant#isHeld()} false once the lease may have ended, the listener
     * told {@code lost}), or central-mutex (its coordinator picked by the name's hash, see {@link NamedLocks}).
     * Keep the returned object while you use its listeners: a lock made on demand that nothing refers to any more
     * (no waiter, no grant, no reference) is forgotten, and made again when asked.
     */
    public DistributedLock lock(String name) {
        if (services.containsKey(name)) {
            return typed(name, DistributedLock.class);
        }
        return registryFor(name).lock(name);
    }

    private NamedLockRegistry registryFor(String name) {
        return locks.algorithmFor(name).equals(LocksConfig.CENTRAL_MUTEX) ? namedLocks : leaseLocks;
    }

    /**
     * How many locks made by name have a lock object alive in this member: those the application still refers
     * to, plus any the garbage collector has not cleared yet (forgotten entries are dropped by this call).
     */
    public int namedLocksAlive() {
        return namedLocks.size() + leaseLocks.size();
    }

    /**
     * The election {@code name}: the configured service of that name if there is one, else an election made on
     * demand, in which this member stands at once: leadership is the holding of the lease lock
     * {@code election/NAME} (see {@link LeaseElection}), with the grant's fencing token as the term. One object
     * per name for the member's life; {@link LeaderElection#resign()} leaves the race until
     * {@link LeaderElection#stand()}.
     */
    public LeaderElection election(String name) {
        if (services.containsKey(name)) {
            return typed(name, LeaderElection.class);
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("election name: must not be empty");
        }
        return elections
                .computeIfAbsent(name, n -> new LeaseElection(n, self(), leaseLocks.lock(LeaseElection.lockName(n))))
                .election();
    }

    public TotalOrderMulticast totalOrder(String name) {
        return typed(name, TotalOrderMulticast.class);
    }

    public CausalMulticast causal(String name) {
        return typed(name, CausalMulticast.class);
    }

    private <T> T typed(String name, Class<T> type) {
        Object service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException(
                    "no service named '" + name + "' (services: " + String.join(", ", services.keySet()) + ")");
        }
        if (!type.isInstance(service)) {
            throw new IllegalArgumentException("service '" + name + "' is a "
                    + service.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(service);
    }

    /** Leaves: stops the nodes and closes the links (the others see this member as crashed). */
    @Override
    public void close() {
        elections.values().forEach(LeaseElection::close);
        member.close();
    }
}
