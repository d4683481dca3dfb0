package dev.synchrony.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.testkit.ProbeNode.CancelAlarm;
import dev.synchrony.testkit.ProbeNode.ClockRead;
import dev.synchrony.testkit.ProbeNode.Draw;
import dev.synchrony.testkit.ProbeNode.Drew;
import dev.synchrony.testkit.ProbeNode.Echo;
import dev.synchrony.testkit.ProbeNode.Fired;
import dev.synchrony.testkit.ProbeNode.NoStableStorage;
import dev.synchrony.testkit.ProbeNode.Observation;
import dev.synchrony.testkit.ProbeNode.Output;
import dev.synchrony.testkit.ProbeNode.ReadClock;
import dev.synchrony.testkit.ProbeNode.Recall;
import dev.synchrony.testkit.ProbeNode.Recalled;
import dev.synchrony.testkit.ProbeNode.Received;
import dev.synchrony.testkit.ProbeNode.Send;
import dev.synchrony.testkit.ProbeNode.SendToOthers;
import dev.synchrony.testkit.ProbeNode.SetAlarm;
import dev.synchrony.testkit.ProbeNode.Started;
import dev.synchrony.testkit.ProbeNode.Store;
import dev.synchrony.testkit.ProbeNode.Stored;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every runtime's {@code Context} promises a node, checked by playing the same scenarios over
 * {@link ProbeNode}s. A runtime passes the contract with a one-class subclass that says how to play a scenario.
 *
 * <p>The promises are those of {@code dev.synchrony.core.Context}: a node knows who it is and the same membership
 * as everyone; a message sent on a fault-free network arrives once, naming its sender (the channel beneath promises
 * no more: order and reliability are the link layer's); a timer fires once per setting, no sooner than its delay on
 * the node's clock, and never after it was cancelled; the clock never runs backwards; outputs reach the application
 * in the order given; randomness is fixed by the seed; and a crash loses the node's volatile state and timers, the
 * node starting again afresh, with no message delivered twice.
 */
public abstract class ContextContract {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");

    /** For a runtime's subclass, which JUnit instantiates. */
    protected ContextContract() {}

    /**
     * The runtime under test.
     *
     * @return how the subclass's runtime plays a scenario
     */
    protected abstract RuntimeUnderTest runtime();

    private Map<NodeId, List<Observation>> play(Scenario scenario) throws Exception {
        return runtime().play(scenario, 42);
    }

    private static <T extends Observation> List<T> only(List<Observation> observations, Class<T> type) {
        return observations.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void everyNodeStartsOnceKnowingItselfAndTheSameMembersInTheSameOrder() throws Exception {
        Map<NodeId, List<Observation>> seen = play(Scenario.of(3).build());

        assertThat(seen).containsOnlyKeys(N1, N2, N3);
        seen.forEach((node, observations) -> assertThat(only(observations, Started.class))
                .as("%s's starts", node)
                .containsExactly(new Started(node, List.of(N1, N2, N3))));
    }

    @Test
    void aMessageArrivesOnceNamingItsSender() throws Exception {
        Map<NodeId, List<Observation>> seen =
                play(Scenario.of(3).give("n1", new Send(N2, "hello")).build());

        assertThat(only(seen.get(N2), Received.class)).containsExactly(new Received(N1, "hello"));
        assertThat(only(seen.get(N1), Received.class)).isEmpty();
        assertThat(only(seen.get(N3), Received.class)).isEmpty();
    }

    @Test
    void aNodeMaySendToItself() throws Exception {
        Map<NodeId, List<Observation>> seen =
                play(Scenario.of(2).give("n1", new Send(N1, "note to self")).build());

        assertThat(only(seen.get(N1), Received.class)).containsExactly(new Received(N1, "note to self"));
        assertThat(only(seen.get(N2), Received.class)).isEmpty();
    }

    @Test
    void sendToOthersReachesEveryOtherMemberOnceAndNotTheSender() throws Exception {
        Map<NodeId, List<Observation>> seen =
                play(Scenario.of(3).give("n2", new SendToOthers("all")).build());

        assertThat(only(seen.get(N1), Received.class)).containsExactly(new Received(N2, "all"));
        assertThat(only(seen.get(N3), Received.class)).containsExactly(new Received(N2, "all"));
        assertThat(only(seen.get(N2), Received.class)).isEmpty();
    }

    @Test
    void aTimerFiresOnceNoSoonerThanItsDelayOnTheNodesClock() throws Exception {
        long delay = 40_000_000L;
        Map<NodeId, List<Observation>> seen =
                play(Scenario.of(1).give("n1", new SetAlarm("a", delay)).build());

        List<Fired> fired = only(seen.get(N1), Fired.class);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).name()).isEqualTo("a");
        assertThat(fired.get(0).elapsedNanos()).isGreaterThanOrEqualTo(runtime().timePasses() ? delay : 0);
    }

    @Test
    void aCancelledTimerNeverFiresAndOthersStillDo() throws Exception {
        Map<NodeId, List<Observation>> seen = play(Scenario.of(1)
                .give("n1", new SetAlarm("cancelled", 30_000_000L))
                .give("n1", new SetAlarm("kept", 30_000_000L))
                .give("n1", new CancelAlarm("cancelled"))
                .waitMillis(100)
                .build());

        assertThat(only(seen.get(N1), Fired.class)).extracting(Fired::name).containsExactly("kept");
    }

    @Test
    void aTimerSetTwiceFiresTwice() throws Exception {
        Map<NodeId, List<Observation>> seen = play(Scenario.of(1)
                .give("n1", new SetAlarm("twice", 20_000_000L))
                .give("n1", new SetAlarm("twice", 30_000_000L))
                .build());

        assertThat(only(seen.get(N1), Fired.class)).extracting(Fired::name).containsExactly("twice", "twice");
    }

    @Test
    void theClockNeverRunsBackwardsAndAdvancesWhileTimePasses() throws Exception {
        Map<NodeId, List<Observation>> seen = play(Scenario.of(1)
                .give("n1", new ReadClock())
                .waitMillis(50)
                .give("n1", new ReadClock())
                .give("n1", new ReadClock())
                .build());

        List<Long> readings = only(seen.get(N1), ClockRead.class).stream()
                .map(ClockRead::nanos)
                .toList();
        assertThat(readings).hasSize(3).isSorted();
        if (runtime().timePasses()) {
            assertThat(readings.get(1) - readings.get(0))
                    .as("clock advance over a 50 ms wait")
                    .isGreaterThanOrEqualTo(25_000_000L);
        }
    }

    @Test
    void outputsReachTheApplicationInTheOrderGiven() throws Exception {
        Map<NodeId, List<Observation>> seen = play(Scenario.of(2)
                .give("n2", new Output("first"))
                .give("n2", new Output("second"))
                .give("n2", new Output("third"))
                .build());

        assertThat(only(seen.get(N2), Echo.class)).extracting(Echo::text).containsExactly("first", "second", "third");
        assertThat(only(seen.get(N1), Echo.class)).isEmpty();
    }

    @Test
    void theSeedFixesEachNodesRandomnessAndNodesDrawApart() throws Exception {
        Scenario draws = Scenario.of(2)
                .give("n1", new Draw())
                .give("n1", new Draw())
                .give("n2", new Draw())
                .give("n2", new Draw())
                .build();

        Map<NodeId, List<Observation>> first = runtime().play(draws, 7);
        Map<NodeId, List<Observation>> again = runtime().play(draws, 7);

        List<Drew> n1 = only(first.get(N1), Drew.class);
        assertThat(n1).hasSize(2);
        assertThat(only(again.get(N1), Drew.class)).isEqualTo(n1);
        assertThat(only(again.get(N2), Drew.class)).isEqualTo(only(first.get(N2), Drew.class));
        assertThat(only(first.get(N2), Drew.class)).isNotEqualTo(n1);
    }

    @Test
    void aCrashLosesTheNodesTimersAndItStartsAfresh() throws Exception {
        Map<NodeId, List<Observation>> seen = play(Scenario.of(2)
                .give("n2", new SetAlarm("before-crash", 150_000_000L))
                .waitMillis(20)
                .crash("n2")
                .waitMillis(30)
                .recover("n2")
                .waitMillis(300)
                .build());

        assertThat(only(seen.get(N2), Started.class))
                .as("n2 starts, then starts again after its recovery")
                .containsExactly(new Started(N2, List.of(N1, N2)), new Started(N2, List.of(N1, N2)));
        assertThat(only(seen.get(N2), Fired.class))
                .as("a timer of the crashed incarnation")
                .isEmpty();
        assertThat(only(seen.get(N1), Started.class)).hasSize(1);
    }

    @Test
    void aMessageSentAcrossACrashIsDeliveredAtMostOnce() throws Exception {
        Map<NodeId, List<Observation>> seen = play(Scenario.of(2)
                .crash("n2")
                .waitMillis(20)
                .give("n1", new Send(N2, "while down"))
                .waitMillis(20)
                .recover("n2")
                .waitMillis(200)
                .give("n1", new Send(N2, "after"))
                .build());

        List<Received> received = only(seen.get(N2), Received.class);
        assertThat(received).filteredOn(r -> r.text().equals("while down")).hasSizeLessThanOrEqualTo(1);
        assertThat(received).filteredOn(r -> r.text().equals("after")).containsExactly(new Received(N1, "after"));
    }

    @Test
    void stableStorageKeepsAWriteAcrossACrashOrTheRuntimeSaysItHasNone() throws Exception {
        if (!runtime().offersStableStorage()) {
            Map<NodeId, List<Observation>> seen = play(Scenario.of(2)
                    .give("n2", new Store("term 7, voted n1"))
                    .give("n2", new Recall())
                    .build());
            assertThat(only(seen.get(N2), NoStableStorage.class))
                    .hasSize(2)
                    .allSatisfy(none -> assertThat(none.message()).contains("no stable storage"));
            assertThat(only(seen.get(N2), Stored.class)).isEmpty();
            return;
        }
        Map<NodeId, List<Observation>> seen = play(Scenario.of(2)
                .give("n2", new Store("term 7, voted n1"))
                .waitMillis(20)
                .crash("n2")
                .waitMillis(30)
                .recover("n2")
                .waitMillis(100)
                .give("n2", new Recall())
                .give("n1", new Recall())
                .build());

        assertThat(only(seen.get(N2), Stored.class)).containsExactly(new Stored("term 7, voted n1"));
        assertThat(only(seen.get(N2), Recalled.class))
                .as("n2 after its recovery")
                .containsExactly(new Recalled(Optional.of("term 7, voted n1")));
        assertThat(only(seen.get(N1), Recalled.class))
                .as("each process has its own storage")
                .containsExactly(new Recalled(Optional.empty()));
    }
}
