package dev.synchrony.bench;

import dev.synchrony.api.DistributedLock;
import dev.synchrony.api.Grant;
import dev.synchrony.api.SynchronyMember;
import dev.synchrony.bench.peers.LoopbackClusters;
import dev.synchrony.bench.peers.RawNettyEcho;
import dev.synchrony.catalog.Catalog;
import dev.synchrony.core.Context;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.net.codec.WireCodec;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.runtime.Member;
import dev.synchrony.net.runtime.NodeHost;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The network runtime's latency and throughput on loopback, each beside a raw Netty ping-pong of the same frame
 * size measured in the same run (the floor: one TCP round trip between two event loops, no codec, no node).
 *
 * <ul>
 *   <li>raw: a client event loop sends a length-prefixed frame, a server event loop echoes it;</li>
 *   <li>runtime echo: a node sends a message to a peer node through the whole runtime (codec, authenticated
 *   link, event loop per node) and the peer answers;</li>
 *   <li>lock: {@code DistributedLock.lock()} then {@code unlock()}, for each mutual-exclusion algorithm of this
 *   build (centralized with 2 members, the requester not the coordinator; Ricart-Agrawala with 3 and 5): from a
 *   blocked application thread over the reliable link layer (the API's default), chained asynchronously on the
 *   event loop (no thread hand-off) over the link layer, and chained over raw connections (no link
 *   acknowledgements); and the throughput with every member locking in a loop.</li>
 *   <li>total order, for {@code total-order} and {@code sequencer-total-order}: 3 members each publish a burst of
 *   small messages through {@code TotalOrderMulticast}; deliveries per second until every member has delivered
 *   every message; and the delivery latency with one message in flight per sender (publish to own delivery);</li>
 *   <li>hand-offs: what one thread hand-off costs (application thread to an idle loop, loop to a waiting thread,
 *   loop to loop), and the blocking lock with the member's services on one loop and on a loop each (before and
 *   after issue 12's point 4);</li>
 *   <li>TLS: the runtime echo, the centralized lock (thread, link) and total order again under
 *   {@code security: tls} (mutual TLS 1.3, throwaway certificates), with their cost as a ratio to the same case
 *   without TLS in the same round.</li>
 * </ul>
 * All members run in this one JVM (each with its own event loop), on loopback. Bounded: a fixed number of
 * operations per case, each case stopped after 20 s.
 *
 * <p>Run: {@code ./mvnw -q -B -o -DskipTests package -pl synchrony-bench -am &&
 * java -cp synchrony-bench/target/benchmarks.jar dev.synchrony.bench.RuntimeBench [ROUND_TRIPS [CASES]]}, where
 * CASES (e.g. {@code central-mutex} or {@code ricart-agrawala:3}, comma-separated) keeps only those lock cases;
 * {@code -Dbench.sections=echo,tls,multicast,locks,handoffs} (the default: all) keeps only those sections (the raw
 * baseline always runs).
 */
public final class RuntimeBench {

    private static final long CASE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    private RuntimeBench() {}

    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<String> only = args.length > 1 ? List.of(args[1].split(",")) : List.of();
        List<String> sections = List.of(System.getProperty("bench.sections", "echo,tls,multicast,locks,handoffs")
                .split(","));
        PrintStream out = System.out;
        int frameBytes = echoFrameBytes();
        out.printf(
                Locale.ROOT,
                "runtime bench: loopback, %d round trips per case (after %d warm-up), frame %d bytes, %s, %d cores%n",
                roundTrips,
                roundTrips / 5,
                frameBytes,
                System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors());
        out.println("Cases alternate with the raw baseline in " + REPEATS
                + " rounds; the last lines give the median of the rounds.");
        out.println("case                                   median us    p99 us   ops/s    x raw median (same round)");
        List<LockCase> lockCases = new ArrayList<>();
        for (String algorithm : List.of("central-mutex:2", "ricart-agrawala:3", "ricart-agrawala:5")) {
            String name = algorithm.split(":")[0];
            int size = Integer.parseInt(algorithm.split(":")[1]);
            if (!only.isEmpty() && !only.contains(name) && !only.contains(algorithm)) {
                continue;
            }
            if (Catalog.find(name).isEmpty()) {
                out.printf(Locale.ROOT, "%-38s not in this build%n", "lock " + name + " (" + size + ")");
                continue;
            }
            if (!sections.contains("locks")) {
                continue;
            }
            // Before and after issue 12's point 4: a loop per service (the connections on other loops) and one
            // loop per member.
            lockCases.add(new LockCase(name, size, true, false, false, true));
            lockCases.add(new LockCase(name, size, true, false, false, false));
            if (name.equals("central-mutex") && sections.contains("tls")) {
                lockCases.add(new LockCase(name, size, true, false, true, false));
            }
            lockCases.add(new LockCase(name, size, true, true, false, false));
            lockCases.add(new LockCase(name, size, false, true, false, false));
        }
        Map<String, List<Double>> medians = new java.util.LinkedHashMap<>();
        Map<String, List<Double>> ratios = new java.util.LinkedHashMap<>();
        for (int round = 1; round <= REPEATS; round++) {
            out.println("round " + round);
            long[] raw = rawPingPong(frameBytes, roundTrips);
            double rawMedian = percentile(raw, 50);
            record(medians, ratios, print(out, "raw Netty ping-pong", raw, rawMedian), rawMedian);
            if (sections.contains("echo")) {
                record(
                        medians,
                        ratios,
                        print(out, "runtime echo (node to node)", runtimeEcho(roundTrips, false), rawMedian),
                        rawMedian);
            }
            if (sections.contains("echo") && sections.contains("tls")) {
                record(
                        medians,
                        ratios,
                        print(out, "runtime echo (node to node), TLS", runtimeEcho(roundTrips, true), rawMedian),
                        rawMedian);
            }
            if (sections.contains("handoffs")) {
                HandOffs handOffs = HandOffs.measure(roundTrips);
                record(
                        medians,
                        ratios,
                        print(out, "hand-off caller -> loop", handOffs.callerToLoop(), rawMedian),
                        rawMedian);
                record(
                        medians,
                        ratios,
                        print(out, "hand-off loop -> caller", handOffs.loopToCaller(), rawMedian),
                        rawMedian);
                record(
                        medians,
                        ratios,
                        print(out, "hand-off loop -> loop", handOffs.loopToLoop(), rawMedian),
                        rawMedian);
            }
            for (String algorithm : sections.contains("multicast")
                    ? List.of("total-order", "sequencer-total-order")
                    : List.<String>of()) {
                for (boolean tls : sections.contains("tls") ? new boolean[] {false, true} : new boolean[] {false}) {
                    double rate = totalOrderThroughput(algorithm, 3, roundTrips / 20, tls);
                    String name = "throughput " + algorithm + " (3" + (tls ? ", TLS" : "") + ") deliveries/s";
                    out.printf(
                            Locale.ROOT,
                            "%-38s %28.0f  (deliveries per second at each member, every member publishing)%n",
                            "  " + name.replace(" deliveries/s", ""),
                            rate);
                    medians.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
                }
                record(
                        medians,
                        ratios,
                        print(
                                out,
                                "one in flight " + algorithm + " (3)",
                                oneInFlight(algorithm, 3, roundTrips / 4),
                                rawMedian),
                        rawMedian);
            }
            for (LockCase lockCase : lockCases) {
                long[] lock = lockLatency(lockCase, roundTrips / 4);
                record(medians, ratios, print(out, "lock+unlock " + lockCase.label(), lock, rawMedian), rawMedian);
                if (lockCase.link() && !lockCase.async()) {
                    Throughput measured = lockThroughput(lockCase, roundTrips / 4);
                    double throughput = measured.opsPerSecond();
                    out.printf(
                            Locale.ROOT,
                            "%-38s %28.0f  (every member locking in a loop; grants per member %s)%n",
                            "  throughput " + lockCase.label(),
                            throughput,
                            measured.perMember());
                    medians.computeIfAbsent("throughput " + lockCase.label() + " ops/s", k -> new ArrayList<>())
                            .add(throughput);
                }
            }
        }
        tlsCost(out, "runtime echo (node to node)", "runtime echo (node to node), TLS", medians, false);
        for (String algorithm : List.of("total-order", "sequencer-total-order")) {
            tlsCost(
                    out,
                    "throughput " + algorithm + " (3) deliveries/s",
                    "throughput " + algorithm + " (3, TLS) deliveries/s",
                    medians,
                    true);
        }
        for (LockCase lockCase : lockCases) {
            if (lockCase.tls()) {
                LockCase plain = new LockCase(
                        lockCase.algorithm(), lockCase.members(), lockCase.link(), lockCase.async(), false, false);
                tlsCost(out, "lock+unlock " + plain.label(), "lock+unlock " + lockCase.label(), medians, false);
                tlsCost(
                        out,
                        "throughput " + plain.label() + " ops/s",
                        "throughput " + lockCase.label() + " ops/s",
                        medians,
                        true);
            }
        }
        out.println("link layer over all rounds (a loopback loses nothing: every retransmission is one too many):");
        for (Map.Entry<String, long[]> entry : LINK_TALLY.entrySet()) {
            long[] tally = entry.getValue();
            out.printf(
                    Locale.ROOT,
                    "  %-44s %9d frames sent, %d retransmitted, %d of them found spurious%n",
                    entry.getKey(),
                    tally[0],
                    tally[1],
                    tally[2]);
        }
        out.println("median over the rounds:");
        for (Map.Entry<String, List<Double>> entry : medians.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("throughput")) {
                out.printf(Locale.ROOT, "  %-44s %10.0f%n", name, median(entry.getValue()));
            } else {
                out.printf(
                        Locale.ROOT,
                        "  %-44s %8.1f us   %5.2f x raw%n",
                        name + " median",
                        median(entry.getValue()) / 1e3,
                        median(ratios.get(name)));
            }
        }
        System.exit(0);
    }

    /**
     * The cost of TLS: each round's TLS case over the same round's case without it (latency: TLS / plain;
     * throughput: plain / TLS, so above 1 means TLS is slower either way), and the median of those.
     */
    private static void tlsCost(
            PrintStream out, String plainName, String tlsName, Map<String, List<Double>> medians, boolean throughput) {
        List<Double> plain = medians.get(plainName);
        List<Double> tls = medians.get(tlsName);
        if (plain == null || tls == null) {
            return;
        }
        List<Double> perRound = new ArrayList<>();
        for (int i = 0; i < Math.min(plain.size(), tls.size()); i++) {
            perRound.add(throughput ? plain.get(i) / tls.get(i) : tls.get(i) / plain.get(i));
        }
        out.printf(
                Locale.ROOT,
                "TLS cost, %s: %s per round, median %.2fx%n",
                plainName,
                String.join(
                        ", ",
                        perRound.stream()
                                .map(r -> String.format(Locale.ROOT, "%.2fx", r))
                                .toList()),
                median(perRound));
    }

    /**
     * @param link over the reliable FIFO link layer (the API's default) or raw
     * @param async lock and unlock chained on the event loop (no application thread), else from a blocked thread
     * @param tls under {@code security: tls}, else shared-secret
     * @param loopPerService each service of a member on its own event loop and the connections spread over them
     *     (the runtime before issue 12's point 4), else one loop per member (the default since)
     */
    private record LockCase(
            String algorithm, int members, boolean link, boolean async, boolean tls, boolean loopPerService) {
        String label() {
            return algorithm + " (" + members + ", " + (async ? "async" : "thread") + ", " + (link ? "link" : "raw")
                    + (tls ? ", TLS" : "") + (loopPerService ? ", loop per service" : "") + ")";
        }
    }

    private static final int REPEATS = 3;

    private record Row(String name, double medianNanos) {}

    private static void record(
            Map<String, List<Double>> medians, Map<String, List<Double>> ratios, Row row, double rawMedian) {
        medians.computeIfAbsent(row.name(), k -> new ArrayList<>()).add(row.medianNanos());
        ratios.computeIfAbsent(row.name(), k -> new ArrayList<>()).add(row.medianNanos() / rawMedian);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static Row print(PrintStream out, String name, long[] nanos, double rawMedian) {
        double median = percentile(nanos, 50);
        double p99 = percentile(nanos, 99);
        long total = Arrays.stream(nanos).sum();
        out.printf(
                Locale.ROOT,
                "%-38s %9.1f %9.1f %8.0f %8.2f%n",
                name,
                median / 1e3,
                p99 / 1e3,
                nanos.length / (total / 1e9),
                median / rawMedian);
        return new Row(name, median);
    }

    static double percentile(long[] values, double percent) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(percent / 100.0 * sorted.length) - 1));
        return sorted[index];
    }

    // ---------------------------------------------------------------------------------------------------------
    // Raw Netty ping-pong

    static long[] rawPingPong(int frameBytes, int roundTrips) throws Exception {
        return RawNettyEcho.roundTrips(frameBytes, roundTrips, Duration.ofNanos(CASE_LIMIT_NANOS));
    }

    private static long[] trimZeros(long[] samples) {
        int n = samples.length;
        while (n > 1 && samples[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(samples, n);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Runtime echo: node to node through codec, links and event loops

    /** A benchmark node: on command {@link Ping} sends it to the other member, which answers; delivers the answer. */
    public static final class EchoNode implements Node<EchoNode.Echo, NoTimer, EchoNode.Ping> {

        public sealed interface Echo {
            record Request(long sequence, long requestId) implements Echo {}

            record Reply(long sequence, long requestId) implements Echo {}
        }

        public record Ping(long sequence) {}

        @Override
        public void onStart(Context<Echo, NoTimer> context) {}

        @Override
        public void onCommand(Ping command, Context<Echo, NoTimer> context) {
            NodeId peer = context.members().get(0).equals(context.self())
                    ? context.members().get(1)
                    : context.members().get(0);
            context.send(peer, new Echo.Request(command.sequence(), command.sequence()));
        }

        @Override
        public void onMessage(NodeId from, Echo message, Context<Echo, NoTimer> context) {
            switch (message) {
                case Echo.Request request ->
                    context.send(from, new Echo.Reply(request.sequence(), request.requestId()));
                case Echo.Reply reply -> context.deliver(reply);
            }
        }

        @Override
        public void onTimer(NoTimer timer, Context<Echo, NoTimer> context) {}

        @Override
        public EchoNode copy() {
            return new EchoNode();
        }
    }

    /** Bytes of a runtime frame carrying one echo request (header + message), the raw case's frame size. */
    static int echoFrameBytes() {
        ByteBuf buf = Unpooled.buffer();
        WireCodec.of(EchoNode.Echo.class).write(buf, new EchoNode.Echo.Request(1, 1));
        int message = buf.readableBytes();
        buf.release();
        return 2 + 1 + 8 + 8 + message;
    }

    static long[] runtimeEcho(int roundTrips, boolean tls) throws Exception {
        ClusterConfig config =
                tls ? LoopbackClusters.withTls(LoopbackClusters.loopback(2)) : LoopbackClusters.loopback(2);
        List<Member> members = new ArrayList<>();
        try {
            for (NodeId id : config.memberIds()) {
                members.add(Member.builder(config, id)
                        .service("echo", self -> new EchoNode(), EchoNode.Echo.class)
                        .build()
                        .listen());
            }
            for (Member member : members) {
                member.awaitLinks(Duration.ofSeconds(10));
                member.startNodes();
            }
            NodeHost host = members.get(0).host("echo");
            int warmup = roundTrips / 5;
            long[] samples = new long[roundTrips];
            CompletableFuture<Void> done = new CompletableFuture<>();
            long deadline = System.nanoTime() + CASE_LIMIT_NANOS;
            long[] sentAt = new long[1];
            int[] count = new int[1];
            host.addOutputListener(output -> {
                long now = System.nanoTime();
                if (count[0] >= warmup) {
                    samples[count[0] - warmup] = now - sentAt[0];
                }
                count[0]++;
                if (count[0] >= warmup + roundTrips || now > deadline) {
                    done.complete(null);
                    return;
                }
                sentAt[0] = System.nanoTime();
                host.command(new EchoNode.Ping(count[0]));
            });
            host.runOnLoop(() -> {
                sentAt[0] = System.nanoTime();
                host.command(new EchoNode.Ping(0));
            });
            done.get(CASE_LIMIT_NANOS + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            return trimZeros(samples);
        } finally {
            members.forEach(Member::close);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Locks through the Java API

    private static List<SynchronyMember> joinLockCluster(LockCase lockCase) throws Exception {
        ClusterConfig base = lockCase.tls()
                ? LoopbackClusters.withTls(LoopbackClusters.loopback(lockCase.members))
                : LoopbackClusters.loopback(lockCase.members);
        ClusterConfig config = base.withServices(List.of(new ClusterConfig.ServiceConfig(
                "lock", "lock", lockCase.algorithm, Map.of("link", lockCase.link() ? "reliable" : "raw"))));
        List<SynchronyMember> members = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(pool.submit(() -> SynchronyMember.builder(config, id)
                        .eventLoops(lockCase.loopPerService() ? Integer.MAX_VALUE : 1)
                        .join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                members.add(future.get());
            }
        }
        Thread.sleep(500);
        return members;
    }

    /** Per case: frames the members sent, data frames their link layers sent again, and those found spurious. */
    private static final Map<String, long[]> LINK_TALLY = new java.util.LinkedHashMap<>();

    /** Adds what the members' link layers retransmitted (read on their loops) to the case's tally. */
    private static void tallyLinks(String name, List<SynchronyMember> members) throws Exception {
        long[] tally = LINK_TALLY.computeIfAbsent(name, k -> new long[3]);
        for (SynchronyMember member : members) {
            tally[0] += member.member().framesSent();
            for (NodeHost host : member.member().hosts()) {
                long[] counts = host.inspect(node -> node instanceof ReliableFifoLink<?, ?, ?> link
                                ? new long[] {link.retransmittedFrames(), link.spuriousRetransmissions()}
                                : new long[2])
                        .get(5, TimeUnit.SECONDS);
                tally[1] += counts[0];
                tally[2] += counts[1];
            }
        }
    }

    static long[] lockLatency(LockCase lockCase, int operations) throws Exception {
        List<SynchronyMember> members = joinLockCluster(lockCase);
        try {
            // The requester is the last member: for the centralized algorithm, not the coordinator.
            DistributedLock lock = members.get(members.size() - 1).lock("lock");
            int warmup = operations / 5;
            long[] samples = new long[operations];
            long deadline = System.nanoTime() + CASE_LIMIT_NANOS;
            if (lockCase.async()) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                int[] count = new int[1];
                Runnable[] step = new Runnable[1];
                step[0] = () -> {
                    long start = System.nanoTime();
                    lock.lockAsync()
                            .thenAccept(grant -> {
                                lock.unlock(grant);
                                long elapsed = System.nanoTime() - start;
                                if (count[0] >= warmup) {
                                    samples[count[0] - warmup] = elapsed;
                                }
                                count[0]++;
                                if (count[0] >= warmup + operations || System.nanoTime() > deadline) {
                                    done.complete(null);
                                } else {
                                    step[0].run();
                                }
                            })
                            .exceptionally(e -> {
                                done.completeExceptionally(e);
                                return null;
                            });
                };
                step[0].run();
                done.get(CASE_LIMIT_NANOS + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
                tallyLinks("lock+unlock " + lockCase.label(), members);
                return trimZeros(samples);
            }
            for (int i = 0; i < warmup + operations && System.nanoTime() < deadline; i++) {
                long start = System.nanoTime();
                Grant grant = lock.lock();
                lock.unlock(grant);
                long elapsed = System.nanoTime() - start;
                if (i >= warmup) {
                    samples[i - warmup] = elapsed;
                }
            }
            tallyLinks("lock+unlock " + lockCase.label(), members);
            return trimZeros(samples);
        } finally {
            members.forEach(SynchronyMember::close);
        }
    }

    /**
     * Each of {@code size} members publishes {@code each} small messages at once; returns deliveries per second
     * at one member (every member delivers all {@code size * each}), from the first publish to the last delivery
     * everywhere. Bounded by the case limit.
     */
    static double totalOrderThroughput(String algorithm, int size, int each, boolean tls) throws Exception {
        List<SynchronyMember> members = joinMulticast(algorithm, size, tls);
        try {
            int total = size * each;
            java.util.concurrent.CountDownLatch delivered = new java.util.concurrent.CountDownLatch(size * total);
            for (SynchronyMember member : members) {
                member.totalOrder("updates").addListener((origin, sequence, payload) -> delivered.countDown());
            }
            byte[] payload = new byte[16];
            long start = System.nanoTime();
            for (SynchronyMember member : members) {
                for (int i = 0; i < each; i++) {
                    member.totalOrder("updates").publish(payload);
                }
            }
            boolean all = delivered.await(CASE_LIMIT_NANOS, TimeUnit.NANOSECONDS);
            double rate = total / ((System.nanoTime() - start) / 1e9);
            tallyLinks("throughput " + algorithm + " (" + size + (tls ? ", TLS" : "") + ")", members);
            return all ? rate : Double.NaN;
        } finally {
            members.forEach(SynchronyMember::close);
        }
    }

    /** {@code size} members on loopback with one total-order service {@code updates} run by {@code algorithm}. */
    static List<SynchronyMember> joinMulticast(String algorithm, int size, boolean tls) throws Exception {
        ClusterConfig base =
                tls ? LoopbackClusters.withTls(LoopbackClusters.loopback(size)) : LoopbackClusters.loopback(size);
        // -Dbench.sequencer=max-batch=1 (one key=value) tries the sequencer's options.
        String option = System.getProperty("bench.sequencer", "");
        Map<String, String> params = algorithm.equals("sequencer-total-order") && option.contains("=")
                ? Map.of(option.substring(0, option.indexOf('=')), option.substring(option.indexOf('=') + 1))
                : Map.of();
        ClusterConfig config = base.withServices(
                List.of(new ClusterConfig.ServiceConfig("updates", "total-order", algorithm, params)));
        List<SynchronyMember> members = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SynchronyMember>> joining = new ArrayList<>();
            for (NodeId id : config.memberIds()) {
                joining.add(pool.submit(() -> SynchronyMember.builder(config, id)
                        .eventLoops(MULTICAST_LOOPS)
                        .join(Duration.ofSeconds(15))));
            }
            for (Future<SynchronyMember> future : joining) {
                members.add(future.get());
            }
        }
        Thread.sleep(500);
        return members;
    }

    /** Event loops per member in the multicast cases ({@code -Dbench.loops=3}: a loop per service, as before). */
    private static final int MULTICAST_LOOPS = Integer.getInteger("bench.loops", 1);

    /**
     * Delivery latency with one message in flight per sender: every member publishes, waits for its own message
     * to come back delivered, and publishes the next from the delivery listener (on the event loop, as the async
     * lock case). The samples are publish-to-own-delivery times of all members. Bounded by the case limit.
     */
    static long[] oneInFlight(String algorithm, int size, int each) throws Exception {
        List<SynchronyMember> members = joinMulticast(algorithm, size, false);
        try {
            int warmup = each / 5;
            long[] samples = new long[size * each];
            java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(size);
            long deadline = System.nanoTime() + CASE_LIMIT_NANOS;
            byte[] payload = new byte[64];
            for (SynchronyMember member : members) {
                dev.synchrony.api.TotalOrderMulticast updates = member.totalOrder("updates");
                long[] sentAt = new long[1];
                int[] count = new int[1];
                updates.addListener((origin, sequence, bytes) -> {
                    if (!origin.equals(member.self())) {
                        return;
                    }
                    long now = System.nanoTime();
                    if (count[0] >= warmup) {
                        int slot = taken.getAndIncrement();
                        if (slot < samples.length) {
                            samples[slot] = now - sentAt[0];
                        }
                    }
                    count[0]++;
                    if (count[0] >= warmup + each || now > deadline) {
                        finished.countDown();
                        return;
                    }
                    sentAt[0] = System.nanoTime();
                    updates.publish(payload);
                });
                member.member().host("updates").runOnLoop(() -> {
                    sentAt[0] = System.nanoTime();
                    updates.publish(payload);
                });
            }
            finished.await(CASE_LIMIT_NANOS + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            return trimZeros(Arrays.copyOf(samples, Math.min(samples.length, taken.get())));
        } finally {
            members.forEach(SynchronyMember::close);
        }
    }

    /**
     * What one thread hand-off costs on this machine, on Netty loops like the member's: an application thread
     * giving an idle loop a task (the loop wakes from its selector), the loop completing a future an application
     * thread waits on (the thread is unparked), and one loop giving another a task. These are the hand-offs a
     * blocking {@code lock()} pays (see docs/BENCHMARKS.md for how many).
     */
    record HandOffs(long[] callerToLoop, long[] loopToCaller, long[] loopToLoop) {

        static HandOffs measure(int samples) throws Exception {
            EventLoopGroup first = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            EventLoopGroup second = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try {
                io.netty.channel.EventLoop loop = first.next();
                io.netty.channel.EventLoop other = second.next();
                int warmup = samples / 5;
                long[] toLoop = new long[samples];
                long[] toCaller = new long[samples];
                long[] between = new long[samples];
                long deadline = System.nanoTime() + CASE_LIMIT_NANOS;
                int done = 0;
                for (int i = 0; i < warmup + samples && System.nanoTime() < deadline; i++) {
                    long[] at = new long[2];
                    CompletableFuture<Void> ran = new CompletableFuture<>();
                    long start = System.nanoTime();
                    loop.execute(() -> {
                        at[0] = System.nanoTime();
                        other.execute(() -> {
                            at[1] = System.nanoTime();
                            loop.execute(() -> ran.complete(null));
                        });
                    });
                    // Wait for the loops' round to finish, then time the completion of a future on the loop.
                    ran.get(5, TimeUnit.SECONDS);
                    CompletableFuture<Long> completed = new CompletableFuture<>();
                    loop.execute(() -> completed.complete(System.nanoTime()));
                    long completedAt = completed.get(5, TimeUnit.SECONDS);
                    long woke = System.nanoTime();
                    if (i >= warmup) {
                        toLoop[done] = at[0] - start;
                        between[done] = at[1] - at[0];
                        toCaller[done] = woke - completedAt;
                        done++;
                    }
                    Thread.onSpinWait();
                }
                return new HandOffs(
                        Arrays.copyOf(toLoop, done), Arrays.copyOf(toCaller, done), Arrays.copyOf(between, done));
            } finally {
                first.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                second.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    /** Grants per second over all members, and how many each member got (a local coordinator is favoured). */
    record Throughput(double opsPerSecond, List<Integer> perMember) {}

    static Throughput lockThroughput(LockCase lockCase, int operations) throws Exception {
        List<SynchronyMember> members = joinLockCluster(lockCase);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long deadline = System.nanoTime() + CASE_LIMIT_NANOS;
            int each = Math.max(1, operations / members.size());
            long start = System.nanoTime();
            List<Future<Integer>> work = new ArrayList<>();
            for (SynchronyMember member : members) {
                DistributedLock lock = member.lock("lock");
                work.add(threads.submit(() -> {
                    int done = 0;
                    while (done < each && System.nanoTime() < deadline) {
                        lock.unlock(lock.lock());
                        done++;
                    }
                    return done;
                }));
            }
            long total = 0;
            List<Integer> perMember = new ArrayList<>();
            for (Future<Integer> future : work) {
                perMember.add(future.get());
                total += perMember.get(perMember.size() - 1);
            }
            double rate = total / ((System.nanoTime() - start) / 1e9);
            tallyLinks("throughput " + lockCase.label(), members);
            return new Throughput(rate, perMember);
        } finally {
            members.forEach(SynchronyMember::close);
        }
    }
}
