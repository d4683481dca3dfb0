package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.core.NodeId;
import dev.synchrony.link.LinkProbe;
import dev.synchrony.link.LinkReset;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.spec.Harness;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The harness of the link family, {@code fifo-link}: processes send numbered messages to random peers through the reliable FIFO link layer over
 * a lossy, duplicating, reordering network; the checks verify that each link hands over 1, 2, 3... exactly once
 * and in order, and that nothing is lost when no process crashes and no partition cuts a link.
 */
public final class FifoLinkHarness implements Harness {

    @Override
    public Workload workload(RunSetup setup) {
        double rate = setup.params().decimal("rate");
        double until = setup.params().probability("send-until");
        return Workloads.poisson(rate, until, (node, context) -> {
            List<NodeId> nodes = context.nodes();
            if (nodes.size() < 2) {
                return null;
            }
            int pick = context.random().nextInt(nodes.size() - 1);
            int self = nodes.indexOf(node);
            return new LinkProbe.SendTo(nodes.get(pick >= self ? pick + 1 : pick));
        });
    }

    @Override
    public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        ScriptFields command = new ScriptFields(fields, setup);
        if (!command.action().equals("send")) {
            throw command.unknownAction("send");
        }
        return new LinkProbe.SendTo(command.member("to"));
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        return List.of(new FifoExactlyOnce(), new NoLoss());
    }

    @Override
    public void summarize(RunResult run, Summary summary) {
        Trace trace = run.trace();
        long handedOver = trace.withPayload(LinkProbe.Received.class).size();
        long sent = trace.withPayload(LinkProbe.Sent.class).size();
        LinkOptions.Frames frames = LinkOptions.frames(trace);
        summary.line(String.format(
                Locale.ROOT,
                "link: %d messages sent, %d handed over; %d data frames (%d retransmissions, "
                        + "%d of them spurious, %d detected by the echo), %d acks",
                sent,
                handedOver,
                frames.data(),
                frames.retransmissions(),
                frames.spurious(),
                frames.detected(),
                frames.acks()));
        if (handedOver > 0) {
            summary.line(String.format(
                    Locale.ROOT,
                    "  %.2f frames on the wire per message handed over",
                    (frames.data() + frames.acks()) / (double) handedOver));
        }
        summary.value("messagesSent", sent)
                .value("messagesHandedOver", handedOver)
                .value("dataFrames", frames.data())
                .value("retransmissions", frames.retransmissions())
                .value("spuriousRetransmissions", frames.spurious())
                .value("spuriousDetectedByEcho", frames.detected())
                .value("acks", frames.acks());
    }

    private static String link(Trace trace, int from, int to) {
        return trace.node(from) + "->" + trace.node(to);
    }

    /**
     * Each link hands over 1, 2, 3... in order, each once, and only what was sent. Where the link's contract allows
     * losses (it reported a {@link LinkReset} on that link, or the receiver restarted) the numbers may skip but
     * still increase; a restarted sender numbers from 1 again.
     */
    static final class FifoExactlyOnce implements PropertyCheck {
        @Override
        public String name() {
            return "fifo-exactly-once";
        }

        @Override
        public CheckResult check(RunResult run) {
            Trace trace = run.trace();
            int n = trace.nodes().size();
            long[][] sent = new long[n][n];
            long[][] lastReceived = new long[n][n];
            boolean[][] gapAllowed = new boolean[n][n];
            boolean[] restarted = new boolean[n];
            long delivered = 0;
            for (TraceEvent event : trace.events()) {
                if (event.kind() == EventKind.RECOVER) {
                    int node = event.node();
                    restarted[node] = true;
                    for (int other = 0; other < n; other++) {
                        lastReceived[other][node] = 0;
                        gapAllowed[other][node] = true;
                        sent[node][other] = 0;
                    }
                } else if (event.payload() instanceof LinkReset reset && event.kind() == EventKind.INTERNAL) {
                    gapAllowed[event.node()][trace.nodes().indexOf(reset.peer())] = true;
                } else if (event.payload() instanceof LinkProbe.Sent s && event.kind() == EventKind.INTERNAL) {
                    sent[event.node()][trace.nodes().indexOf(s.to())] = s.number();
                } else if (event.payload() instanceof LinkProbe.Received r && event.kind() == EventKind.DELIVER) {
                    delivered++;
                    int from = trace.nodes().indexOf(r.from());
                    int to = event.node();
                    long last = lastReceived[from][to];
                    boolean inOrder = r.number() == last + 1
                            || (gapAllowed[from][to] && r.number() > last)
                            || (restarted[from] && r.number() == 1);
                    if (!inOrder) {
                        return CheckResult.violated(
                                name(),
                                link(trace, from, to) + " handed over #" + r.number() + " after #" + last,
                                List.of(event.id()));
                    }
                    if (!restarted[from] && r.number() > sent[from][to]) {
                        return CheckResult.violated(
                                name(),
                                link(trace, from, to) + " handed over #" + r.number() + " but only " + sent[from][to]
                                        + " were sent",
                                List.of(event.id()));
                    }
                    lastReceived[from][to] = r.number();
                }
            }
            return CheckResult.held(name(), delivered, delivered + " messages handed over in order, none twice");
        }
    }

    /** With no crash and no partition, every message sent is handed over by the end of the run. */
    static final class NoLoss implements PropertyCheck {
        @Override
        public String name() {
            return "no-loss";
        }

        @Override
        public CheckResult check(RunResult run) {
            if (!run.config().crashes().isEmpty() || !run.config().partitions().isEmpty()) {
                return CheckResult.skipped(name(), "crashes or partitions may lose messages (see the link's contract)");
            }
            Trace trace = run.trace();
            Map<List<Object>, TraceEvent> pending = new HashMap<>();
            for (TraceEvent event : trace.events()) {
                if (event.payload() instanceof LinkProbe.Sent s && event.kind() == EventKind.INTERNAL) {
                    pending.put(List.of(trace.node(event.node()), s.to(), s.number()), event);
                } else if (event.payload() instanceof LinkProbe.Received r && event.kind() == EventKind.DELIVER) {
                    pending.remove(List.of(r.from(), trace.node(event.node()), r.number()));
                }
            }
            if (!pending.isEmpty()) {
                TraceEvent first = pending.values().stream()
                        .min((a, b) -> Long.compare(a.id(), b.id()))
                        .orElseThrow();
                return CheckResult.violated(
                        name(),
                        pending.size() + " messages never handed over, first: " + trace.node(first.node()) + " "
                                + first.payload(),
                        List.of(first.id()));
            }
            return CheckResult.held(name(), "every message sent was handed over");
        }
    }
}
