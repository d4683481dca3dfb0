package dev.synchrony.multicast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CausalOrderMulticastTest {

    @Test
    void theLecturesFigureMStarIsPostponedUntilMArrives() {
        FifoNetwork<CausalMessage, CausalTimer> net = new FifoNetwork<>(3, CausalOrderMulticast::new);
        NodeId p0 = net.id(1);
        NodeId p1 = net.id(2);
        NodeId p2 = net.id(3);
        net.publish(p0, "m");
        net.deliverNext(p0, p1);
        assertThat(net.delivered(p1)).extracting(Delivered::payload).containsExactly("m");
        net.publish(p1, "m*");
        net.deliverNext(p1, p2); // m* reaches P2 before m
        assertThat(net.delivered(p2)).isEmpty();
        assertThat(net.records.get(p2))
                .containsExactly(new Postponed(p1, 1, VectorClock.of(1, 1, 0), VectorClock.of(0, 0, 0)));
        net.deliverNext(p0, p2);
        assertThat(net.delivered(p2)).extracting(Delivered::payload).containsExactly("m", "m*");
        assertThat(((CausalOrderMulticast) net.nodes.get(p2)).clock()).isEqualTo(VectorClock.of(1, 1, 0));
    }

    @Test
    void concurrentMessagesMayBeDeliveredInDifferentOrders() {
        FifoNetwork<CausalMessage, CausalTimer> net = new FifoNetwork<>(2, CausalOrderMulticast::new);
        net.publish(net.id(1), "a");
        net.publish(net.id(2), "b");
        net.drain(new SplittableRandom(1));
        assertThat(net.delivered(net.id(1))).extracting(Delivered::payload).containsExactly("a", "b");
        assertThat(net.delivered(net.id(2))).extracting(Delivered::payload).containsExactly("b", "a");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 256})
    void randomInterleavingsNeverDeliverBeforeACausalPredecessor(int maxBatch) {
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int size = 2 + random.nextInt(4);
            FifoNetwork<CausalMessage, CausalTimer> net =
                    new FifoNetwork<>(size, () -> new CausalOrderMulticast(maxBatch, 0));
            // causal past of each message, as (origin, sequence) strings, built from deliveries (not clocks)
            java.util.Map<String, java.util.Set<String>> pastOf = new java.util.HashMap<>();
            java.util.Map<NodeId, java.util.Set<String>> seen = new java.util.HashMap<>();
            net.members.forEach(id -> seen.put(id, new java.util.HashSet<>()));
            int published = 0;
            for (int step = 0; step < 40; step++) {
                NodeId node = net.members.get(random.nextInt(size));
                if (random.nextInt(3) == 0) {
                    int before = net.delivered(node).size();
                    net.delivered(node).forEach(d -> seen.get(node).add(d.origin() + "#" + d.sequence()));
                    net.publish(node, "m" + published++);
                    Delivered own = net.delivered(node).get(before);
                    pastOf.put(own.origin() + "#" + own.sequence(), java.util.Set.copyOf(seen.get(node)));
                } else if (random.nextInt(4) == 0) {
                    net.fireTimers(node); // the end of node's turn: its batch leaves
                } else {
                    net.deliverNext(net.members.get(random.nextInt(size)), node);
                }
            }
            net.drain(random);
            for (NodeId id : net.members) {
                List<Delivered> delivered = net.delivered(id);
                assertThat(delivered).as("seed %d", seed).hasSize(published);
                java.util.Set<String> done = new java.util.HashSet<>();
                for (Delivered d : delivered) {
                    String key = d.origin() + "#" + d.sequence();
                    assertThat(done).as("seed %d at %s: %s", seed, id, key).containsAll(pastOf.get(key));
                    done.add(key);
                }
            }
        }
    }

    @Test
    void aTurnsMulticastsTravelInOneBatchWithTheLecturesTimestamps() {
        FifoNetwork<CausalMessage, CausalTimer> net = new FifoNetwork<>(3, () -> new CausalOrderMulticast(256, 0));
        NodeId p1 = net.id(1);
        NodeId p2 = net.id(2);
        net.publish(p1, "a");
        net.publish(p1, "b");
        net.publish(p1, "c");
        assertThat(net.delivered(p1)).extracting(Delivered::payload).containsExactly("a", "b", "c");
        assertThat(net.inFlight(p1, p2)).as("held until the turn ends").isEmpty();
        assertThat(net.fireTimers(p1)).isTrue();
        assertThat(net.inFlight(p1, p2))
                .containsExactly(new CausalMessage.Batch(p1, VectorClock.of(1, 0, 0), List.of("a", "b", "c")));
        assertThat(net.sent).isEqualTo(2); // one message to each other process for three multicasts
        net.deliverNext(p1, p2);
        assertThat(net.delivered(p2))
                .containsExactly(new Delivered(p1, 1, "a"), new Delivered(p1, 2, "b"), new Delivered(p1, 3, "c"));
        assertThat(((CausalOrderMulticast) net.nodes.get(p2)).clock()).isEqualTo(VectorClock.of(3, 0, 0));
    }

    @Test
    void aBatchIsSentBeforeItsSenderDeliversAnotherProcesssMessage() {
        FifoNetwork<CausalMessage, CausalTimer> net = new FifoNetwork<>(3, () -> new CausalOrderMulticast(256, 0));
        NodeId p1 = net.id(1);
        NodeId p2 = net.id(2);
        NodeId p3 = net.id(3);
        net.publish(p2, "x");
        net.fireTimers(p2);
        net.publish(p1, "a");
        net.deliverNext(p2, p1); // p1 delivers x: "a" must leave first, with ts (1,0,0), not (1,1,0)
        net.publish(p1, "b"); // b follows x causally
        net.fireTimers(p1);
        assertThat(net.inFlight(p1, p3))
                .containsExactly(
                        new CausalMessage.Update(p1, VectorClock.of(1, 0, 0), "a"),
                        new CausalMessage.Update(p1, VectorClock.of(2, 1, 0), "b"));
        net.deliverNext(p1, p3);
        net.deliverNext(p1, p3); // b waits for x
        assertThat(net.delivered(p3)).extracting(Delivered::payload).containsExactly("a");
        net.deliverNext(p2, p3);
        assertThat(net.delivered(p3)).extracting(Delivered::payload).containsExactly("a", "x", "b");
    }

    @Test
    void aMulticastMadeInsideADeliveryOfABatchCarriesExactlyWhatWasDeliveredBeforeIt() {
        FifoNetwork<CausalMessage, CausalTimer> net = new FifoNetwork<>(3, () -> new CausalOrderMulticast(256, 0));
        NodeId p1 = net.id(1);
        NodeId p2 = net.id(2);
        NodeId p3 = net.id(3);
        // p2 answers each question inside its delivery, as a listener on the runtime's event loop does.
        net.onOutput = (node, output) -> {
            if (node.equals(p2)
                    && output instanceof Delivered d
                    && d.payload() instanceof String q
                    && q.startsWith("q")) {
                net.publish(p2, "a" + q.substring(1));
            }
        };
        for (String q : List.of("q1", "q2", "q3")) {
            net.publish(p1, q);
        }
        net.fireTimers(p1);
        net.deliverNext(p1, p2); // the batch q1..q3
        net.fireTimers(p2);
        assertThat(net.inFlight(p2, p3))
                .containsExactly(
                        new CausalMessage.Update(p2, VectorClock.of(1, 1, 0), "a1"),
                        new CausalMessage.Update(p2, VectorClock.of(2, 2, 0), "a2"),
                        new CausalMessage.Update(p2, VectorClock.of(3, 3, 0), "a3"));
        assertThat(net.delivered(p2))
                .extracting(Delivered::payload)
                .containsExactly("q1", "a1", "q2", "a2", "q3", "a3");
    }

    @Test
    void aFullBatchLeavesWithoutWaitingForTheTimer() {
        FifoNetwork<CausalMessage, CausalTimer> net = new FifoNetwork<>(2, () -> new CausalOrderMulticast(2, 0));
        NodeId p1 = net.id(1);
        NodeId p2 = net.id(2);
        for (String payload : List.of("a", "b", "c")) {
            net.publish(p1, payload);
        }
        assertThat(net.inFlight(p1, p2))
                .containsExactly(new CausalMessage.Batch(p1, VectorClock.of(1, 0), List.of("a", "b")));
        net.fireTimers(p1);
        assertThat(net.inFlight(p1, p2))
                .hasSize(2)
                .last()
                .isEqualTo(new CausalMessage.Update(p1, VectorClock.of(3, 0), "c"));
    }

    @Test
    void maxBatchOneSendsEachMulticastAtOnceWithoutATimer() {
        FifoNetwork<CausalMessage, CausalTimer> net = new FifoNetwork<>(2, () -> new CausalOrderMulticast(1, 0));
        net.publish(net.id(1), "a");
        assertThat(net.inFlight(net.id(1), net.id(2)))
                .containsExactly(new CausalMessage.Update(net.id(1), VectorClock.of(1, 0), "a"));
        assertThat(net.timers.get(net.id(1))).isEmpty();
    }

    @Test
    void postponedBatchesAreHeldPerOriginAndDeliveredWhenTheGapCloses() {
        FifoNetwork<CausalMessage, CausalTimer> net = new FifoNetwork<>(3, () -> new CausalOrderMulticast(256, 0));
        NodeId p1 = net.id(1);
        NodeId p3 = net.id(3);
        CausalMessage first = new CausalMessage.Batch(p1, VectorClock.of(1, 0, 0), List.of("a", "b"));
        CausalMessage second = new CausalMessage.Batch(p1, VectorClock.of(3, 0, 0), List.of("c", "d"));
        CausalMessage third = new CausalMessage.Update(p1, VectorClock.of(5, 0, 0), "e");
        net.inject(p1, p3, third);
        net.inject(p1, p3, second);
        net.inject(p1, p3, second); // a copy
        CausalOrderMulticast node = (CausalOrderMulticast) net.nodes.get(p3);
        assertThat(node.postponedByOrigin().get(p1)).containsExactly(second, third);
        assertThat(node.postponedCount()).isEqualTo(3);
        net.inject(p1, p3, first);
        assertThat(net.delivered(p3)).extracting(Delivered::payload).containsExactly("a", "b", "c", "d", "e");
        assertThat(node.postponedCount()).isZero();
        net.inject(p1, p3, first); // a late copy
        assertThat(net.delivered(p3)).hasSize(5);
    }

    @Test
    void badOptionsAreRefusedByName() {
        assertThatThrownBy(() -> new CausalOrderMulticast(0, 0)).hasMessageContaining("max-batch 0");
        assertThatThrownBy(() -> new CausalOrderMulticast(4, -1)).hasMessageContaining("batch-delay");
    }
}
