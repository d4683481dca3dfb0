package dev.synchrony.sim.algorithms.election;

import dev.synchrony.catalog.Durations;
import dev.synchrony.catalog.ElectionTiming;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.ElectionParticipant;
import dev.synchrony.election.ElectionStarted;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The properties of an election, read from the trace. Each process's belief (the coordinator it names, or none)
 * is replayed from the trace: a {@link LeaderElected} output sets it, an {@link ElectionStarted} record, a start,
 * a recovery or a crash clears it.
 */
final class ElectionChecks {

    private ElectionChecks() {}

    static List<PropertyCheck> all(ElectionTiming timing) {
        // The lecture's elections promise agreement only within the stabilisation bound of a fault: two leaders for
        // no longer than that are a hand-over, not a violation (OneLeader says why).
        return List.of(
                new Agreement(timing, false),
                new Agreement(timing, true),
                new Termination(timing),
                new Terms(),
                new OneLeader(timing.stabilisationBoundNanos(), 0));
    }

    /** Times at which the set of live (or running) processes or the links between them changed. */
    static TreeSet<Long> faultTimes(SimConfig config) {
        TreeSet<Long> times = new TreeSet<>();
        for (CrashSpec crash : config.crashes()) {
            if (crash.atNanos() <= config.durationNanos()) {
                times.add(crash.atNanos());
            }
            if (crash.recovers() && crash.recoverAtNanos() <= config.durationNanos()) {
                times.add(crash.recoverAtNanos());
            }
        }
        for (PartitionSpec partition : config.partitions()) {
            times.add(Math.min(partition.fromNanos(), config.durationNanos()));
            times.add(Math.min(partition.untilNanos(), config.durationNanos()));
        }
        // A pause looks like a crash to the others, and its end like a recovery.
        for (dev.synchrony.sim.fault.PauseSpec pause : config.pauses()) {
            times.add(Math.min(pause.fromNanos(), config.durationNanos()));
            times.add(Math.min(pause.untilNanos(), config.durationNanos()));
        }
        return times;
    }

    /** The time from which agreement and validity must hold: the last fault plus the stabilisation bound. */
    static long stableFrom(SimConfig config, ElectionTiming timing) {
        TreeSet<Long> faults = faultTimes(config);
        long last = faults.isEmpty() ? 0 : faults.last();
        return last + timing.stabilisationBoundNanos();
    }

    /**
     * Agreement (all live processes name the same coordinator) or validity (a named coordinator is the live
     * process with the highest priority), from the stable point on. A departure that starts after the stable
     * point (a message loss can cause one) must end within the stabilisation bound, and the run's final states
     * must satisfy the property unless such a departure began less than that bound before the end.
     */
    static final class Agreement implements PropertyCheck {
        private final ElectionTiming timing;
        private final boolean validity;

        Agreement(ElectionTiming timing, boolean validity) {
            this.timing = timing;
            this.validity = validity;
        }

        @Override
        public String name() {
            return validity ? "validity" : "agreement";
        }

        @Override
        public CheckResult check(RunResult run) {
            SimConfig config = run.config();
            Trace trace = run.trace();
            long stable = stableFrom(config, timing);
            long end = run.endNanos();
            long tolerance = timing.stabilisationBoundNanos();
            if (stable > end) {
                // Too short to demand the property. A scripted figure ends right after its election, to keep its
                // diagram readable: its final states still show the outcome. Random runs are skipped, so that
                // sweeps count them apart.
                String atEnd = finalProblem(run);
                String why =
                        "the run ends " + Durations.human(end) + ", before the stable point " + Durations.human(stable)
                                + " (last fault + stabilisation bound " + Durations.human(tolerance) + ")";
                return atEnd == null && config.script() != null
                        ? CheckResult.held(name(), "in the final states (only they were checked: " + why + ")")
                        : CheckResult.skipped(
                                name(), why + (atEnd == null ? "" : "; not settled yet: " + atEnd) + "; run longer");
            }
            int n = trace.nodes().size();
            NodeId[] belief = new NodeId[n];
            boolean[] up = new boolean[n];
            long badSince = -1;
            TraceEvent badEvent = null;
            long departures = 0;
            long longestNanos = 0;
            for (TraceEvent event : trace.events()) {
                if (!apply(event, belief, up)) {
                    continue;
                }
                if (event.timeNanos() < stable) {
                    continue;
                }
                String problem = problem(trace, belief, up);
                if (problem == null) {
                    if (badSince >= 0) {
                        longestNanos = Math.max(longestNanos, event.timeNanos() - badSince);
                    }
                    badSince = -1;
                    badEvent = null;
                    continue;
                }
                if (badSince < 0) {
                    badSince = event.timeNanos();
                    badEvent = event;
                    departures++;
                } else if (event.timeNanos() - badSince > tolerance) {
                    return CheckResult.violated(
                            name(),
                            problem + " from " + Durations.human(badSince) + " to "
                                    + Durations.human(event.timeNanos()) + ", longer than the stabilisation bound "
                                    + Durations.human(tolerance) + " (stable from " + Durations.human(stable) + ")",
                            List.of(badEvent.id(), event.id()));
                }
            }
            String atEnd = finalProblem(run);
            if (atEnd != null && (badSince < 0 || end - badSince > tolerance)) {
                return CheckResult.violated(
                        name(),
                        "at the end of the run " + atEnd + " (stable from " + Durations.human(stable) + ")",
                        badEvent == null ? List.of() : List.of(badEvent.id()));
            }
            return CheckResult.held(
                    name(),
                    "from " + Durations.human(stable) + " (last fault + "
                            + Durations.human(tolerance) + ") to the end"
                            + (departures == 0
                                    ? ", without a moment's departure"
                                    : ": " + departures + " transient departure(s), the longest "
                                            + Durations.human(longestNanos) + ", each repaired within the bound"));
        }

        private String problem(Trace trace, NodeId[] belief, boolean[] up) {
            NodeId highest = null;
            for (int i = 0; i < up.length; i++) {
                if (up[i]) {
                    highest = trace.node(i);
                }
            }
            NodeId agreed = null;
            for (int i = 0; i < up.length; i++) {
                if (!up[i]) {
                    continue;
                }
                if (validity) {
                    if (belief[i] != null && !belief[i].equals(highest)) {
                        return trace.node(i) + " names " + belief[i] + ", not the highest live process " + highest;
                    }
                } else {
                    if (belief[i] == null) {
                        return trace.node(i) + " names no coordinator";
                    }
                    if (agreed == null) {
                        agreed = belief[i];
                    } else if (!agreed.equals(belief[i])) {
                        return "processes name different coordinators (" + agreed + " and " + belief[i] + ")";
                    }
                }
            }
            return null;
        }

        /** The property on the nodes' final states, read through {@link ElectionParticipant}. */
        private String finalProblem(RunResult run) {
            Trace trace = run.trace();
            NodeId[] belief = new NodeId[trace.nodes().size()];
            boolean[] up = new boolean[belief.length];
            for (int i = 0; i < belief.length; i++) {
                Node<?, ?, ?> node = run.finalNodes().get(i);
                up[i] = node != null;
                if (node instanceof ElectionParticipant participant) {
                    belief[i] = participant.coordinator().orElse(null);
                }
            }
            return problem(trace, belief, up);
        }
    }

    /**
     * Updates the replayed beliefs with one event.
     *
     * @return whether the event may have changed them
     */
    static boolean apply(TraceEvent event, NodeId[] belief, boolean[] up) {
        int node = event.node();
        switch (event.kind()) {
            case START, RECOVER -> {
                up[node] = true;
                belief[node] = null;
            }
            case CRASH -> {
                up[node] = false;
                belief[node] = null;
            }
            case DELIVER -> {
                if (!(event.payload() instanceof LeaderElected elected)) {
                    return false;
                }
                belief[node] = elected.leader();
            }
            case INTERNAL -> {
                if (!(event.payload() instanceof ElectionStarted)) {
                    return false;
                }
                belief[node] = null;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** One process's election: from its first {@link ElectionStarted} to the coordinator it then adopts. */
    record Election(int node, long startNanos, long startEventId, long endNanos, long endEventId, int attempts) {
        boolean ended() {
            return endEventId >= 0;
        }

        long durationNanos() {
            return endNanos - startNanos;
        }
    }

    /** The elections of a run; one that its process's crash cut short is left out. */
    static List<Election> elections(Trace trace, long endNanos) {
        int n = trace.nodes().size();
        TraceEvent[] open = new TraceEvent[n];
        int[] attempts = new int[n];
        List<Election> elections = new ArrayList<>();
        for (TraceEvent event : trace.events()) {
            int node = event.node();
            switch (event.kind()) {
                case INTERNAL -> {
                    if (event.payload() instanceof ElectionStarted) {
                        if (open[node] == null) {
                            open[node] = event;
                            attempts[node] = 0;
                        }
                        attempts[node]++;
                    }
                }
                case DELIVER -> {
                    if (event.payload() instanceof LeaderElected && open[node] != null) {
                        elections.add(new Election(
                                node,
                                open[node].timeNanos(),
                                open[node].id(),
                                event.timeNanos(),
                                event.id(),
                                attempts[node]));
                        open[node] = null;
                    }
                }
                case CRASH -> open[node] = null;
                default -> {}
            }
        }
        for (int node = 0; node < n; node++) {
            if (open[node] != null) {
                elections.add(
                        new Election(node, open[node].timeNanos(), open[node].id(), endNanos, -1, attempts[node]));
            }
        }
        return elections;
    }

    /**
     * Termination: every election ends (its process adopts a coordinator) within the election bound, unless a
     * crash, recovery or partition change falls within the detection bound before it or during it, or the network
     * loses messages; under loss an election must still end before the run does, unless it began less than the
     * stabilisation bound before the end.
     */
    static final class Termination implements PropertyCheck {
        private final ElectionTiming timing;

        Termination(ElectionTiming timing) {
            this.timing = timing;
        }

        @Override
        public String name() {
            return "termination";
        }

        @Override
        public CheckResult check(RunResult run) {
            Trace trace = run.trace();
            SimConfig config = run.config();
            TreeSet<Long> faults = faultTimes(config);
            boolean lossy = config.network().loss() > 0
                    || config.script() != null
                            && config.script().deliveries().stream().anyMatch(d -> d.lost());
            long bound = timing.electionBoundNanos();
            long checked = 0;
            long excused = 0;
            long longest = 0;
            for (Election election : elections(trace, run.endNanos())) {
                Long fault = faults.ceiling(election.startNanos() - timing.detectionBoundNanos());
                boolean faultDuring = fault != null && fault <= election.endNanos();
                if (!election.ended()) {
                    if (run.endNanos() - election.startNanos() > timing.stabilisationBoundNanos()
                            && !(faultDuring && faults.last() > run.endNanos() - timing.stabilisationBoundNanos())) {
                        return CheckResult.violated(
                                name(),
                                trace.node(election.node()) + " started an election at "
                                        + Durations.human(election.startNanos()) + " (" + election.attempts()
                                        + " attempt(s)) that had not ended when the run did",
                                List.of(election.startEventId()));
                    }
                    continue;
                }
                if (faultDuring || lossy) {
                    excused++;
                    continue;
                }
                checked++;
                longest = Math.max(longest, election.durationNanos());
                if (election.durationNanos() > bound) {
                    return CheckResult.violated(
                            name(),
                            trace.node(election.node()) + "'s election took "
                                    + Durations.human(election.durationNanos()) + " (" + election.attempts()
                                    + " attempt(s)), beyond the bound " + Durations.human(bound)
                                    + " with no fault around it",
                            List.of(election.startEventId(), election.endEventId()));
                }
            }
            return CheckResult.held(
                    name(),
                    lossy
                            ? "every election ended (with message loss no time bound holds; the bound without loss is "
                                    + Durations.human(bound) + ")"
                            : checked + " fault-free election(s) each ended within " + Durations.human(bound)
                                    + (checked == 0 ? "" : ", the longest in " + Durations.human(longest))
                                    + (excused == 0
                                            ? ""
                                            : "; " + excused
                                                    + " more, near a crash, recovery, partition or pause, ended"));
        }
    }

    /**
     * Terms are fencing tokens: a process never adopts a smaller term than the one it holds (between a start and
     * a crash), a new coordinator always comes with a larger term, and two different coordinators never share a
     * term anywhere in the run.
     */
    static final class Terms implements PropertyCheck {
        @Override
        public String name() {
            return "terms";
        }

        @Override
        public CheckResult check(RunResult run) {
            Trace trace = run.trace();
            int n = trace.nodes().size();
            long[] term = new long[n];
            NodeId[] leader = new NodeId[n];
            TraceEvent[] last = new TraceEvent[n];
            java.util.Map<Long, TraceEvent> firstByTerm = new java.util.HashMap<>();
            long adoptions = 0;
            for (TraceEvent event : trace.events()) {
                int node = event.node();
                if (event.kind() == EventKind.START || event.kind() == EventKind.RECOVER) {
                    term[node] = Long.MIN_VALUE;
                    leader[node] = null;
                    last[node] = null;
                    continue;
                }
                if (event.kind() != EventKind.DELIVER || !(event.payload() instanceof LeaderElected elected)) {
                    continue;
                }
                adoptions++;
                TraceEvent first = firstByTerm.putIfAbsent(elected.term(), event);
                if (first != null && !((LeaderElected) first.payload()).leader().equals(elected.leader())) {
                    return CheckResult.violated(
                            name(),
                            "term " + elected.term() + " names two coordinators: "
                                    + ((LeaderElected) first.payload()).leader() + " and " + elected.leader(),
                            List.of(first.id(), event.id()));
                }
                boolean newLeader = !elected.leader().equals(leader[node]);
                if (elected.term() < term[node] || newLeader && elected.term() == term[node]) {
                    return CheckResult.violated(
                            name(),
                            trace.node(node) + " went from " + leader[node] + " (term " + term[node] + ") to "
                                    + elected.leader() + " (term " + elected.term() + ")",
                            List.of(last[node].id(), event.id()));
                }
                term[node] = elected.term();
                leader[node] = elected.leader();
                last[node] = event;
            }
            return CheckResult.held(
                    name(),
                    adoptions + " adoption(s), " + firstByTerm.size()
                            + " term(s), each naming one coordinator and never decreasing at a process");
        }
    }
}
