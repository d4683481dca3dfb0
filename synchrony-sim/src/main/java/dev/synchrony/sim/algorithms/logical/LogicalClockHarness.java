package dev.synchrony.sim.algorithms.logical;

import dev.synchrony.clocks.CausalOrder;
import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import dev.synchrony.logical.ClockDemoCommand;
import dev.synchrony.logical.ClockEventKind;
import dev.synchrony.logical.LamportStamp;
import dev.synchrony.logical.VectorStamp;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.spec.Harness;
import dev.synchrony.sim.spec.HarnessExtras;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.HappenedBefore;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness of the logical clock family: processes exchange messages at random (the nodes' own activity) or as a
 * lecture figure scripts ({@code do: send}, {@code do: local}); explored with one message to every other process.
 * Each algorithm's extras add the property its clocks promise.
 */
public final class LogicalClockHarness implements Harness {

    /** Beyond this many recorded events the vector check compares process-order and message pairs only. */
    static final int ALL_PAIRS_LIMIT = 2_000;

    @Override
    public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        ScriptFields command = new ScriptFields(fields, setup);
        return switch (command.action()) {
            case "send" -> new ClockDemoCommand.SendTo(command.member("to"), command.string("label"));
            case "local" -> new ClockDemoCommand.LocalEvent(command.string("label"));
            default -> throw command.unknownAction("send", "local");
        };
    }

    /** The recorded stamps of a trace in trace order, with the trace event each came with. */
    static <S> List<TraceEvent> stamps(Trace trace, Class<S> type) {
        return trace.withPayload(type).stream()
                .filter(e -> e.kind() == EventKind.INTERNAL)
                .toList();
    }

    /**
     * Pairs (a, b) of recorded events where a directly precedes b: consecutive on one process, or the send and
     * the receipt of one message. The clock condition on these implies it on all of happened-before.
     */
    static List<int[]> generatingEdges(
            Trace trace, List<TraceEvent> stamps, java.util.function.Function<Object, ClockEventKind> kindOf) {
        List<int[]> edges = new ArrayList<>();
        Map<Integer, Integer> lastOnProcess = new HashMap<>();
        Map<Long, Integer> sendStampByMessage = new HashMap<>();
        Integer pendingSendStamp = null;
        int pendingNode = -1;
        Map<Integer, Long> lastReceivedMessage = new HashMap<>();
        int stampIndex = 0;
        for (TraceEvent event : trace.events()) {
            if (stampIndex < stamps.size() && stamps.get(stampIndex).id() == event.id()) {
                int index = stampIndex++;
                Integer previous = lastOnProcess.put(event.node(), index);
                if (previous != null) {
                    edges.add(new int[] {previous, index});
                }
                ClockEventKind kind = kindOf.apply(event.payload());
                if (kind == ClockEventKind.SEND) {
                    pendingSendStamp = index;
                    pendingNode = event.node();
                } else if (kind == ClockEventKind.RECEIVE) {
                    Long message = lastReceivedMessage.get(event.node());
                    Integer send = message == null ? null : sendStampByMessage.get(message);
                    if (send != null) {
                        edges.add(new int[] {send, index});
                    }
                }
            } else if (event.kind() == EventKind.SEND && pendingSendStamp != null && event.node() == pendingNode) {
                sendStampByMessage.put(event.messageId(), pendingSendStamp);
                pendingSendStamp = null;
            } else if (event.kind() == EventKind.RECEIVE) {
                lastReceivedMessage.put(event.node(), event.messageId());
            }
        }
        return edges;
    }

    static String describe(Trace trace, TraceEvent event) {
        return trace.node(event.node()) + " " + event.payload();
    }

    /** What {@code lamport} adds: the clock condition, checked in runs and in every explored step. */
    public static final class LamportExtras extends HarnessExtras {

        public LamportExtras(Harness family) {
            super(family);
        }

        @Override
        public List<PropertyCheck> checks(RunSetup setup) {
            return List.of(new ClockConditionCheck());
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            List<TraceEvent> stamps = stamps(run.trace(), LamportStamp.class);
            Map<String, List<String>> byProcess = new LinkedHashMap<>();
            for (NodeId node : run.trace().nodes()) {
                byProcess.put(node.name(), new ArrayList<>());
            }
            for (TraceEvent event : stamps) {
                LamportStamp stamp = (LamportStamp) event.payload();
                byProcess.get(run.trace().node(event.node()).name()).add(stamp.toString());
            }
            if (stamps.size() <= 40) {
                summary.line("Lamport timestamps:");
                byProcess.forEach((node, list) -> summary.line("  " + node + ": " + String.join(", ", list)));
            }
            summary.value("lamportEvents", byProcess);
        }
    }

    /** P1 and P2 of the lecture: C(a) &lt; C(b) whenever a -> b. */
    static final class ClockConditionCheck implements PropertyCheck {
        @Override
        public String name() {
            return "clock-condition";
        }

        @Override
        public CheckResult check(RunResult run) {
            Trace trace = run.trace();
            List<TraceEvent> stamps = stamps(trace, LamportStamp.class);
            List<int[]> edges = generatingEdges(trace, stamps, p -> ((LamportStamp) p).kind());
            for (int[] edge : edges) {
                TraceEvent a = stamps.get(edge[0]);
                TraceEvent b = stamps.get(edge[1]);
                LamportStamp first = (LamportStamp) a.payload();
                LamportStamp second = (LamportStamp) b.payload();
                if (first.clock() >= second.clock()) {
                    return CheckResult.violated(
                            name(),
                            describe(trace, a) + " happened before " + describe(trace, b) + " but C = " + first.clock()
                                    + " >= " + second.clock(),
                            List.of(a.id(), b.id()));
                }
            }
            return CheckResult.held(
                    name(),
                    stamps.size(),
                    stamps.size() + " timestamped events, " + edges.size()
                            + " process-order and message pairs (they generate happened-before)");
        }
    }

    /** What {@code vector} adds: VC(a) &lt; VC(b) exactly when a -&gt; b, checked in runs and explored steps. */
    public static final class VectorExtras extends HarnessExtras {

        public VectorExtras(Harness family) {
            super(family);
        }

        @Override
        public List<PropertyCheck> checks(RunSetup setup) {
            return List.of(new VectorCausalityCheck());
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            Map<String, VectorClock> sent = new LinkedHashMap<>();
            for (TraceEvent event : stamps(run.trace(), VectorStamp.class)) {
                VectorStamp stamp = (VectorStamp) event.payload();
                if (stamp.kind() == ClockEventKind.SEND) {
                    sent.put(stamp.label(), stamp.clock());
                }
            }
            if (sent.size() <= 8 && !sent.isEmpty()) {
                summary.line("Message timestamps vt(m): "
                        + String.join(
                                ", ",
                                sent.entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .toList()));
                List<String> relations = new ArrayList<>();
                List<String> labels = new ArrayList<>(sent.keySet());
                for (int i = 0; i < labels.size(); i++) {
                    for (int j = i + 1; j < labels.size(); j++) {
                        CausalOrder order = sent.get(labels.get(i)).compare(sent.get(labels.get(j)));
                        String verdict = switch (order) {
                            case BEFORE -> labels.get(i) + " may causally precede " + labels.get(j);
                            case AFTER -> labels.get(j) + " may causally precede " + labels.get(i);
                            case CONCURRENT -> labels.get(i) + " and " + labels.get(j) + " are concurrent";
                            case EQUAL -> labels.get(i) + " and " + labels.get(j) + " have equal timestamps";
                        };
                        relations.add(verdict);
                    }
                }
                relations.forEach(r -> summary.line("  " + r));
                summary.value("messageRelations", relations);
            }
        }
    }

    /** Vector clocks characterise causality: VC(a) &lt; VC(b) exactly when a -> b. */
    static final class VectorCausalityCheck implements PropertyCheck {
        @Override
        public String name() {
            return "vector-causality";
        }

        @Override
        public CheckResult check(RunResult run) {
            Trace trace = run.trace();
            List<TraceEvent> stamps = stamps(trace, VectorStamp.class);
            if (stamps.size() > ALL_PAIRS_LIMIT) {
                stamps = stamps.subList(0, ALL_PAIRS_LIMIT);
            }
            HappenedBefore truth = new HappenedBefore(trace, stamps);
            long pairs = 0;
            for (int a = 0; a < stamps.size(); a++) {
                VectorClock first = ((VectorStamp) stamps.get(a).payload()).clock();
                for (int b = 0; b < stamps.size(); b++) {
                    if (a == b) {
                        continue;
                    }
                    pairs++;
                    VectorClock second = ((VectorStamp) stamps.get(b).payload()).clock();
                    boolean clockSays = first.happenedBefore(second);
                    boolean reallyBefore = truth.before(a, b);
                    if (clockSays != reallyBefore) {
                        TraceEvent x = stamps.get(a);
                        TraceEvent y = stamps.get(b);
                        return CheckResult.violated(
                                name(),
                                describe(trace, x) + (reallyBefore ? " happened before " : " did not happen before ")
                                        + describe(trace, y) + " but VC comparison says " + first.compare(second),
                                List.of(x.id(), y.id()));
                    }
                }
            }
            return CheckResult.held(
                    name(),
                    stamps.size(),
                    stamps.size() + " events, " + pairs + " ordered pairs compared with happened-before");
        }
    }
}
