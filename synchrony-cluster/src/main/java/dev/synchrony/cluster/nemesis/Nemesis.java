package dev.synchrony.cluster.nemesis;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a {@link Schedule} against running member processes, on the calling thread, each fault at its time
 * from the members' start: partitions and loss by packet filter in the run's namespace, pauses by SIGSTOP/SIGCONT,
 * kills by SIGKILL, restarts by starting the member again on its storage. It notes when each fault really began
 * and ended in {@code System.nanoTime()} (the {@link FaultLog}), which the merged trace and the checks use, and
 * prints each step. Every fault it began is undone before it returns, even when interrupted.
 */
public final class Nemesis {

    /** What the nemesis needs of the cluster it works on. */
    public interface Members {
        List<NodeId> ids();

        /** The member's loopback address inside the namespace. */
        String address(NodeId id);

        /** The member's current process (its latest life). */
        Process process(NodeId id);

        /** Starts the member again (on the same storage), returning the new process. */
        Process restart(NodeId id);

        /** The member that most recently announced it leads (and has not said it stopped), if any. */
        Optional<NodeId> leader();
    }

    private record Step(long atNanos, int order, Fault fault, boolean begin) {}

    private final Schedule schedule;
    private final Members members;
    private final NetworkNamespace namespace;
    private final PrintWriter out;
    private final long seed;
    private PacketFilter filter;
    private final FaultLog log = new FaultLog();
    private final Map<Fault, List<NodeId>> resolved = new HashMap<>();
    private final Map<Fault, Long> began = new HashMap<>();
    private boolean netem;
    private Signals signals;

    private Signals signals() {
        if (signals == null) {
            signals = new Signals();
        }
        return signals;
    }

    /**
     * @param namespace the run's namespace, or null when the schedule has no partition or loss
     * @param seed chooses a member when {@code leader} is asked for and none leads
     */
    public Nemesis(Schedule schedule, Members members, NetworkNamespace namespace, PrintWriter out, long seed) {
        if (schedule.needsNamespace() && namespace == null) {
            throw new IllegalArgumentException("a partition or loss needs the run's network namespace");
        }
        this.schedule = schedule;
        this.members = members;
        this.namespace = namespace;
        this.out = out;
        this.seed = seed;
    }

    /** Sets up the packet filter (and checks netem when a delay is asked for) before the members start. */
    public Nemesis prepare() {
        if (schedule.kinds().contains(NemesisKind.PAUSE)) {
            signals(); // started before the members, so the first signal leaves at once
        }
        if (namespace != null) {
            filter = new PacketFilter(namespace);
            boolean delays = schedule.faults().stream().anyMatch(f -> f instanceof Fault.Loss l && l.delayNanos() > 0);
            if (delays) {
                netem = namespace.hasNetem();
                if (!netem) {
                    throw new IllegalArgumentException("--fault loss: a delay needs tc's netem, which this kernel"
                            + " lacks (sch_netem); loss alone works");
                }
            }
        }
        return this;
    }

    /**
     * Runs the schedule from {@code startMono} (when every member had started) to its last step; returns the log.
     */
    public FaultLog run(long startMono) {
        List<Step> steps = new ArrayList<>();
        int order = 0;
        for (Fault fault : schedule.faults()) {
            switch (fault) {
                case Fault.ClockSkew skew -> log.clockSkew(skew);
                case Fault.Partition p -> {
                    steps.add(new Step(p.fromNanos(), order++, p, true));
                    steps.add(new Step(p.untilNanos(), order++, p, false));
                }
                case Fault.Pause p -> {
                    steps.add(new Step(p.fromNanos(), order++, p, true));
                    steps.add(new Step(p.untilNanos(), order++, p, false));
                }
                case Fault.Kill k -> {
                    steps.add(new Step(k.fromNanos(), order++, k, true));
                    if (k.restarts()) {
                        steps.add(new Step(k.restartNanos(), order++, k, false));
                    }
                }
                case Fault.Loss l -> {
                    steps.add(new Step(l.fromNanos(), order++, l, true));
                    steps.add(new Step(l.untilNanos(), order++, l, false));
                }
            }
        }
        steps.sort(Comparator.comparingLong(Step::atNanos).thenComparingInt(Step::order));
        List<Step> pending = new ArrayList<>(steps);
        try {
            while (!pending.isEmpty()) {
                Step step = pending.get(0);
                long wait = startMono + step.atNanos() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                pending.remove(0);
                apply(step, startMono);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Undo what is still in force (a pause must not outlive the run, nor a filter the namespace).
            for (Step step : pending) {
                if (!step.begin() && began.containsKey(step.fault()) && !(step.fault() instanceof Fault.Kill)) {
                    apply(step, startMono);
                }
            }
            if (signals != null) {
                signals.close();
            }
        }
        return log;
    }

    private void apply(Step step, long startMono) {
        Fault fault = step.fault();
        if (!step.begin() && !began.containsKey(fault)) {
            return; // it never began (its member was gone)
        }
        long at = System.nanoTime();
        String what;
        try {
            what = switch (fault) {
                case Fault.Partition p -> step.begin() ? cut(p) : heal(p);
                case Fault.Pause p -> step.begin() ? stop(p) : resume(p);
                case Fault.Kill k -> step.begin() ? kill(k) : restart(k);
                case Fault.Loss l -> step.begin() ? lose(l) : endLoss(l);
                case Fault.ClockSkew c -> "";
            };
        } catch (IllegalStateException e) {
            what = "could not " + (step.begin() ? "begin " : "end ") + fault.format() + ": " + e.getMessage();
            log.note(what);
        }
        out.printf(Locale.ROOT, "nemesis at %s: %s%n", Durations.human(at - startMono), what);
        out.flush();
    }

    private List<NodeId> resolve(Fault fault, List<String> names) {
        return resolved.computeIfAbsent(fault, f -> {
            Set<NodeId> ids = new LinkedHashSet<>();
            for (String name : names) {
                ids.add(name.equals(Fault.LEADER) ? leaderOrAny() : NodeId.of(name));
            }
            return List.copyOf(ids);
        });
    }

    private NodeId leaderOrAny() {
        return members.leader().orElseGet(() -> {
            NodeId any = members.ids()
                    .get((int) Math.floorMod(seed, (long) members.ids().size()));
            log.note("no member led when a fault aimed at the leader began: " + any + " was taken");
            return any;
        });
    }

    private String names(List<NodeId> ids) {
        return String.join(",", ids.stream().map(NodeId::name).toList());
    }

    private String cut(Fault.Partition p) {
        List<NodeId> side = resolve(p, p.side());
        Set<String> a = new LinkedHashSet<>();
        Set<String> b = new LinkedHashSet<>();
        for (NodeId id : members.ids()) {
            (side.contains(id) ? a : b).add(members.address(id));
        }
        filter.cut(p, a, b);
        long at = System.nanoTime();
        began.put(p, at);
        return "partition: " + names(side) + " cut off from the rest (nft drop " + a + " <-> " + b + ")";
    }

    private String heal(Fault.Partition p) {
        long at = System.nanoTime();
        filter.heal(p);
        log.partition(resolve(p, p.side()), began.remove(p), at);
        return "partition of " + names(resolve(p, p.side())) + " healed";
    }

    private String stop(Fault.Pause p) {
        NodeId id = resolve(p, List.of(p.who())).get(0);
        Process process = members.process(id);
        if (!process.isAlive()) {
            return "pause of " + id + " skipped: it is not running";
        }
        signals().send("STOP", process.pid());
        began.put(p, System.nanoTime()); // after the signal: nothing the member recorded later can predate it
        return "pause: SIGSTOP " + id + (p.who().equals(Fault.LEADER) ? " (the leader)" : "") + ", pid "
                + process.pid();
    }

    private String resume(Fault.Pause p) {
        NodeId id = resolve(p, List.of(p.who())).get(0);
        Process process = members.process(id);
        long at = System.nanoTime(); // before the signal: nothing it records after waking can predate it
        long from = began.remove(p);
        if (!process.isAlive()) {
            log.pause(id, from, at);
            return "resume of " + id + " skipped: it is not running any more";
        }
        signals().send("CONT", process.pid());
        log.pause(id, from, at);
        return "pause of " + id + " over: SIGCONT after " + Durations.human(at - from);
    }

    private String kill(Fault.Kill k) {
        NodeId id = resolve(k, List.of(k.who())).get(0);
        Process process = members.process(id);
        if (!process.isAlive()) {
            return "kill of " + id + " skipped: it is not running";
        }
        long at = System.nanoTime();
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        began.put(k, at);
        if (!k.restarts()) {
            log.outage(id, at, FaultLog.NEVER);
        }
        return "kill: SIGKILL " + id + (k.who().equals(Fault.LEADER) ? " (the leader)" : "") + ", pid " + process.pid();
    }

    private String restart(Fault.Kill k) {
        NodeId id = resolve(k, List.of(k.who())).get(0);
        long killed = began.remove(k);
        long at = System.nanoTime();
        Process process = members.restart(id);
        log.outage(id, killed, at);
        return "restart: " + id + " started again on its storage, pid " + process.pid();
    }

    private String lose(Fault.Loss l) {
        filter.lose(l, l.percent());
        if (l.delayNanos() > 0 && netem) {
            namespace.run("tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", l.delayNanos() / 1000 + "us");
        }
        began.put(l, System.nanoTime());
        return "loss: " + l.percent() + "% of packets dropped (nft numgen)"
                + (l.delayNanos() > 0 ? ", the rest delayed " + Durations.human(l.delayNanos()) + " (tc netem)" : "");
    }

    private String endLoss(Fault.Loss l) {
        long at = System.nanoTime();
        filter.heal(l);
        if (l.delayNanos() > 0 && netem) {
            namespace.run("tc", "qdisc", "del", "dev", "lo", "root");
        }
        log.loss(l.percent(), began.remove(l), at);
        return "loss over";
    }
}
