package dev.synchrony.sim.algorithms.multicast;

import dev.synchrony.catalog.Durations;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.DrainTime;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.algorithms.multicast.MulticastRuns.Delivery;
import dev.synchrony.sim.algorithms.multicast.MulticastRuns.Publication;
import dev.synchrony.sim.algorithms.multicast.MulticastRuns.Restart;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The properties of ordered multicast, checked from the trace alone. */
final class MulticastChecks {

    private MulticastChecks() {}

    /**
     * Total order: every process delivers the same sequence. At the end of a run some processes may be behind, so
     * each process's sequence must be a prefix of the longest one. Processes that crashed are left out (the
     * algorithm assumes none does; a restarted process starts with an empty history).
     */
    static final class TotalOrder implements PropertyCheck {
        @Override
        public String name() {
            return "total-order";
        }

        @Override
        public CheckResult check(RunResult run) {
            MulticastRuns runs = MulticastRuns.of(run.trace());
            Set<Integer> compared = runs.neverCrashed();
            List<Delivery> longest = List.of();
            for (int node : compared) {
                if (runs.deliveriesByNode.get(node).size() > longest.size()) {
                    longest = runs.deliveriesByNode.get(node);
                }
            }
            for (int node : compared) {
                List<Delivery> mine = runs.deliveriesByNode.get(node);
                for (int i = 0; i < mine.size(); i++) {
                    if (!mine.get(i).delivered().equals(longest.get(i).delivered())) {
                        return CheckResult.violated(
                                name(),
                                "delivery " + (i + 1) + " differs: "
                                        + run.trace().node(node) + " delivered "
                                        + mine.get(i).delivered() + ", "
                                        + run.trace().node(longest.get(i).node()) + " delivered "
                                        + longest.get(i).delivered(),
                                List.of(
                                        mine.get(i).event().id(),
                                        longest.get(i).event().id()));
                    }
                }
            }
            return CheckResult.held(
                    name(),
                    longest.size(),
                    compared.size() + " processes delivered the same sequence ("
                            + longest.size() + " messages"
                            + (compared.size() < run.trace().nodes().size()
                                    ? "; crashed processes not compared)"
                                    : ")"));
        }
    }

    /**
     * Causal order: no process delivers a message before one that causally precedes it. m causally precedes m'
     * when the process that published m' had published or delivered m before publishing m' (directly or through
     * a chain of such steps). This relation is built from the trace's publish and deliver events in trace order;
     * it uses none of the algorithm's clocks. (Raw message receipts are not counted: a receipt that the
     * algorithm holds back, or a link acknowledgement, does not make m known to the application.) A process that
     * crashed and restarted has lost its deliveries: its new incarnation's deliveries are not judged (the
     * algorithms assume no crash), though what it publishes still counts in the others' causal past.
     */
    static final class CausalOrder implements PropertyCheck {
        @Override
        public String name() {
            return "causal-order";
        }

        @Override
        public CheckResult check(RunResult run) {
            MulticastRuns runs = MulticastRuns.of(run.trace());
            int n = run.trace().nodes().size();
            BitSet[] past = new BitSet[n];
            BitSet[] delivered = new BitSet[n];
            for (int i = 0; i < n; i++) {
                past[i] = new BitSet();
                delivered[i] = new BitSet();
            }
            BitSet[] pastAtPublish = new BitSet[runs.publications.size()];
            boolean[] restarted = new boolean[n];
            long checked = 0;
            for (Object step : runs.timeline) {
                switch (step) {
                    case Restart restart -> {
                        // A restarted process has lost what it delivered: its new incarnation is not judged.
                        past[restart.node()] = new BitSet();
                        delivered[restart.node()] = new BitSet();
                        restarted[restart.node()] = true;
                    }
                    case Publication publication -> {
                        pastAtPublish[publication.index()] = (BitSet) past[publication.origin()].clone();
                        past[publication.origin()].set(publication.index());
                    }
                    case Delivery delivery -> {
                        Publication publication = delivery.publication();
                        if (publication == null || restarted[delivery.node()]) {
                            continue; // invented (the integrity check reports it), or at a restarted process
                        }
                        checked++;
                        BitSet missing = (BitSet) pastAtPublish[publication.index()].clone();
                        missing.andNot(delivered[delivery.node()]);
                        if (!missing.isEmpty()) {
                            Publication before = runs.publications.get(missing.nextSetBit(0));
                            return CheckResult.violated(
                                    name(),
                                    run.trace().node(delivery.node()) + " delivered "
                                            + runs.describe(publication) + " before " + runs.describe(before)
                                            + ", which causally precedes it",
                                    List.of(
                                            before.event().id(),
                                            delivery.event().id()));
                        }
                        delivered[delivery.node()].set(publication.index());
                        past[delivery.node()].or(pastAtPublish[publication.index()]);
                        past[delivery.node()].set(publication.index());
                    }
                    default -> throw new IllegalStateException("unexpected " + step);
                }
            }
            return CheckResult.held(name(), checked, checked + " deliveries, each after all its causal predecessors");
        }
    }

    /**
     * Integrity: no message is delivered twice by one process (incarnation), none is delivered that no process
     * published, and, when no process crashes and no partition is set, every published message is delivered by
     * every process by the end of the run. With crashes or partitions that last part is not checked: the ordered
     * multicasts assume neither, and messages to or from a crashed process are expected to be lost.
     */
    static final class Integrity implements PropertyCheck {
        @Override
        public String name() {
            return "integrity";
        }

        @Override
        public CheckResult check(RunResult run) {
            MulticastRuns runs = MulticastRuns.of(run.trace());
            int n = run.trace().nodes().size();
            List<Set<Integer>> seen = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                seen.add(new HashSet<>());
            }
            long deliveries = 0;
            for (Object step : runs.timeline) {
                if (step instanceof Restart restart) {
                    seen.set(restart.node(), new HashSet<>());
                } else if (step instanceof Delivery delivery) {
                    deliveries++;
                    if (delivery.publication() == null
                            || delivery.publication().event().id()
                                    > delivery.event().id()) {
                        return CheckResult.violated(
                                name(),
                                run.trace().node(delivery.node()) + " delivered " + delivery.delivered()
                                        + ", which no process had published",
                                List.of(delivery.event().id()));
                    }
                    if (!seen.get(delivery.node()).add(delivery.publication().index())) {
                        return CheckResult.violated(
                                name(),
                                run.trace().node(delivery.node()) + " delivered "
                                        + runs.describe(delivery.publication()) + " twice",
                                List.of(delivery.event().id()));
                    }
                }
            }
            boolean faultFree = run.config().crashes().isEmpty()
                    && run.config().partitions().isEmpty();
            if (!faultFree) {
                return CheckResult.held(
                        name(),
                        deliveries,
                        deliveries + " deliveries, none twice or invented (loss not checked: "
                                + "crashes or partitions were configured, which the ordered multicasts do not tolerate)");
            }
            for (int node = 0; node < n; node++) {
                for (Publication publication : runs.publications) {
                    if (!seen.get(node).contains(publication.index())) {
                        return CheckResult.violated(
                                name(),
                                run.trace().node(node) + " never delivered " + runs.describe(publication)
                                        + " by the end of the run" + drainHint(run),
                                List.of(publication.event().id()));
                    }
                }
            }
            return CheckResult.held(
                    name(),
                    runs.publications.size(),
                    runs.publications.size() + " messages published, each delivered once by all " + n
                            + " processes; none invented");
        }

        /**
         * Why a message may still be on its way: the run ended sooner after its last pause or partition than the
         * link layer may need to drain its retransmissions ({@link DrainTime}). The violation stands (the run's
         * duration was chosen); the hint says how long a run would settle it.
         */
        private static String drainHint(RunResult run) {
            if (run.setup() == null) {
                return "";
            }
            long windowEnd = DrainTime.lastWindowEndNanos(run.config());
            long drain = DrainTime.nanos(run.setup());
            if (windowEnd == 0 || windowEnd + drain <= run.endNanos()) {
                return "";
            }
            long enough = (windowEnd + drain + 999_999) / 1_000_000 * 1_000_000;
            return " (it ended " + Durations.format(run.endNanos() - windowEnd)
                    + " after the last pause or partition, and the link may need " + Durations.format(drain)
                    + " to drain its retransmissions: a run of --duration " + Durations.format(enough)
                    + " would settle it)";
        }
    }
}
