package dev.synchrony.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BullyElectionTest {

    private static final List<NodeId> MEMBERS = NodeId.range(4);
    private static final NodeId N1 = MEMBERS.get(0);
    private static final NodeId N2 = MEMBERS.get(1);
    private static final NodeId N3 = MEMBERS.get(2);
    private static final NodeId N4 = MEMBERS.get(3);
    private static final BullyElection.Settings SETTINGS = new BullyElection.Settings(10, 40, 5, 12, true);

    private static RecordingContext<BullyMessage, BullyTimer> context(NodeId self) {
        return new RecordingContext<>(self, MEMBERS);
    }

    @Test
    void aFreshProcessSendsElectionToEveryHeavierProcessOnly() {
        BullyElection node = new BullyElection(N2, SETTINGS, null);
        var context = context(N2);
        node.onStart(context);
        assertThat(context.sentTo(BullyMessage.Election.class)).containsExactly(N3, N4);
        assertThat(context.recorded).containsExactly(new ElectionStarted(1, "start"));
        assertThat(node.coordinator()).isEmpty();
        assertThat(node.electing()).isTrue();
    }

    @Test
    void withoutTakeOverItWinsAndTellsEveryone() {
        BullyElection node = new BullyElection(N2, SETTINGS, null);
        var context = context(N2);
        node.onStart(context);
        context.clear();
        node.onTimer(new BullyTimer.AnswerDeadline(1), context);
        assertThat(context.sentTo(BullyMessage.Victory.class)).containsExactly(N1, N3, N4);
        assertThat(node.coordinator()).contains(N2);
        assertThat(context.delivered).containsExactly(new LeaderElected(N2, node.term()));
        assertThat(node.term() % MEMBERS.size()).isEqualTo(MEMBERS.indexOf(N2));
    }

    @Test
    void aHeavierProcessTakesOverAndHoldsItsOwnElection() {
        BullyElection node = new BullyElection(N3, SETTINGS, N4);
        var context = context(N3);
        node.onStart(context);
        context.clear();
        node.onMessage(N1, new BullyMessage.Election(0), context);
        assertThat(context.sentTo(BullyMessage.TakeOver.class)).containsExactly(N1);
        assertThat(context.sentTo(BullyMessage.Election.class)).containsExactly(N4);
        context.clear();
        node.onMessage(N2, new BullyMessage.Election(0), context);
        assertThat(context.sentTo(BullyMessage.TakeOver.class)).containsExactly(N2);
        assertThat(context.sentTo(BullyMessage.Election.class))
                .as("already in the race")
                .isEmpty();
    }

    @Test
    void aTakenOverProcessWaitsForTheVictoryThenAdoptsIt() {
        BullyElection node = new BullyElection(N1, SETTINGS, null);
        var context = context(N1);
        node.onStart(context);
        node.onMessage(N3, new BullyMessage.TakeOver(0), context);
        node.onTimer(new BullyTimer.AnswerDeadline(1), context);
        assertThat(node.coordinator()).as("a stale answer deadline is ignored").isEmpty();
        context.clear();
        node.onMessage(N4, new BullyMessage.Victory(7), context);
        assertThat(node.coordinator()).contains(N4);
        assertThat(node.term()).isEqualTo(7);
        assertThat(context.delivered).containsExactly(new LeaderElected(N4, 7));
        node.onMessage(N3, new BullyMessage.Victory(6), context);
        assertThat(node.coordinator()).as("an older term is not adopted").contains(N4);
    }

    @Test
    void noVictoryInTimeStartsOver() {
        BullyElection node = new BullyElection(N1, SETTINGS, null);
        var context = context(N1);
        node.onStart(context);
        node.onMessage(N3, new BullyMessage.TakeOver(0), context);
        context.clear();
        node.onTimer(new BullyTimer.VictoryDeadline(1), context);
        assertThat(context.recorded).containsExactly(new ElectionStarted(2, "no victory"));
        assertThat(context.sentTo(BullyMessage.Election.class)).containsExactly(N2, N3, N4);
    }

    @Test
    void suspectingTheCoordinatorStartsAnElection() {
        BullyElection node = new BullyElection(N2, SETTINGS, N4);
        var context = context(N2);
        node.onStart(context);
        assertThat(node.coordinator()).contains(N4);
        context.clear();
        context.nowNanos = 41;
        node.onTimer(new BullyTimer.Tick(), context);
        assertThat(context.recorded).contains(new ElectionStarted(1, "suspected n4"));
        assertThat(context.sentTo(BullyMessage.Election.class)).containsExactly(N3, N4);
    }

    @Test
    void aVictoryFromALighterProcessIsBullied() {
        BullyElection node = new BullyElection(N3, SETTINGS, N4);
        var context = context(N3);
        node.onStart(context);
        long term = node.term();
        context.clear();
        node.onMessage(N2, new BullyMessage.Victory(term + 10), context);
        assertThat(node.coordinator()).isEmpty();
        assertThat(context.sentTo(BullyMessage.Election.class)).containsExactly(N4);
    }

    @Test
    void copiesAreEqualAndIndependent() {
        BullyElection node = new BullyElection(N2, SETTINGS, N4);
        var context = context(N2);
        node.onStart(context);
        BullyElection copy = node.copy();
        assertThat(copy).isEqualTo(node).hasSameHashCodeAs(node);
        context.nowNanos = 100;
        copy.onTimer(new BullyTimer.Tick(), context);
        assertThat(copy).isNotEqualTo(node);
        assertThat(node.coordinator()).contains(N4);
        assertThat(copy.coordinator()).isEmpty();
    }

    @Test
    void aProcessFollowingALighterCoordinatorBulliesIt() {
        BullyElection node = new BullyElection(N3, SETTINGS, N2);
        var context = context(N3);
        node.onStart(context);
        assertThat(node.coordinator()).contains(N2);
        context.clear();
        node.onMessage(N2, new BullyMessage.Heartbeat(node.term()), context);
        assertThat(context.recorded).containsExactly(new ElectionStarted(1, "lighter n2 is coordinator"));
        assertThat(context.sentTo(BullyMessage.Election.class)).containsExactly(N4);
    }

    @Test
    void aLiveCoordinatorAnswersAnElectionWithItsVictoryAgainWithoutANewTerm() {
        BullyElection node = new BullyElection(N4, SETTINGS, N4);
        var context = context(N4);
        node.onStart(context);
        long term = node.term();
        context.clear();
        node.onMessage(N1, new BullyMessage.Election(term), context);
        assertThat(context.sent)
                .containsExactly(
                        new RecordingContext.Sent<>(N1, new BullyMessage.TakeOver(term)),
                        new RecordingContext.Sent<>(N1, new BullyMessage.Victory(term)));
        assertThat(node.term()).isEqualTo(term);
        context.clear();
        node.onMessage(N1, new BullyMessage.Election(term + 1), context);
        assertThat(context.recorded)
                .as("the sender has seen a newer term: a real election")
                .containsExactly(new ElectionStarted(1, "election from n1"));
        assertThat(node.term()).isGreaterThan(term + 1);
    }

    @Test
    void aResignedCoordinatorFallsSilentLetsALighterProcessWinAndFollowsIt() {
        BullyElection node = new BullyElection(N4, SETTINGS, N4);
        var context = context(N4);
        node.onStart(context);
        assertThat(node.coordinator()).contains(N4);
        long led = node.term();
        context.clear();
        node.onCommand(new ElectionCommand.Resign(), context);
        assertThat(node.candidate()).isFalse();
        assertThat(node.coordinator()).isEmpty();
        assertThat(context.recorded).containsExactly(new Resigned(led));
        node.onTimer(new BullyTimer.Tick(), context);
        assertThat(context.sentTo(BullyMessage.Heartbeat.class))
                .as("no more heartbeats")
                .isEmpty();
        node.onMessage(N3, new BullyMessage.Election(led), context);
        assertThat(context.sentTo(BullyMessage.TakeOver.class))
                .as("silent to elections")
                .isEmpty();
        assertThat(context.sentTo(BullyMessage.Election.class)).isEmpty();
        node.onMessage(N3, new BullyMessage.Victory(led + 3), context);
        assertThat(node.coordinator())
                .as("a lighter winner is followed, not bullied")
                .contains(N3);
        node.onMessage(N3, new BullyMessage.Heartbeat(led + 3), context);
        assertThat(node.electing()).isFalse();
        context.clear();
        node.onCommand(new ElectionCommand.Stand(), context);
        assertThat(node.candidate()).isTrue();
        assertThat(node.coordinator())
                .as("the heaviest wins at once on standing again")
                .contains(N4);
        assertThat(context.sentTo(BullyMessage.Victory.class)).containsExactly(N1, N2, N3);
        assertThat(node.term()).isGreaterThan(led + 3);
    }
}
