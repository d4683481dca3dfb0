package dev.synchrony.multicast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CausalOrderMulticastTest {

    @Test
    void theLecturesFigureMStarIsPostponedUntilMArrives() {
        FifoNetwork<CausalMessage, NoTimer> net = new FifoNetwork<>(3, CausalOrderMulticast::new);
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
        FifoNetwork<CausalMessage, NoTimer> net = new FifoNetwork<>(2, CausalOrderMulticast::new);
        net.publish(net.id(1), "a");
        net.publish(net.id(2), "b");
        net.drain(new SplittableRandom(1));
        assertThat(net.delivered(net.id(1))).extracting(Delivered::payload).containsExactly("a", "b");
        assertThat(net.delivered(net.id(2))).extracting(Delivered::payload).containsExactly("b", "a");
    }

    @Test
    void randomInterleavingsNeverDeliverBeforeACausalPredecessor() {
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int size = 2 + random.nextInt(4);
            FifoNetwork<CausalMessage, NoTimer> net = new FifoNetwork<>(size, CausalOrderMulticast::new);
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
}
