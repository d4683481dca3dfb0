package dev.synchrony.sim.algorithms.mutex;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.mutex.CentralizedMutex;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.DecentralizedMutex;
import dev.synchrony.mutex.FailoverMutex;
import dev.synchrony.election.BullyElection;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.RicartAgrawalaMutex;
import dev.synchrony.mutex.TokenRingMutex;
import dev.synchrony.sim.Durations;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.check.PropertyCheck;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.spec.ParamSpec;
import dev.synchrony.sim.spec.Params;
import dev.synchrony.sim.spec.RunSetup;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.spec.Workload;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The simulator harnesses of the four mutual-exclusion algorithms. */
public final class MutexSpecs {

    private MutexSpecs() {
    }

    public static List<AlgorithmSpec> all() {
        return List.of(new Centralized(), new Decentralized(), new RicartAgrawala(), new TokenRing(), new Failover());
    }

    static final List<ParamSpec> WORKLOAD = List.of(
            ParamSpec.of("rate", "2", "requests per process per virtual second of thinking (0: scripted only)"),
            ParamSpec.of("hold", "20ms", "mean time a process holds the resource"),
            ParamSpec.of("hold-spread", "0.5", "hold times are uniform in hold * [1 - spread, 1 + spread]"),
            ParamSpec.of("quiet", "1s", "no new request in the last QUIET of the run, so every request can finish"));

    /** What the four harnesses share: the workload, the scripted commands, the checks and the summary. */
    abstract static class MutexSpec implements AlgorithmSpec {

        abstract List<ParamSpec> ownParams();

        abstract Node<?, ?, ?> newMutexNode(NodeId id, RunSetup setup);

        @Override
        public final List<ParamSpec> params() {
            List<ParamSpec> params = new ArrayList<>(WORKLOAD);
            params.addAll(ownParams());
            return params;
        }

        @Override
        public final Node<?, ?, ?> newNode(NodeId id, RunSetup setup) {
            return ReliableChannels.wrap(newMutexNode(id, setup), setup);
        }

        @Override
        public Workload workload(RunSetup setup) {
            Params params = setup.params();
            return new MutexWorkload(params.decimal("rate"), params.durationNanos("hold"),
                    params.decimal("hold-spread"), params.durationNanos("quiet"));
        }

        @Override
        public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
            ScriptFields command = new ScriptFields(fields, setup);
            return switch (command.action()) {
                case "acquire" -> new MutexCommand.Acquire(command.integer("request"));
                case "release" -> new MutexCommand.Release(command.integer("request"));
                default -> throw command.unknownAction("acquire", "release");
            };
        }

        @Override
        public List<PropertyCheck> checks(RunSetup setup) {
            return List.of(new MutexChecks.Safety(), new MutexChecks.Liveness(), new MutexChecks.Fencing());
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            MutexStats stats = MutexStats.of(run);
            summary.line(String.format(Locale.ROOT, "%d entries, %.2f messages per entry+exit, delay before entry "
                    + "mean %.2f / median %.2f transit times, %.1f entries per virtual second", stats.entries(),
                    stats.messagesPerEntry(), stats.meanDelayTransits(), stats.medianDelayTransits(),
                    stats.entriesPerSecond()));
            List<TraceEvent> entered = run.trace().withPayload(CriticalSection.Entered.class);
            if (entered.size() <= 12) {
                List<String> order = new ArrayList<>();
                for (TraceEvent event : entered) {
                    CriticalSection.Entered entry = (CriticalSection.Entered) event.payload();
                    order.add(run.trace().node(event.node()) + "@" + Durations.human(event.timeNanos())
                            + "(token " + entry.fencingToken() + ")");
                }
                summary.line("entries: " + String.join(", ", order));
            }
            summary.value("entries", stats.entries());
            summary.value("messagesPerEntry", stats.messagesPerEntry());
            summary.value("meanDelayTransits", stats.meanDelayTransits());
            summary.value("entriesPerSecond", stats.entriesPerSecond());
            summary.value("overlaps", stats.overlaps());
            summary.value("entryOrder", entered.stream().map(e -> run.trace().node(e.node()).name()).toList());
        }
    }

    /** {@code central-mutex}. */
    static final class Centralized extends MutexSpec {
        @Override
        public String name() {
            return "central-mutex";
        }

        @Override
        public String description() {
            return "centralized mutual exclusion: a coordinator grants, queues, and grants the next on release";
        }

        @Override
        List<ParamSpec> ownParams() {
            return List.of(ParamSpec.of("coordinator", "", "the coordinating process (default: the first)"));
        }

        @Override
        Node<?, ?, ?> newMutexNode(NodeId id, RunSetup setup) {
            return new CentralizedMutex(setup.memberOption("coordinator"));
        }
    }

    /** {@code failover-mutex}: the centralized algorithm with a bully-elected coordinator and a recovery phase. */
    static final class Failover extends MutexSpec {
        @Override
        public String name() {
            return "failover-mutex";
        }

        @Override
        public String description() {
            return "centralized mutual exclusion with an elected coordinator (bully) that survives its crash";
        }

        @Override
        List<ParamSpec> ownParams() {
            return List.of(ParamSpec.of("heartbeat", "50ms", "the coordinator's heartbeat interval"),
                    ParamSpec.of("detector-timeout", "400ms", "silence after which a process is suspected"),
                    ParamSpec.of("answer-timeout", "100ms", "bully election: wait this long for a take-over"),
                    ParamSpec.of("victory-timeout", "300ms", "bully election: wait this long for the victory"),
                    ParamSpec.of("lost-timeout", "250ms", "a holder no coordinator backs for this long reports the "
                            + "lock lost (keep it below the detector timeout minus a transit)"));
        }

        @Override
        Node<?, ?, ?> newMutexNode(NodeId id, RunSetup setup) {
            Params params = setup.params();
            BullyElection.Settings settings = new BullyElection.Settings(params.durationNanos("heartbeat"),
                    params.durationNanos("detector-timeout"), params.durationNanos("answer-timeout"),
                    params.durationNanos("victory-timeout"), true);
            NodeId heaviest = setup.members().stream().max(NodeId::compareTo).orElseThrow();
            return new FailoverMutex(id, settings, heaviest, params.durationNanos("lost-timeout"));
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            super.summarize(run, summary);
            List<TraceEvent> recoveries = run.trace().withPayload(FailoverMutex.RecoveryFinished.class);
            List<String> coordinators = new ArrayList<>();
            for (TraceEvent event : recoveries) {
                FailoverMutex.RecoveryFinished finished = (FailoverMutex.RecoveryFinished) event.payload();
                coordinators.add(run.trace().node(event.node()) + "@" + Durations.human(event.timeNanos())
                        + "(term " + finished.term() + (finished.holder() == null ? "" : ", kept holder "
                        + finished.holder()) + ")");
            }
            summary.line("coordinators ready: " + String.join(", ", coordinators));
            summary.value("recoveries", recoveries.size());
        }
    }

    /** {@code decentral-mutex}. */
    static final class Decentralized extends MutexSpec {
        @Override
        public String name() {
            return "decentral-mutex";
        }

        @Override
        public String description() {
            return "decentralized voting: m > n/2 of n replica coordinators must vote; coordinators may reset";
        }

        @Override
        public int defaultNodes() {
            return 5;
        }

        @Override
        List<ParamSpec> ownParams() {
            return List.of(ParamSpec.of("quorum", "", "m, the votes needed (default: a bare majority)"),
                    ParamSpec.of("backoff", "5ms", "base of the random backoff after a failed attempt"),
                    ParamSpec.of("reset-mean", "0", "mean time between resets of each coordinator, which then "
                            + "forgets its vote (0: never)"));
        }

        static int quorum(RunSetup setup) {
            String given = setup.params().string("quorum").trim();
            int n = setup.members().size();
            int quorum = given.isEmpty() ? n / 2 + 1 : setup.params().integer("quorum");
            if (quorum <= n / 2.0 || quorum > n) {
                throw new IllegalArgumentException("--quorum: m=" + quorum + " must satisfy n/2 < m <= n (n=" + n + ")");
            }
            return quorum;
        }

        @Override
        Node<?, ?, ?> newMutexNode(NodeId id, RunSetup setup) {
            String reset = setup.params().string("reset-mean").trim();
            long resetMean = reset.equals("0") ? 0 : setup.params().durationNanos("reset-mean");
            return new DecentralizedMutex(quorum(setup), setup.params().durationNanos("backoff"), resetMean);
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            super.summarize(run, summary);
            MutexStats stats = MutexStats.of(run);
            long backoffs = run.trace().withPayload(DecentralizedMutex.Backoff.class).size();
            summary.line("quorum m=" + quorum(run.setup()) + " of n=" + run.setup().members().size() + "; "
                    + backoffs + " failed attempts (backoff); " + stats.coordinatorResets() + " coordinator resets; "
                    + stats.overlaps() + " safety violations" + (stats.coordinatorResets() > 0
                    ? " (expected: a reset coordinator forgets its vote)" : ""));
            summary.value("coordinatorResets", stats.coordinatorResets());
            summary.value("backoffs", backoffs);
        }
    }

    /** {@code ricart-agrawala}. */
    static final class RicartAgrawala extends MutexSpec {
        @Override
        public String name() {
            return "ricart-agrawala";
        }

        @Override
        public String description() {
            return "Ricart-Agrawala: requests stamped (Lamport time, id) to all; OK, queue, or lowest timestamp wins";
        }

        @Override
        List<ParamSpec> ownParams() {
            return List.of(ParamSpec.of("initial-clocks", "", "Lamport clocks at the start, e.g. 0=7,2=11 "
                    + "(the history before the run; default all 0)"));
        }

        static Map<NodeId, Long> initialClocks(RunSetup setup) {
            Map<NodeId, Long> clocks = new LinkedHashMap<>();
            String text = setup.params().string("initial-clocks").trim();
            if (text.isEmpty()) {
                return clocks;
            }
            for (String part : text.split(",")) {
                String[] pair = part.split("=");
                try {
                    NodeId node = NodeId.of(pair[0].trim());
                    if (pair.length != 2 || !setup.members().contains(node)) {
                        throw new IllegalArgumentException("bad entry");
                    }
                    clocks.put(node, Long.parseLong(pair[1].trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--initial-clocks: '" + part + "' is not PROCESS=CLOCK with a "
                            + "member and a whole number");
                }
            }
            return clocks;
        }

        @Override
        Node<?, ?, ?> newMutexNode(NodeId id, RunSetup setup) {
            return new RicartAgrawalaMutex(initialClocks(setup).getOrDefault(id, 0L));
        }

        @Override
        public List<PropertyCheck> checks(RunSetup setup) {
            List<PropertyCheck> checks = new ArrayList<>(super.checks(setup));
            checks.add(new MutexChecks.TimestampOrder());
            return checks;
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            super.summarize(run, summary);
            List<TraceEvent> entered = run.trace().withPayload(CriticalSection.Entered.class);
            if (entered.size() <= 12 && !entered.isEmpty()) {
                summary.line("request timestamps in entry order: " + String.join(", ", entered.stream()
                        .map(e -> run.trace().node(e.node()) + ":" + ((CriticalSection.Entered) e.payload())
                                .requestTimestamp()).toList()));
            }
        }
    }

    /** {@code token-ring}. */
    static final class TokenRing extends MutexSpec {
        @Override
        public String name() {
            return "token-ring";
        }

        @Override
        public String description() {
            return "token ring: one token circulates a logical ring; enter only while holding it";
        }

        @Override
        List<ParamSpec> ownParams() {
            return List.of(ParamSpec.choice("regenerate", "false", "extension: detect a lost token (a crashed holder "
                            + "or successor) by timeouts and regenerate it", "true", "false"),
                    ParamSpec.of("ack-timeout", "2s", "with --regenerate: wait this long for a pass to be confirmed "
                            + "(must exceed the worst delivery time, retransmissions included)"),
                    ParamSpec.of("regenerate-timeout", "5s", "with --regenerate: regenerate the token when it has "
                            + "not come by for this long (must exceed a round of the ring)"));
        }

        @Override
        Node<?, ?, ?> newMutexNode(NodeId id, RunSetup setup) {
            Params params = setup.params();
            if (!params.bool("regenerate")) {
                return new TokenRingMutex();
            }
            return new TokenRingMutex(true, params.durationNanos("ack-timeout"), params.durationNanos("regenerate-timeout"));
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            super.summarize(run, summary);
            long regenerated = run.trace().withPayload(TokenRingMutex.TokenRegenerated.class).size();
            if (regenerated > 0) {
                summary.line(regenerated + " token regenerations, "
                        + run.trace().withPayload(TokenRingMutex.TokenDiscarded.class).size() + " tokens discarded");
            }
            summary.value("regenerations", regenerated);
        }
    }
}
