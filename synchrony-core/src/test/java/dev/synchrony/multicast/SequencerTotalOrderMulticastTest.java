package dev.synchrony.multicast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequencerTotalOrderMulticastTest {

    private static FifoNetwork<SequencerMessage, SequencerTimer> network(int size, int maxBatch) {
        return new FifoNetwork<>(
                size, () -> new SequencerTotalOrderMulticast(NodeId.range(size).get(0), maxBatch, 0));
    }

    @Test
    void aMemberSubmitsToTheSequencerWhichOrdersForEveryone() {
        FifoNetwork<SequencerMessage, SequencerTimer> net = network(3, 256);
        NodeId sequencer = net.id(1);
        NodeId n2 = net.id(2);
        net.publish(n2, "x");
        assertThat(net.sent).as("nothing leaves before the flush").isZero();
        net.fireTimers(n2);
        assertThat(net.inFlight(n2, sequencer)).containsExactly(new SequencerMessage.Submit(n2, 1, List.of("x")));
        net.deliverNext(n2, sequencer);
        assertThat(net.delivered(sequencer))
                .as("ordered at the sequencer's flush")
                .isEmpty();
        net.fireTimers(sequencer);
        assertThat(net.delivered(sequencer)).containsExactly(new Delivered(n2, 1, "x"));
        net.drain(new SplittableRandom(1));
        // 1 submission + N-1 orders
        assertThat(net.sent).isEqualTo(3);
        for (NodeId id : net.members) {
            assertThat(net.delivered(id)).containsExactly(new Delivered(n2, 1, "x"));
        }
    }

    @Test
    void messagesPublishedBeforeAFlushTravelInOneFrame() {
        FifoNetwork<SequencerMessage, SequencerTimer> net = network(3, 256);
        NodeId sequencer = net.id(1);
        for (int i = 1; i <= 5; i++) {
            net.publish(net.id(2), "b" + i);
            net.publish(net.id(3), "c" + i);
            net.publish(sequencer, "a" + i);
        }
        net.fireTimers(net.id(2));
        net.fireTimers(net.id(3));
        net.deliverNext(net.id(2), sequencer);
        net.deliverNext(net.id(3), sequencer);
        net.fireTimers(sequencer);
        net.drain(new SplittableRandom(2));
        // 15 multicasts: 2 submissions and one order to each of the 2 others
        assertThat(net.sent).isEqualTo(4);
        List<Object> order =
                net.delivered(sequencer).stream().map(Delivered::payload).toList();
        assertThat(order).hasSize(15);
        for (NodeId id : net.members) {
            assertThat(net.delivered(id).stream().map(Delivered::payload).toList())
                    .isEqualTo(order);
        }
    }

    @Test
    void aFullBatchLeavesWithoutWaitingForTheTimer() {
        FifoNetwork<SequencerMessage, SequencerTimer> net = network(2, 2);
        NodeId n2 = net.id(2);
        for (int i = 1; i <= 5; i++) {
            net.publish(n2, "m" + i);
        }
        assertThat(net.inFlight(n2, net.id(1)))
                .containsExactly(
                        new SequencerMessage.Submit(n2, 1, List.of("m1", "m2")),
                        new SequencerMessage.Submit(n2, 3, List.of("m3", "m4")));
        net.drain(new SplittableRandom(3));
        assertThat(net.delivered(n2)).extracting(Delivered::payload).containsExactly("m1", "m2", "m3", "m4", "m5");
    }

    @Test
    void everyMemberDeliversTheSameSequenceInEachSendersOrder() {
        for (int seed = 1; seed <= 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            FifoNetwork<SequencerMessage, SequencerTimer> net = network(4, 1 + random.nextInt(4));
            int[] published = new int[4];
            for (int step = 0; step < 40; step++) {
                int who = random.nextInt(4);
                net.publish(net.members.get(who), who + "." + ++published[who]);
                if (random.nextInt(3) == 0) {
                    net.fireTimers(net.members.get(random.nextInt(4)));
                }
                for (int hops = random.nextInt(4); hops > 0; hops--) {
                    NodeId from = net.members.get(random.nextInt(4));
                    NodeId to = net.members.get(random.nextInt(4));
                    net.deliverNext(from, to);
                }
            }
            net.drain(random);
            List<Delivered> reference = net.delivered(net.id(1));
            assertThat(reference).as("seed %d", seed).hasSize(40);
            for (NodeId id : net.members) {
                assertThat(net.delivered(id)).as("seed %d at %s", seed, id).isEqualTo(reference);
            }
            for (NodeId origin : net.members) {
                List<Long> sequences = new ArrayList<>();
                reference.stream().filter(d -> d.origin().equals(origin)).forEach(d -> sequences.add(d.sequence()));
                assertThat(sequences)
                        .as("seed %d: %s's own order", seed, origin)
                        .isSorted();
            }
        }
    }

    @Test
    void copiesAndEarlyFramesOnARawChannelAreSortedOut() {
        FifoNetwork<SequencerMessage, SequencerTimer> net = network(2, 256);
        NodeId sequencer = net.id(1);
        NodeId n2 = net.id(2);
        SequencerMessage.Submit second = new SequencerMessage.Submit(n2, 2, List.of("b"));
        SequencerMessage.Submit first = new SequencerMessage.Submit(n2, 1, List.of("a"));
        net.inject(n2, sequencer, second); // early: held
        net.inject(n2, sequencer, first);
        net.inject(n2, sequencer, first); // a copy: ignored
        net.fireTimers(sequencer);
        assertThat(net.delivered(sequencer)).extracting(Delivered::payload).containsExactly("a", "b");

        SequencerMessage.Ordered one = new SequencerMessage.Ordered(1, List.of(new SequencerMessage.Entry(n2, 1, "a")));
        SequencerMessage.Ordered two = new SequencerMessage.Ordered(2, List.of(new SequencerMessage.Entry(n2, 2, "b")));
        net.inject(sequencer, n2, two);
        assertThat(net.delivered(n2)).as("number 2 waits for number 1").isEmpty();
        net.inject(sequencer, n2, one);
        net.inject(sequencer, n2, one);
        net.inject(sequencer, n2, two);
        assertThat(net.delivered(n2)).extracting(Delivered::payload).containsExactly("a", "b");
    }

    @Test
    void badConfigurationIsRefusedInOneLine() {
        assertThatThrownBy(() -> new SequencerTotalOrderMulticast(NodeId.of("n1"), 0, 0))
                .hasMessageContaining("max-batch 0");
        assertThatThrownBy(() -> new FifoNetwork<SequencerMessage, SequencerTimer>(
                        2, () -> new SequencerTotalOrderMulticast(NodeId.of("n9"), 1, 0)))
                .hasMessageContaining("sequencer n9 is not a member");
        FifoNetwork<SequencerMessage, SequencerTimer> net = network(2, 1);
        assertThatThrownBy(() -> net.inject(net.id(1), net.id(2), new SequencerMessage.Submit(net.id(1), 1, List.of())))
                .hasMessageContaining("is not the sequencer (n1 is)");
    }

    @Test
    void aCopyIsEqualAndIndependent() {
        FifoNetwork<SequencerMessage, SequencerTimer> net = network(2, 256);
        net.publish(net.id(2), "x");
        SequencerTotalOrderMulticast node = (SequencerTotalOrderMulticast) net.nodes.get(net.id(2));
        SequencerTotalOrderMulticast copy = node.copy();
        assertThat(copy).isEqualTo(node).hasSameHashCodeAs(node);
        net.publish(net.id(2), "y");
        assertThat(copy).isNotEqualTo(node);
        assertThat(copy.queued()).isEqualTo(1);
        assertThat(node.queued()).isEqualTo(2);
    }
}
