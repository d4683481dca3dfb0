package dev.synchrony.bench.peers;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 12's comparison benchmark: in one invocation, Synchrony's runtime beside JGroups (SEQUENCER), Hazelcast's
 * CP FencedLock and Curator's InterProcessMutex on ZooKeeper, each as 3 members in this JVM on loopback, driven
 * by the same workloads and judged against a raw Netty round trip measured in the same round.
 *
 * <p>Each round measures the baseline, then every multicast group (Synchrony's chosen algorithms under each
 * chosen security, then JGroups) with {@link MulticastWorkload}, then every lock group (Synchrony's algorithms,
 * Hazelcast, Curator) with {@link LockWorkload}, each group started afresh and closed after. The summary takes
 * the median of each figure over the rounds; latencies are also read as the median of their per-round ratio to
 * that round's raw round trip. A system that fails in a round is reported and the others go on.
 *
 * <p>Run: {@code ./mvnw -q -B -DskipTests package -pl synchrony-bench -am && java -cp
 * synchrony-bench/target/benchmarks.jar dev.synchrony.bench.peers.PeersBench [options]} (options:
 * {@link PeersOptions#USAGE}); {@code --quick} is a smoke run of a few seconds per system.
 */
public final class PeersBench {

    static final int MEMBERS = 3;

    private PeersBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(PeersOptions.USAGE);
            return;
        }
        PeersOptions options;
        try {
            options = PeersOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("PeersBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Report report = run(options, System.out, String.join(" ", args));
        // Some peers leave non-daemon threads behind after closing; the results are written.
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    static Report run(PeersOptions options, PrintStream out, String arguments) throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        out.printf(
                Locale.ROOT,
                "peers bench: %d members per system in one JVM on loopback, 64 B payloads, %d warm-up and %d measured"
                        + " round(s), JDK %s, %d cores, load average %.2f%n",
                MEMBERS,
                options.warmUpRounds(),
                options.rounds(),
                System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(),
                loadBefore);
        for (int round = 1; round <= options.warmUpRounds(); round++) {
            out.println("warm-up round " + round + " (a quarter of the counts; not counted)");
            runRound(options.warmUp(), -round, new Report(), out);
        }
        Report report = new Report();
        for (int round = 1; round <= options.rounds(); round++) {
            out.println("round " + round);
            runRound(options, round, report, out);
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        out.println();
        report.printTable(out);
        for (Report.Failure failure : report.failures()) {
            out.printf(
                    Locale.ROOT,
                    "FAILED round %d, %s %s: %s%n",
                    failure.round(),
                    failure.system(),
                    failure.variant(),
                    failure.error());
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("command", "PeersBench " + arguments);
        context.put("finished", Instant.now().toString());
        context.put("jdk", System.getProperty("java.vm.version"));
        context.put("cores", Runtime.getRuntime().availableProcessors());
        context.put("loadAverage", List.of(loadBefore, loadAfter));
        context.put("members", MEMBERS);
        context.put("payloadBytes", MulticastWorkload.PAYLOAD_BYTES);
        context.put("options", options.toString());
        report.writeJson(options.out(), context);
        out.printf(
                Locale.ROOT,
                "load average %.2f before, %.2f after; JSON: %s%n",
                loadBefore,
                loadAfter,
                options.out().toAbsolutePath());
        return report;
    }

    private static void runRound(PeersOptions options, int round, Report report, PrintStream out) {
        try {
            long[] raw =
                    RawNettyEcho.roundTrips(MulticastWorkload.PAYLOAD_BYTES, options.roundTrips(), options.caseLimit());
            double median = Samples.percentile(raw, 50) / 1e3;
            report.add(
                    Report.BASELINE, "raw echo", Figure.ROUND_TRIP, round, median, raw.length == options.roundTrips());
            out.printf(
                    Locale.ROOT,
                    "  raw Netty round trip: median %.1f us, p99 %.1f us (%d round trips)%n",
                    median,
                    Samples.percentile(raw, 99) / 1e3,
                    raw.length);
        } catch (Exception e) {
            report.fail(Report.BASELINE, "raw echo", round, e);
        }
        if (options.runs("synchrony")) {
            for (String security : options.security()) {
                for (String algorithm : options.multicastAlgorithms()) {
                    multicast(
                            options,
                            round,
                            report,
                            out,
                            "synchrony",
                            algorithm + optionsNamed(algorithm) + ", " + security,
                            workload -> new SynchronyMulticast(MEMBERS, security, algorithm, workload));
                }
            }
        }
        // JGroups measures multicast only: a locks-only run (--multicast none) skips it.
        if (options.runs("jgroups") && !options.multicastAlgorithms().isEmpty()) {
            multicast(
                    options,
                    round,
                    report,
                    out,
                    "jgroups",
                    "SEQUENCER over tcp.xml",
                    workload ->
                            new JGroupsSequencer(MEMBERS, "peers-bench-" + round + "-" + System.nanoTime(), workload));
        }
        if (options.runs("synchrony")) {
            for (String security : options.security()) {
                for (String algorithm : options.lockAlgorithms()) {
                    lock(
                            options,
                            round,
                            report,
                            out,
                            "synchrony",
                            algorithm + ", " + security,
                            () -> new SynchronyLocks(MEMBERS, security, algorithm));
                }
            }
        }
        if (options.runs("hazelcast")) {
            lock(
                    options,
                    round,
                    report,
                    out,
                    "hazelcast",
                    "CP FencedLock 5.4",
                    () -> new HazelcastFencedLocks(MEMBERS, "peers-bench-" + round + "-" + System.nanoTime()));
        }
        if (options.runs("curator")) {
            lock(
                    options,
                    round,
                    report,
                    out,
                    "curator",
                    "InterProcessMutex, TestingCluster(3)",
                    () -> new CuratorMutexes(MEMBERS, "/peers-bench/lock"));
        }
    }

    @FunctionalInterface
    private interface GroupMaker<G> {
        G make(MulticastGroup.Deliveries deliveries) throws Exception;
    }

    @FunctionalInterface
    private interface LockMaker {
        LockGroup make() throws Exception;
    }

    /** The service params a run was given for {@code algorithm} ({@code bench.params.ALGORITHM}), to name it by. */
    private static String optionsNamed(String algorithm) {
        return SynchronyCluster.params(algorithm).entrySet().stream()
                .map(e -> " " + e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining());
    }

    private static void multicast(
            PeersOptions options,
            int round,
            Report report,
            PrintStream out,
            String system,
            String variant,
            GroupMaker<MulticastGroup> maker) {
        MulticastWorkload workload = new MulticastWorkload();
        long started = System.nanoTime();
        try (MulticastGroup group = maker.make(workload)) {
            MulticastWorkload.Result result = workload.run(
                    group, options.messages(), options.window(), options.latencyMessages(), options.caseLimit());
            boolean complete = result.complete();
            report.add(system, variant, Figure.MULTICAST_RATE, round, result.ratePerMember(), complete);
            report.add(
                    system,
                    variant,
                    Figure.MULTICAST_LATENCY_MEDIAN,
                    round,
                    result.latencyMedianNanos() / 1e3,
                    complete);
            report.add(system, variant, Figure.MULTICAST_LATENCY_P99, round, result.latencyP99Nanos() / 1e3, complete);
            if (group.totalOrder()) {
                report.add(system, variant, Figure.ORDER_DISAGREEMENTS, round, result.orderDisagreements(), complete);
            }
            if (result.retransmissions() >= 0) {
                report.add(system, variant, Figure.RETRANSMISSIONS, round, result.retransmissions(), complete);
            }
            if (result.spuriousRetransmissions() >= 0) {
                report.add(
                        system,
                        variant,
                        Figure.SPURIOUS_RETRANSMISSIONS,
                        round,
                        result.spuriousRetransmissions(),
                        complete);
            }
            out.printf(
                    Locale.ROOT,
                    "  %s %s: %,.0f msg/s per member; latency median %.1f us, p99 %.1f us%s%s%s (%.1f s)%n",
                    system,
                    variant,
                    result.ratePerMember(),
                    result.latencyMedianNanos() / 1e3,
                    result.latencyP99Nanos() / 1e3,
                    group.totalOrder() ? "; order disagreements " + result.orderDisagreements() : "",
                    result.retransmissions() >= 0 ? "; retransmissions " + result.retransmissions() : "",
                    complete ? "" : " (cut by the case limit)",
                    (System.nanoTime() - started) / 1e9);
        } catch (Exception | LinkageError e) {
            report.fail(system, variant, round, e);
            out.printf(Locale.ROOT, "  %s %s: FAILED %s%n", system, variant, e);
        }
    }

    private static void lock(
            PeersOptions options,
            int round,
            Report report,
            PrintStream out,
            String system,
            String variant,
            LockMaker maker) {
        long started = System.nanoTime();
        try (LockGroup group = maker.make()) {
            LockWorkload.Result result = LockWorkload.run(
                    group, options.lockOperations(), options.contendedOperations(), options.caseLimit());
            boolean complete = result.complete();
            report.add(system, variant, Figure.LOCK_MEDIAN, round, result.medianNanos() / 1e3, complete);
            report.add(system, variant, Figure.LOCK_P99, round, result.p99Nanos() / 1e3, complete);
            report.add(system, variant, Figure.LOCK_CONTENDED, round, result.contendedPerSecond(), complete);
            out.printf(
                    Locale.ROOT,
                    "  %s %s: lock+unlock median %.1f us, p99 %.1f us (member %d: %s); contended %,.0f acq/s%s (%.1f s)%n",
                    system,
                    variant,
                    result.medianNanos() / 1e3,
                    result.p99Nanos() / 1e3,
                    group.requester() + 1,
                    group.requesterRole(),
                    result.contendedPerSecond(),
                    complete ? "" : " (cut by the case limit)",
                    (System.nanoTime() - started) / 1e9);
        } catch (Exception | LinkageError e) {
            report.fail(system, variant, round, e);
            out.printf(Locale.ROOT, "  %s %s: FAILED %s%n", system, variant, e);
        }
    }
}
