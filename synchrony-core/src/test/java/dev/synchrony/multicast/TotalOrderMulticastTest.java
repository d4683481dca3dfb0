package dev.synchrony.multicast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NoTimer;
import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TotalOrderMulticastTest {

    @Test
    void sendsTheUpdateToOthersAndAcknowledgesToEveryone() {
        FifoNetwork<TotalOrderMessage, NoTimer> net = new FifoNetwork<>(3, TotalOrderMulticast::new);
        net.publish(net.id(1), "x");
        // N-1 updates and the sender's own N-1 acknowledgements
        assertThat(net.sent).isEqualTo(4);
        assertThat(net.delivered(net.id(1))).isEmpty();
        net.drain(new SplittableRandom(1));
        // each of the 2 receivers acknowledges to the 2 others: N(N-1) acknowledgements in all
        assertThat(net.sent).isEqualTo(2 + 3 * 2);
        for (NodeId id : net.members) {
            assertThat(net.delivered(id)).containsExactly(new Delivered(net.id(1), 1, "x"));
        }
    }

    @Test
    void anUpdateStampedBelowWhatTheReceiverSentIsAcknowledgedCumulatively() {
        FifoNetwork<TotalOrderMessage, NoTimer> net = new FifoNetwork<>(2, TotalOrderMulticast::new);
        NodeId n1 = net.id(1);
        NodeId n2 = net.id(2);
        net.publish(n2, "b1"); // n2 sends b1 @1 and its acknowledgement @2
        net.publish(n2, "b2"); // b2 @3, acknowledgement @4
        net.publish(n1, "a"); // concurrent: a @1, acknowledgement @2
        long before = net.sent;
        net.deliverNext(n1, n2); // n2 receives a @1: it already sent @4 to n1, which acknowledges a
        assertThat(net.sent)
                .as("no acknowledgement for an update stamped below what n2 sent")
                .isEqualTo(before);
        net.drain(new SplittableRandom(5));
        for (NodeId id : net.members) {
            assertThat(net.delivered(id)).extracting(Delivered::payload).containsExactly("a", "b1", "b2");
        }
    }

    @Test
    void waitsForALaterMessageFromEveryProcess() {
        FifoNetwork<TotalOrderMessage, NoTimer> net = new FifoNetwork<>(3, TotalOrderMulticast::new);
        NodeId n1 = net.id(1);
        NodeId n2 = net.id(2);
        NodeId n3 = net.id(3);
        net.publish(n1, "x");
        net.deliverNext(n1, n2); // the update
        net.deliverNext(n1, n2); // n1's own acknowledgement
        assertThat(net.delivered(n2)).as("nothing later from n3 yet").isEmpty();
        net.deliverNext(n1, n3);
        net.deliverNext(n3, n2); // n3's acknowledgement, later than the update
        assertThat(net.delivered(n2)).containsExactly(new Delivered(n1, 1, "x"));
    }

    @Test
    void equalTimestampsAreOrderedBySenderEverywhere() {
        FifoNetwork<TotalOrderMessage, NoTimer> net = new FifoNetwork<>(2, TotalOrderMulticast::new);
        net.publish(net.id(2), "b"); // both stamped 1
        net.publish(net.id(1), "a");
        net.drain(new SplittableRandom(3));
        for (NodeId id : net.members) {
            assertThat(net.delivered(id)).extracting(Delivered::payload).containsExactly("a", "b");
        }
    }

    @Test
    void everyInterleavingGivesEveryProcessTheSameSequence() {
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int size = 2 + random.nextInt(4);
            FifoNetwork<TotalOrderMessage, NoTimer> net = new FifoNetwork<>(size, TotalOrderMulticast::new);
            int published = 0;
            for (int step = 0; step < 30; step++) {
                if (random.nextInt(3) == 0) {
                    net.publish(net.members.get(random.nextInt(size)), "m" + published++);
                } else {
                    NodeId from = net.members.get(random.nextInt(size));
                    NodeId to = net.members.get(random.nextInt(size));
                    net.deliverNext(from, to);
                }
            }
            net.drain(random);
            List<Delivered> reference = net.delivered(net.id(1));
            assertThat(reference).as("seed %d", seed).hasSize(published);
            for (NodeId id : net.members) {
                assertThat(net.delivered(id)).as("seed %d at %s", seed, id).isEqualTo(reference);
                assertThat(((TotalOrderMulticast) net.nodes.get(id)).queued()).isZero();
            }
        }
    }

    @Test
    void copiesAreEqualAndIndependent() {
        FifoNetwork<TotalOrderMessage, NoTimer> net = new FifoNetwork<>(2, TotalOrderMulticast::new);
        net.publish(net.id(1), "x");
        TotalOrderMulticast node = (TotalOrderMulticast) net.nodes.get(net.id(1));
        TotalOrderMulticast copy = node.copy();
        assertThat(copy).isEqualTo(node).hasSameHashCodeAs(node);
        net.drain(new SplittableRandom(1));
        assertThat(copy).isNotEqualTo(node);
        assertThat(copy.queued()).isEqualTo(1);
        assertThat(node.queued()).isZero();
    }
}
