package dev.synchrony.multicast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TotalOrderMulticastTest {

    @Test
    void sendsTheUpdateToOthersWhoAcknowledgeToEveryoneButTheSenderDoesNotAcknowledgeItsOwn() {
        FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = new FifoNetwork<>(3, TotalOrderMulticast::new);
        net.publish(net.id(1), "x");
        // N-1 updates; the update is the sender's own later message, so no acknowledgement of its own
        assertThat(net.sent).isEqualTo(2);
        assertThat(net.inFlight(net.id(1), net.id(2)))
                .containsExactly(TotalOrderMessage.Update.of(net.id(1), 1, 1, "x"));
        assertThat(net.delivered(net.id(1))).isEmpty();
        net.drain(new SplittableRandom(1));
        // each of the 2 receivers acknowledges to the 2 others: (N-1)(N-1) acknowledgements in all
        assertThat(net.sent).isEqualTo(2 + 2 * 2);
        for (NodeId id : net.members) {
            assertThat(net.delivered(id)).containsExactly(new Delivered(net.id(1), 1, "x"));
        }
    }

    @Test
    void anUpdateStampedBelowWhatTheReceiverSentIsAcknowledgedCumulatively() {
        FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = new FifoNetwork<>(2, TotalOrderMulticast::new);
        NodeId n1 = net.id(1);
        NodeId n2 = net.id(2);
        net.publish(n2, "b1"); // n2 sends b1 @1
        net.publish(n2, "b2"); // b2 @2
        net.publish(n1, "a"); // concurrent: a @1
        long before = net.sent;
        net.deliverNext(n1, n2); // n2 receives a @1: it already sent b2 @2 to n1, which acknowledges a
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
        FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = new FifoNetwork<>(3, TotalOrderMulticast::new);
        NodeId n1 = net.id(1);
        NodeId n2 = net.id(2);
        NodeId n3 = net.id(3);
        net.publish(n1, "x");
        net.deliverNext(n1, n2); // the update, which is also n1's later message
        assertThat(net.delivered(n2)).as("nothing later from n3 yet").isEmpty();
        net.deliverNext(n1, n3);
        net.deliverNext(n3, n2); // n3's acknowledgement, later than the update
        assertThat(net.delivered(n2)).containsExactly(new Delivered(n1, 1, "x"));
    }

    @Test
    void equalTimestampsAreOrderedBySenderEverywhere() {
        FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = new FifoNetwork<>(2, TotalOrderMulticast::new);
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
            FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = new FifoNetwork<>(size, TotalOrderMulticast::new);
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

    private static FifoNetwork<TotalOrderMessage, TotalOrderTimer> batching(int size, int maxBatch) {
        return new FifoNetwork<>(size, () -> new TotalOrderMulticast(maxBatch, 0));
    }

    @Test
    void publicationsOfOneTurnLeaveInOneUpdateWithConsecutiveTimestamps() {
        FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = batching(3, 256);
        NodeId n1 = net.id(1);
        net.publish(n1, "a");
        net.publish(n1, "b");
        net.publish(n1, "c");
        assertThat(net.sent).as("nothing leaves before the flush").isZero();
        net.fireTimers(n1);
        assertThat(net.inFlight(n1, net.id(2)))
                .containsExactly(new TotalOrderMessage.Update(n1, 1, 1, List.of("a", "b", "c")));
        net.drain(new SplittableRandom(2));
        // 2 updates, then each receiver's one acknowledgement to the 2 others
        assertThat(net.sent).isEqualTo(2 + 2 * 2);
        for (NodeId id : net.members) {
            assertThat(net.delivered(id))
                    .containsExactly(new Delivered(n1, 1, "a"), new Delivered(n1, 2, "b"), new Delivered(n1, 3, "c"));
        }
    }

    @Test
    void aFullBatchLeavesWithoutWaitingForTheTimer() {
        FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = batching(2, 2);
        NodeId n1 = net.id(1);
        for (int i = 1; i <= 5; i++) {
            net.publish(n1, "m" + i);
        }
        assertThat(net.inFlight(n1, net.id(2)))
                .containsExactly(
                        new TotalOrderMessage.Update(n1, 1, 1, List.of("m1", "m2")),
                        new TotalOrderMessage.Update(n1, 3, 3, List.of("m3", "m4")));
        net.drain(new SplittableRandom(3));
        assertThat(net.delivered(net.id(2)))
                .extracting(Delivered::payload)
                .containsExactly("m1", "m2", "m3", "m4", "m5");
    }

    @Test
    void updatesReceivedInOneTurnGetOneAcknowledgementAtTheFlush() {
        FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = batching(3, 1);
        NodeId n1 = net.id(1);
        NodeId n2 = net.id(2);
        NodeId n3 = net.id(3);
        net.publish(n1, "a"); // max-batch 1: leaves at once
        net.publish(n1, "b");
        FifoNetwork<TotalOrderMessage, TotalOrderTimer> batched = batching(3, 256);
        // The same two updates reach a batching receiver: it owes one acknowledgement, sent at its flush.
        batched.inject(n1, n2, net.inFlight(n1, n2).get(0));
        batched.inject(n1, n2, net.inFlight(n1, n2).get(1));
        assertThat(batched.sent).as("the acknowledgement waits for the flush").isZero();
        batched.fireTimers(n2);
        assertThat(batched.inFlight(n2, n1)).containsExactly(new TotalOrderMessage.Acknowledgement(n1, 2, 4));
        assertThat(batched.inFlight(n2, n3)).containsExactly(new TotalOrderMessage.Acknowledgement(n1, 2, 4));
    }

    @Test
    void anUpdateLeavingInTheSameTurnAcknowledgesWhatWasReceived() {
        FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = batching(2, 256);
        NodeId n1 = net.id(1);
        NodeId n2 = net.id(2);
        net.publish(n1, "a");
        net.fireTimers(n1);
        net.deliverNext(n1, n2); // n2 owes an acknowledgement of a @1
        net.publish(n2, "b"); // in the same turn, n2 publishes
        long before = net.sent;
        net.fireTimers(n2);
        assertThat(net.sent - before).as("one update, no acknowledgement").isEqualTo(1);
        assertThat(net.inFlight(n2, n1)).containsExactly(TotalOrderMessage.Update.of(n2, 1, 3, "b"));
        net.drain(new SplittableRandom(4));
        for (NodeId id : net.members) {
            assertThat(net.delivered(id)).extracting(Delivered::payload).containsExactly("a", "b");
        }
    }

    @Test
    void batchingGivesEveryProcessTheSameSequenceInEveryInterleaving() {
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int size = 2 + random.nextInt(3);
            FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = batching(size, 1 + random.nextInt(4));
            int published = 0;
            for (int step = 0; step < 40; step++) {
                int choice = random.nextInt(4);
                NodeId node = net.members.get(random.nextInt(size));
                if (choice == 0) {
                    net.publish(node, "m" + published++);
                } else if (choice == 1) {
                    net.fireTimers(node);
                } else {
                    net.deliverNext(net.members.get(random.nextInt(size)), node);
                }
            }
            net.drain(random);
            List<Delivered> reference = net.delivered(net.id(1));
            assertThat(reference).as("seed %d", seed).hasSize(published);
            for (NodeId id : net.members) {
                assertThat(net.delivered(id)).as("seed %d at %s", seed, id).isEqualTo(reference);
                assertThat(((TotalOrderMulticast) net.nodes.get(id)).queued()).isZero();
            }
            for (NodeId origin : net.members) {
                assertThat(reference.stream()
                                .filter(d -> d.origin().equals(origin))
                                .map(Delivered::sequence)
                                .toList())
                        .as("seed %d: %s's own order", seed, origin)
                        .isSorted();
            }
        }
    }

    @Test
    void aBatchBelowOneIsRefusedWithItsValue() {
        assertThatThrownBy(() -> new TotalOrderMulticast(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max-batch 0 is below 1");
    }

    @Test
    void copiesAreEqualAndIndependent() {
        FifoNetwork<TotalOrderMessage, TotalOrderTimer> net = new FifoNetwork<>(2, TotalOrderMulticast::new);
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
