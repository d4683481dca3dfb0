package dev.synchrony.cluster;

import dev.synchrony.catalog.Environment;
import dev.synchrony.catalog.Params;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.clock.SoftwareClock;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.Member;
import dev.synchrony.net.runtime.NodeHost;
import dev.synchrony.net.runtime.Protocols;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.WorkloadContext;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One member of a cluster running the configured algorithm, as {@code synchrony node --config FILE --id n1}
 * does: it hosts the algorithm's node (the same class the simulator runs, built by the catalog as for a
 * fault-free simulation; with {@link #withReliableLinks()} over the reliable FIFO link layer), connects to the other members,
 * starts the node once every link is up (or after {@code linkWaitNanos}), and runs its share of the algorithm's
 * workload: every member builds the same workload plan from the cluster seed and carries out the commands
 * addressed to itself, at the same offsets from its own start. After the duration it stops and flushes its trace.
 */
public final class MemberProcess {

    private final ClusterConfig config;
    private final NodeId self;
    /** What a member prints once its node has started (the launcher of a cluster waits for it). */
    static final String STARTED = "node started";

    private final Path traceDirectory;
    private final long durationNanos;
    private final AlgorithmSpec spec;
    private final RunSetup setup;
    private SoftwareClock clock = SoftwareClock.system();
    private boolean reliableLinks;
    /** How long to wait for links before starting anyway, and how often to say whom we wait for meanwhile. */
    private Duration linkWait = Duration.ofSeconds(20);

    private Duration linkReminder = Duration.ofSeconds(5);

    /** While this file exists after the duration, the member stays on (see {@link #withHoldWhile}); null: never. */
    private Path hold;

    /** The longest a member stays on for a hold, should its launcher never remove the file. */
    static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

    /**
     * @param durationNanos how long to run after start; 0 for the config's duration, or until stopped if none
     * @throws IllegalArgumentException naming the config field or flag that is wrong
     */
    public MemberProcess(ClusterConfig config, NodeId self, Path traceDirectory, long durationNanos) {
        this.config = config;
        this.self = self;
        config.requireMember(self);
        this.traceDirectory = traceDirectory;
        this.durationNanos = durationNanos > 0 ? durationNanos : config.durationNanos();
        if (config.algorithm() == null) {
            throw new IllegalArgumentException(
                    "algorithm: missing (the algorithm this member runs, e.g. ricart-agrawala)");
        }
        try {
            this.spec = Algorithms.require(config.algorithm());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("algorithm: " + e.getMessage());
        }
        this.setup = setupFor(spec, config, this.durationNanos);
    }

    /**
     * The run setup the algorithm's harness sees: members, params, duration, seed, and the cluster's network (the
     * simulator's model of it, for the checks' timing bounds; the catalog's assumptions, for the nodes).
     */
    static RunSetup setupFor(AlgorithmSpec spec, ClusterConfig config, long durationNanos) {
        List<NodeId> ids = config.memberIds();
        Params params;
        try {
            params = spec.algorithm().resolve(config.params());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("params: " + e.getMessage().replaceFirst("^--", ""));
        }
        long duration = durationNanos > 0 ? durationNanos : 3_600_000_000_000L;
        SimConfig sim = SimConfig.defaults(spec.name(), ids.size(), config.seed())
                .withNodes(ids)
                .withDuration(duration)
                .withParams(config.params())
                .withNetwork(NetworkModel.reliable(config.latencyMinNanos(), config.latencyMaxNanos()));
        Environment environment = new Environment(ids, params, config.seed(), config.assumedNetwork(), duration, false);
        return new RunSetup(sim, spec.algorithm(), environment);
    }

    /**
     * Gives this member a clock that disagrees with the machine's, as the lecture's do: it starts
     * {@code offsetNanos} off and runs at {@code rate} (1 +/- rho). For demonstrations of clock synchronization.
     */
    public MemberProcess withClock(double rate, long offsetNanos) {
        this.clock = new SoftwareClock(System::nanoTime, rate, offsetNanos);
        return this;
    }

    /**
     * Tells the catalog that connections may break and come back, so that it stacks the reliable FIFO link layer
     * under the node (unless its {@code --link} option says raw): nothing lost or doubled across a reconnect. Off
     * by default so that traces and message counts are the algorithm's own, as in a fault-free simulation (the
     * link's acknowledgements would add happened-before edges).
     */
    public MemberProcess withReliableLinks() {
        this.reliableLinks = true;
        return this;
    }

    /**
     * Keeps the member running past its duration while {@code file} exists (at most {@link #HOLD_LIMIT}), still
     * serving its peers, though its workload has ended. A cluster launcher creates the file when it restarts a
     * member and removes it once that member has linked again: otherwise a restarted JVM that starts slowly (7 to
     * 15 s on a loaded machine) finds the survivors gone and has no one to link with.
     */
    public MemberProcess withHoldWhile(Path file) {
        this.hold = file;
        return this;
    }

    /** How long to wait for the other members before starting anyway, and how often to name the missing ones. */
    public MemberProcess withLinkWait(Duration limit, Duration reminder) {
        this.linkWait = limit;
        this.linkReminder = reminder;
        return this;
    }

    /** Runs until the duration ends (or forever without one). Returns the exit code. */
    public int run(PrintWriter err) throws InterruptedException {
        Environment environment = reliableLinks
                ? setup.environment().withNetwork(setup.environment().network().withReconnects(true))
                : setup.environment();
        java.util.function.Function<NodeId, Node<?, ?, ?>> factory =
                id -> spec.algorithm().newNode(id, environment);
        Member member = Member.builder(config, self)
                .service(new Member.Service("main", factory, Protocols.codecFor(factory.apply(self))))
                .traceDirectory(traceDirectory)
                .clock(clock)
                .build();
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            member.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        long startNanos = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong outputs = new java.util.concurrent.atomic.AtomicLong();
        try {
            member.listen();
            long waitStart = System.nanoTime();
            // Silence while peers are missing looks like a hang: name them every few seconds.
            while (!member.awaitLinks(linkReminder)) {
                List<NodeId> missing = config.memberIds().stream()
                        .filter(id ->
                                !id.equals(self) && !member.connectedPeers().contains(id))
                        .toList();
                long waited = System.nanoTime() - waitStart;
                synchronized (err) {
                    if (waited >= linkWait.toNanos()) {
                        err.println(self + ": starting without links to " + names(missing) + " (up: "
                                + names(member.connectedPeers()) + ")");
                        break;
                    }
                    err.printf(
                            java.util.Locale.ROOT,
                            "%s: waiting for %s (%.1fs of %.1fs before starting without them)%n",
                            self,
                            names(missing),
                            waited / 1e9,
                            linkWait.toNanos() / 1e9);
                    err.flush();
                }
            }
            NodeHost host = member.host("main");
            host.addOutputListener(output -> outputs.incrementAndGet());
            host.addOutputListener(output -> announceLeadership(output, err));
            member.startNodes();
            synchronized (err) {
                err.println(self + ": " + STARTED);
                err.flush();
            }
            MemberWorkload workload = new MemberWorkload(
                    host, spec.workload(setup), setup.config().durationNanos());
            host.runOnLoop(workload::start);
            if (durationNanos > 0) {
                if (!stop.await(durationNanos, TimeUnit.NANOSECONDS)) {
                    holdOn(stop, err);
                }
            } else {
                stop.await();
            }
        } finally {
            member.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the member itself
            }
        }
        synchronized (err) {
            err.printf(
                    java.util.Locale.ROOT,
                    "%s: stopped after %.1fs: %d frames sent, %d received, %d outputs "
                            + "delivered, %d handler failures%s%n",
                    self,
                    (System.nanoTime() - startNanos) / 1e9,
                    member.framesSent(),
                    member.framesReceived(),
                    outputs.get(),
                    member.hosts().stream().mapToLong(NodeHost::handlerFailures).sum(),
                    traceDirectory == null ? "" : "; trace in " + traceDirectory);
            err.flush();
        }
        return 0;
    }

    /** Stays on while the hold file exists, up to {@link #HOLD_LIMIT}, or until the member is stopped. */
    private void holdOn(CountDownLatch stop, PrintWriter err) throws InterruptedException {
        if (hold == null || !Files.exists(hold)) {
            return;
        }
        synchronized (err) {
            err.println(self + ": " + HOLDING + " (" + hold + ")");
            err.flush();
        }
        long limit = System.nanoTime() + HOLD_LIMIT.toNanos();
        while (Files.exists(hold)) {
            if (System.nanoTime() >= limit) {
                synchronized (err) {
                    err.println(self + ": stopping after " + HOLD_LIMIT.toSeconds() + " s of holding on; " + hold
                            + " is still there");
                    err.flush();
                }
                return;
            }
            if (stop.await(50, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    static final String HOLDING = "duration over; holding on while a restarted member links again";

    /** What a member prints when it starts or stops leading (the nemesis aims at the leader by these lines). */
    static final String LEADS = "leads term";

    static final String LEADS_NO_MORE = "leads no more, term";

    private void announceLeadership(Object output, PrintWriter err) {
        String line = null;
        if (output instanceof dev.synchrony.election.LeaderElected elected
                && elected.leader().equals(self)) {
            line = self + ": " + LEADS + " " + elected.term() + " at mono " + System.nanoTime();
        } else if (output instanceof dev.synchrony.election.LeadershipLost lost
                && lost.leader().equals(self)) {
            line = self + ": " + LEADS_NO_MORE + " " + lost.term() + " at mono " + System.nanoTime();
        } else if (output instanceof dev.synchrony.election.LeaderElected elected) {
            line = self + ": follows " + elected.leader() + " (term " + elected.term() + ") at mono "
                    + System.nanoTime();
        }
        if (line != null) {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        }
    }

    private static String names(List<NodeId> ids) {
        return ids.isEmpty()
                ? "none"
                : String.join(", ", ids.stream().map(NodeId::name).toList());
    }

    /** The workload's view from one member: it carries out only its own commands, on its node's loop. */
    private final class MemberWorkload implements WorkloadContext {
        private final NodeHost host;
        private final Workload workload;
        private final long duration;
        private final long startNanos = System.nanoTime();
        private final SplittableRandom random = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);

        MemberWorkload(NodeHost host, Workload workload, long duration) {
            this.host = host;
            this.workload = workload;
            this.duration = duration;
            host.addOutputListener(output -> workload.onOutput(self, output, this));
        }

        void start() {
            workload.start(this);
        }

        @Override
        public long nowNanos() {
            return System.nanoTime() - startNanos;
        }

        @Override
        public long durationNanos() {
            return duration;
        }

        @Override
        public List<NodeId> nodes() {
            return config.memberIds();
        }

        @Override
        public RandomGenerator random() {
            return random;
        }

        @Override
        public void command(NodeId node, Object command, long atNanos) {
            if (!node.equals(self)) {
                return;
            }
            long delay = Math.max(0, atNanos - nowNanos());
            host.loop().schedule(() -> host.command(command), delay, TimeUnit.NANOSECONDS);
        }

        @Override
        public boolean isUp(NodeId node) {
            return true;
        }
    }
}
