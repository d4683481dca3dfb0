package dev.synchrony.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingElectionTest {

    private static final List<NodeId> MEMBERS = NodeId.range(4);
    private static final NodeId N1 = MEMBERS.get(0);
    private static final NodeId N2 = MEMBERS.get(1);
    private static final NodeId N3 = MEMBERS.get(2);
    private static final NodeId N4 = MEMBERS.get(3);
    private static final RingElection.Settings SETTINGS = new RingElection.Settings(10, 40, 100, true);
    private static final RingElection.Settings QUIET = new RingElection.Settings(10, 40, 100, false);

    private static RecordingContext<RingMessage, RingTimer> context(NodeId self) {
        return new RecordingContext<>(self, MEMBERS);
    }

    @Test
    void anInitiatorSendsElectionToItsSuccessorWithItselfInTheList() {
        RingElection node = new RingElection(N2, SETTINGS, null);
        var context = context(N2);
        node.onStart(context);
        assertThat(context.sent)
                .containsExactly(new RecordingContext.Sent<>(N3, new RingMessage.Election(N2, 1, List.of(N2), 0, 1)));
    }

    @Test
    void aPasserAddsItselfAndSkipsASuspectedSuccessor() {
        RingElection node = new RingElection(N3, QUIET, N4);
        var context = context(N3);
        node.onStart(context);
        context.nowNanos = 41;
        node.onMessage(N1, new RingMessage.Heartbeat(0, false), context);
        node.onMessage(N2, new RingMessage.Heartbeat(0, false), context);
        context.clear();
        node.onTimer(new RingTimer.Tick(), context); // n4 is now suspected
        context.clear();
        node.onMessage(N2, new RingMessage.Election(N2, 1, List.of(N2), 3, 7), context);
        assertThat(context.sent.get(0)).isEqualTo(new RecordingContext.Sent<>(N2, new RingMessage.Ack(7)));
        assertThat(context.sentTo(RingMessage.Election.class)).containsExactly(N1);
        RingMessage.Election passed = (RingMessage.Election) context.sent.get(1).message();
        assertThat(passed.alive()).containsExactly(N2, N3);
        assertThat(passed.maxTerm()).isGreaterThanOrEqualTo(node.term());
    }

    @Test
    void backAtTheInitiatorTheHighestInTheListIsElectedAndTheResultGoesRound() {
        RingElection node = new RingElection(N2, SETTINGS, null);
        var context = context(N2);
        node.onStart(context);
        context.clear();
        node.onMessage(N1, new RingMessage.Election(N2, 1, List.of(N2, N3, N1), 9, 5), context);
        assertThat(node.coordinator()).contains(N3);
        long term = node.term();
        assertThat(term).isGreaterThan(9);
        assertThat(term % MEMBERS.size()).isEqualTo(MEMBERS.indexOf(N3));
        assertThat(context.sent)
                .containsExactly(
                        new RecordingContext.Sent<>(N1, new RingMessage.Ack(5)),
                        new RecordingContext.Sent<>(
                                N3, new RingMessage.Coordinator(N2, List.of(N2, N3, N1), N3, term, 1, 2)));
        context.clear();
        node.onMessage(N1, new RingMessage.Coordinator(N2, List.of(N2, N3, N1), N3, term, 3, 6), context);
        assertThat(context.sentTo(RingMessage.Coordinator.class))
                .as("its own coordinator message stops at the initiator")
                .isEmpty();
    }

    @Test
    void anElectionThatDoesNotComeBackStartsOver() {
        RingElection node = new RingElection(N2, SETTINGS, null);
        var context = context(N2);
        node.onStart(context);
        context.clear();
        node.onTimer(new RingTimer.RoundDeadline(1), context);
        assertThat(context.recorded).containsExactly(new ElectionStarted(2, "round timed out"));
        assertThat(context.sentTo(RingMessage.Election.class)).containsExactly(N3);
    }

    @Test
    void copiesAreEqualAndIndependent() {
        RingElection node = new RingElection(N2, SETTINGS, N4);
        var context = context(N2);
        node.onStart(context);
        RingElection copy = node.copy();
        assertThat(copy).isEqualTo(node).hasSameHashCodeAs(node);
        copy.onCommand(new ElectionCommand.StartElection(), context);
        assertThat(copy).isNotEqualTo(node);
        assertThat(node.coordinator()).contains(N4);
        assertThat(copy.coordinator()).isEmpty();
    }

    @Test
    void aProcessFollowingALighterCoordinatorStartsAnElection() {
        RingElection node = new RingElection(N3, SETTINGS, N2);
        var context = context(N3);
        node.onStart(context);
        context.clear();
        node.onMessage(N2, new RingMessage.Heartbeat(node.term(), true), context);
        assertThat(context.recorded).containsExactly(new ElectionStarted(1, "lighter n2 is coordinator"));
        assertThat(context.sentTo(RingMessage.Election.class)).containsExactly(N4);
    }

    @Test
    void anUnacknowledgedHopIsSentAgainToTheSameSuccessorAndStopsOnceAcknowledged() {
        RingElection node = new RingElection(N2, SETTINGS, null);
        var context = context(N2);
        node.onStart(context);
        RingMessage first = context.sent.get(0).message();
        context.clear();
        node.onTimer(new RingTimer.Retransmit(1), context);
        assertThat(context.sent).containsExactly(new RecordingContext.Sent<>(N3, first));
        context.clear();
        node.onMessage(N3, new RingMessage.Ack(1), context);
        node.onTimer(new RingTimer.Retransmit(1), context); // stale: already acknowledged
        assertThat(context.sent).isEmpty();
    }

    @Test
    void aSuccessorSilentForEveryTrySkipsToTheNextBeforeTheDetectorSuspectsIt() {
        RingElection node = new RingElection(N2, SETTINGS, null);
        var context = context(N2);
        node.onStart(context);
        RingMessage first = context.sent.get(0).message();
        for (int retry = 1; retry < RingElection.DEFAULT_HOP_TRIES; retry++) {
            context.clear();
            node.onTimer(new RingTimer.Retransmit(1), context);
            assertThat(context.sent).containsExactly(new RecordingContext.Sent<>(N3, first));
        }
        context.clear();
        node.onTimer(new RingTimer.Retransmit(1), context);
        assertThat(node.detector().suspects(N3)).isFalse();
        assertThat(context.sent).containsExactly(new RecordingContext.Sent<>(N4, first));
        context.clear();
        node.onMessage(N4, new RingMessage.Ack(1), context);
        node.onMessage(N1, new RingMessage.Election(N2, 1, List.of(N2, N4, N1), 0, 3), context);
        assertThat(context.sentTo(RingMessage.Coordinator.class))
                .as("n3 is still skipped")
                .containsExactly(N4);
    }

    @Test
    void aSuccessorHeardFromMeanwhileIsTriedAgainRatherThanSkipped() {
        RingElection node = new RingElection(N2, SETTINGS, null);
        var context = context(N2);
        node.onStart(context);
        for (int retry = 1; retry < RingElection.DEFAULT_HOP_TRIES; retry++) {
            node.onTimer(new RingTimer.Retransmit(1), context);
        }
        node.onMessage(N3, new RingMessage.Heartbeat(0, false), context);
        context.clear();
        node.onTimer(new RingTimer.Retransmit(1), context);
        assertThat(context.sentTo(RingMessage.Election.class)).containsExactly(N3);
    }

    @Test
    void aRetransmittedCopyIsAcknowledgedButPassedOnOnce() {
        RingElection node = new RingElection(N3, QUIET, N4);
        var context = context(N3);
        node.onStart(context);
        context.clear();
        RingMessage.Election election = new RingMessage.Election(N2, 1, List.of(N2), 0, 4);
        node.onMessage(N2, election, context);
        node.onMessage(N2, election, context);
        assertThat(context.sentTo(RingMessage.Ack.class)).containsExactly(N2, N2);
        assertThat(context.sentTo(RingMessage.Election.class)).containsExactly(N4);
    }

    @Test
    void aCoordinatorThatHearsFromAHeavierSuspectedProcessElectsAgain() {
        RingElection node = new RingElection(N3, QUIET, N3);
        var context = context(N3);
        node.onStart(context);
        context.nowNanos = 41;
        node.onMessage(N1, new RingMessage.Heartbeat(0, false), context);
        node.onMessage(N2, new RingMessage.Heartbeat(0, false), context);
        node.onTimer(new RingTimer.Tick(), context); // n4 is now suspected
        context.clear();
        node.onMessage(N4, new RingMessage.Heartbeat(0, false), context);
        assertThat(context.recorded).contains(new ElectionStarted(1, "heavier n4 is alive"));
        assertThat(context.sentTo(RingMessage.Election.class)).containsExactly(N4);
    }
}
