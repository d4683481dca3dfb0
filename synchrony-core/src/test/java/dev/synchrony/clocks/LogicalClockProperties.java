package dev.synchrony.clocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random executions of a few processes, each event a local step, a send, or the receipt of a message in flight.
 * Happened-before is computed from its definition (process order, send before receipt, transitivity) and the
 * clocks are judged against it.
 */
class LogicalClockProperties {

    /** One step of an execution: process {@code process} does a local event, a send to {@code peer}, or a receive. */
    record Step(int process, int action, int peer, int pick) {}

    /** An event of the execution with its three timestamps and its ancestors (event indices). */
    record Event(int process, LamportClock lamport, VectorClock vector, HybridLogicalClock hlc, BitSet ancestors) {}

    @Provide
    Arbitrary<List<Step>> executions() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 1000))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    private record InFlight(
            int to, LamportClock lamport, VectorClock vector, HybridLogicalClock hlc, BitSet past, int sendEvent) {}

    /** Plays the steps; physical times for the HLC come from the pick field (an arbitrary, skewed clock). */
    static List<Event> play(List<Step> steps) {
        int n = 4;
        LamportClock[] lamport = new LamportClock[n];
        VectorClock[] vector = new VectorClock[n];
        HybridLogicalClock[] hlc = new HybridLogicalClock[n];
        BitSet[] past = new BitSet[n];
        for (int i = 0; i < n; i++) {
            lamport[i] = LamportClock.ZERO;
            vector[i] = VectorClock.zero(n);
            hlc[i] = HybridLogicalClock.ZERO;
            past[i] = new BitSet();
        }
        List<InFlight> inFlight = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (Step step : steps) {
            int p = step.process();
            long physical = step.pick();
            List<InFlight> mine = inFlight.stream().filter(m -> m.to() == p).toList();
            if (step.action() == 2 && !mine.isEmpty()) {
                InFlight message = mine.get(step.pick() % mine.size());
                inFlight.remove(message);
                lamport[p] = lamport[p].receive(message.lamport().time());
                vector[p] = vector[p].receive(message.vector(), p);
                hlc[p] = hlc[p].receive(message.hlc(), physical);
                past[p].or(message.past());
                past[p].set(message.sendEvent());
            } else {
                lamport[p] = lamport[p].tick();
                vector[p] = vector[p].tick(p);
                hlc[p] = hlc[p].tick(physical);
            }
            BitSet ancestors = (BitSet) past[p].clone();
            int index = events.size();
            events.add(new Event(p, lamport[p], vector[p], hlc[p], ancestors));
            past[p].set(index);
            if (step.action() == 1 && step.peer() != p) {
                inFlight.add(new InFlight(step.peer(), lamport[p], vector[p], hlc[p], (BitSet) past[p].clone(), index));
            }
        }
        return events;
    }

    @Property(tries = 300)
    void lamportClocksRespectHappenedBefore(@ForAll("executions") List<Step> steps) {
        List<Event> events = play(steps);
        for (int b = 0; b < events.size(); b++) {
            for (int a = events.get(b).ancestors().nextSetBit(0);
                    a >= 0;
                    a = events.get(b).ancestors().nextSetBit(a + 1)) {
                assertThat(events.get(a).lamport().time())
                        .isLessThan(events.get(b).lamport().time());
            }
        }
    }

    @Property(tries = 300)
    void vectorClocksCharacteriseHappenedBefore(@ForAll("executions") List<Step> steps) {
        List<Event> events = play(steps);
        for (int a = 0; a < events.size(); a++) {
            for (int b = 0; b < events.size(); b++) {
                boolean before = events.get(b).ancestors().get(a);
                assertThat(events.get(a).vector().happenedBefore(events.get(b).vector()))
                        .as("a=%d b=%d", a, b)
                        .isEqualTo(before);
                if (a != b && !before && !events.get(a).ancestors().get(b)) {
                    assertThat(events.get(a).vector().compare(events.get(b).vector()))
                            .isEqualTo(CausalOrder.CONCURRENT);
                }
            }
        }
    }

    @Property(tries = 300)
    void hybridClocksRespectHappenedBeforeAndStayNearPhysicalTime(@ForAll("executions") List<Step> steps) {
        List<Event> events = play(steps);
        long maxPhysical = steps.stream().mapToLong(Step::pick).max().orElse(0);
        for (int b = 0; b < events.size(); b++) {
            assertThat(events.get(b).hlc().l()).isLessThanOrEqualTo(maxPhysical);
            for (int a = events.get(b).ancestors().nextSetBit(0);
                    a >= 0;
                    a = events.get(b).ancestors().nextSetBit(a + 1)) {
                assertThat(events.get(a).hlc()).isLessThan(events.get(b).hlc());
            }
        }
    }
}
