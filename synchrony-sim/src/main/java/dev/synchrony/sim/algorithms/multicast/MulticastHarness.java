package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.catalog.MulticastEntries;
import dev.synchrony.multicast.MulticastCommand;
import dev.synchrony.multicast.Postponed;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.spec.Harness;
import dev.synchrony.sim.spec.HarnessExtras;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The harness of the multicast family: every process multicasts labelled messages at random times
 * ({@code n1.1}, {@code n1.2}...); scripts publish; the checks are causal order (which total order by Lamport
 * timestamps also respects) and integrity, and the summary lists each process's deliveries. Explored over FIFO
 * channels without the link layer, the channels the lecture's algorithms assume. Each algorithm's extras add its
 * ordering property and its cost against the lecture's analysis.
 */
public final class MulticastHarness implements Harness {

    @Override
    public Workload workload(RunSetup setup) {
        long[] counter = new long[setup.members().size()];
        return Workloads.poisson(
                setup.params().decimal("rate"),
                setup.params().probability("send-until"),
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
        return List.of(new MulticastChecks.CausalOrder(), new MulticastChecks.Integrity());
    }

    /** The deliveries of each process, when few enough to read. */
    @Override
    public void summarize(RunResult run, Summary summary) {
        MulticastRuns runs = MulticastRuns.of(run.trace());
        int shown = 0;
        for (int node = 0; node < run.trace().nodes().size(); node++) {
            List<MulticastRuns.Delivery> deliveries = runs.deliveriesByNode.get(node);
            if (deliveries.size() <= 12 && run.trace().nodes().size() <= 8) {
                summary.line("  " + run.trace().node(node) + " delivered: "
                        + String.join(
                                ", ",
                                deliveries.stream()
                                        .map(d -> String.valueOf(d.delivered().payload()))
                                        .toList()));
                shown++;
            }
        }
        summary.value("deliveriesShown", shown);
    }

    /** What {@code total-order} adds: every process delivers the same sequence, in runs and explored states. */
    public static final class TotalOrderExtras extends HarnessExtras {

        public TotalOrderExtras(Harness family) {
            super(family);
        }

        @Override
        public List<PropertyCheck> checks(RunSetup setup) {
            List<PropertyCheck> checks = new ArrayList<>();
            checks.add(new MulticastChecks.TotalOrder());
            checks.addAll(family.checks(setup));
            return checks;
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            MulticastCost.summarize(run, summary, MulticastEntries.Ordering.TOTAL);
            family.summarize(run, summary);
        }
    }

    /**
     * What {@code sequencer-total-order} adds: the same total-order check as {@code total-order}, and its cost
     * against its own analysis (N messages per multicast unbatched; a batch costs as much as one).
     */
    public static final class SequencerExtras extends HarnessExtras {

        public SequencerExtras(Harness family) {
            super(family);
        }

        @Override
        public List<PropertyCheck> checks(RunSetup setup) {
            List<PropertyCheck> checks = new ArrayList<>();
            checks.add(new MulticastChecks.TotalOrder());
            checks.addAll(family.checks(setup));
            return checks;
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            MulticastCost.summarize(
                    run,
                    summary,
                    "at most 1 submission + N-1 orders (fewer when batched)",
                    run.trace().nodes().size());
            family.summarize(run, summary);
        }
    }

    /** What {@code causal-order} adds: its cost, and the deliveries it postponed and why. */
    public static final class CausalOrderExtras extends HarnessExtras {

        public CausalOrderExtras(Harness family) {
            super(family);
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            MulticastCost.summarize(run, summary, MulticastEntries.Ordering.CAUSAL);
            family.summarize(run, summary);
            List<TraceEvent> postponements = run.trace().withPayload(Postponed.class);
            summary.line("postponed deliveries: " + postponements.size());
            for (TraceEvent event : postponements.subList(0, Math.min(5, postponements.size()))) {
                Postponed p = (Postponed) event.payload();
                summary.line("  " + run.trace().node(event.node()) + " postponed " + p.origin() + "#" + p.sequence()
                        + ": ts(m) = " + p.timestamp() + " but VC = " + p.clock());
            }
            summary.value("postponed", postponements.size());
        }
    }
}
