package dev.synchrony.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The detector against a reference model: random watches, heartbeats and checks at increasing times. */
class FailureDetectorPropertiesTest {

    @Property(tries = 300)
    void behavesLikeTheReferenceModel(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 399) Integer> operations) {
        long interval = 10;
        long timeout = 35;
        FailureDetector detector = new FailureDetector(interval, timeout);
        // Reference model: the time each watched peer was last heard, and the suspected set.
        TreeMap<NodeId, Long> lastHeard = new TreeMap<>();
        TreeSet<NodeId> suspected = new TreeSet<>();
        long now = 0;
        for (int operation : operations) {
            now += operation % 7;
            NodeId peer = NodeId.of("n" + (operation / 7 % 4 + 1));
            switch (operation / 28 % 5) {
                case 0 -> {
                    detector.watch(peer, now);
                    lastHeard.putIfAbsent(peer, now);
                }
                case 1 -> {
                    detector.unwatch(peer);
                    lastHeard.remove(peer);
                    suspected.remove(peer);
                }
                case 2, 3 -> {
                    boolean expected = lastHeard.containsKey(peer) && suspected.remove(peer);
                    if (lastHeard.containsKey(peer)) {
                        lastHeard.put(peer, now);
                    }
                    assertThat(detector.heardFrom(peer, now)).isEqualTo(expected);
                }
                default -> {
                    List<NodeId> expected = new ArrayList<>();
                    for (var entry : lastHeard.entrySet()) {
                        if (now - entry.getValue() > timeout && suspected.add(entry.getKey())) {
                            expected.add(entry.getKey());
                        }
                    }
                    assertThat(detector.check(now)).isEqualTo(expected);
                }
            }
            assertThat(detector.suspected()).containsExactlyElementsOf(suspected);
            assertThat(detector.watched()).containsExactlyElementsOf(lastHeard.keySet());
            FailureDetector copy = detector.copy();
            assertThat(copy).isEqualTo(detector).hasSameHashCodeAs(detector);
        }
    }
}
