package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.multicast.CausalOrderMulticast;
import dev.synchrony.multicast.MulticastCommand;
import dev.synchrony.multicast.Postponed;
import dev.synchrony.multicast.TotalOrderMulticast;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.check.PropertyCheck;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.spec.ParamSpec;
import dev.synchrony.sim.spec.RunSetup;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.spec.Workload;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code total-order} and {@code causal-order}: every process multicasts labelled messages at random times
 * ({@code n1.1}, {@code n1.2}...) over the reliable FIFO link layer; the checks are the ordering property, causal
 * order (which total order by Lamport timestamps also respects) and integrity.
 */
public final class OrderedMulticastSpec implements AlgorithmSpec {

    private final MulticastCost.Ordering ordering;

    private OrderedMulticastSpec(MulticastCost.Ordering ordering) {
        this.ordering = ordering;
    }

    public static OrderedMulticastSpec total() {
        return new OrderedMulticastSpec(MulticastCost.Ordering.TOTAL);
    }

    public static OrderedMulticastSpec causal() {
        return new OrderedMulticastSpec(MulticastCost.Ordering.CAUSAL);
    }

    @Override
    public String name() {
        return ordering == MulticastCost.Ordering.TOTAL ? "total-order" : "causal-order";
    }

    @Override
    public String description() {
        return ordering == MulticastCost.Ordering.TOTAL
                ? "totally ordered multicast: Lamport-timestamped queue, acknowledgements to all (over reliable FIFO links)"
                : "causally ordered multicast: vector timestamps, postponed until ts(m)[i] = VC[i]+1 and ts(m)[k] <= VC[k]";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> params = new ArrayList<>();
        params.add(ParamSpec.of("rate", "5", "multicasts each process starts per virtual second"));
        params.add(ParamSpec.of("send-until", "0.6", "fraction of the run during which processes multicast (the rest drains)"));
        params.addAll(LinkOptions.PARAMS);
        return params;
    }

    @Override
    public Node<?, ?, ?> newNode(NodeId id, RunSetup setup) {
        Node<?, ?, ?> algorithm = ordering == MulticastCost.Ordering.TOTAL ? new TotalOrderMulticast()
                : new CausalOrderMulticast();
        return LinkOptions.wrap(algorithm, setup.params());
    }

    @Override
    public Workload workload(RunSetup setup) {
        long[] counter = new long[setup.members().size()];
        return Workloads.poisson(setup.params().decimal("rate"), setup.params().probability("send-until"),
                (node, context) -> new MulticastCommand.Publish(node + "." + ++counter[setup.indexOf(node)]));
    }

    @Override
    public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        ScriptFields command = new ScriptFields(fields, setup);
        if (!command.action().equals("publish")) {
            throw command.unknownAction("publish");
        }
        return new MulticastCommand.Publish(command.string("payload"));
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        List<PropertyCheck> checks = new ArrayList<>();
        if (ordering == MulticastCost.Ordering.TOTAL) {
            checks.add(new MulticastChecks.TotalOrder());
        }
        checks.add(new MulticastChecks.CausalOrder());
        checks.add(new MulticastChecks.Integrity());
        return checks;
    }

    @Override
    public void summarize(RunResult run, Summary summary) {
        MulticastCost.summarize(run, summary, ordering);
        MulticastRuns runs = MulticastRuns.of(run.trace());
        int shown = 0;
        for (int node = 0; node < run.trace().nodes().size(); node++) {
            List<MulticastRuns.Delivery> deliveries = runs.deliveriesByNode.get(node);
            if (deliveries.size() <= 12 && run.trace().nodes().size() <= 8) {
                summary.line("  " + run.trace().node(node) + " delivered: " + String.join(", ",
                        deliveries.stream().map(d -> String.valueOf(d.delivered().payload())).toList()));
                shown++;
            }
        }
        List<TraceEvent> postponements = run.trace().withPayload(Postponed.class);
        if (ordering == MulticastCost.Ordering.CAUSAL) {
            summary.line("postponed deliveries: " + postponements.size());
            for (TraceEvent event : postponements.subList(0, Math.min(5, postponements.size()))) {
                Postponed p = (Postponed) event.payload();
                summary.line("  " + run.trace().node(event.node()) + " postponed " + p.origin() + "#" + p.sequence()
                        + ": ts(m) = " + p.timestamp() + " but VC = " + p.clock());
            }
            summary.value("postponed", postponements.size());
        }
        summary.value("deliveriesShown", shown);
    }
}
