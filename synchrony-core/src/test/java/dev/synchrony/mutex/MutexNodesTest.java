package dev.synchrony.mutex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NoTimer;
import dev.synchrony.core.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

class MutexNodesTest {

    private static final List<NodeId> THREE = NodeId.range(3);
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");

    @Test
    void coordinatorGrantsQueuesAndGrantsTheNextOnRelease() {
        CentralizedMutex coordinator = new CentralizedMutex(N1);
        RecordingContext<CentralizedMutex.Message, NoTimer> context = new RecordingContext<>("n1", THREE);
        coordinator.onMessage(N2, new CentralizedMutex.Message.Request(10), context);
        assertThat(context.sentTo("n2")).containsExactly(new CentralizedMutex.Message.Grant(10, 1));
        context.clear();
        coordinator.onMessage(N3, new CentralizedMutex.Message.Request(20), context);
        assertThat(context.sent).isEmpty(); // (b): no reply
        assertThat(coordinator.queued()).containsExactly(N3);
        coordinator.onMessage(N2, new CentralizedMutex.Message.Release(10), context);
        assertThat(context.sentTo("n3")).containsExactly(new CentralizedMutex.Message.Grant(20, 2));
        assertThat(coordinator.queued()).isEmpty();
    }

    @Test
    void aRequesterEntersOnTheGrantAndHandsBackAStaleOne() {
        CentralizedMutex process = new CentralizedMutex(N1);
        RecordingContext<CentralizedMutex.Message, NoTimer> context = new RecordingContext<>("n2", THREE);
        process.onCommand(new MutexCommand.Acquire(5), context);
        assertThat(context.sentTo("n1")).containsExactly(new CentralizedMutex.Message.Request(5));
        process.onMessage(N1, new CentralizedMutex.Message.Grant(4, 7), context);
        assertThat(process.inCriticalSection()).isFalse();
        assertThat(context.sentTo("n1")).contains(new CentralizedMutex.Message.Release(4));
        process.onMessage(N1, new CentralizedMutex.Message.Grant(5, 8), context);
        assertThat(process.inCriticalSection()).isTrue();
        assertThat(context.delivered).containsExactly(new MutexOutput.Granted(5, 8));
        CentralizedMutex copy = process.copy();
        assertThat(copy).isEqualTo(process).hasSameHashCodeAs(process);
        process.onCommand(new MutexCommand.Release(5), context);
        assertThat(process.inCriticalSection()).isFalse();
        assertThat(copy.inCriticalSection()).isTrue();
        assertThat(copy).isNotEqualTo(process);
    }

    @Test
    void ricartAgrawalaLowestTimestampWinsAndOksTheQueueOnExit() {
        // The lecture's figure from process 0's side: its request has timestamp 8, process 2's has 12.
        List<NodeId> members = List.of(NodeId.of("0"), NodeId.of("1"), NodeId.of("2"));
        RicartAgrawalaMutex zero = new RicartAgrawalaMutex(7);
        RecordingContext<RicartAgrawalaMutex.Message, NoTimer> context = new RecordingContext<>("0", members);
        zero.onCommand(new MutexCommand.Acquire(1), context);
        assertThat(context.sentTo("1")).containsExactly(new RicartAgrawalaMutex.Message.Request(8));
        context.clear();
        zero.onMessage(NodeId.of("2"), new RicartAgrawalaMutex.Message.Request(12), context);
        assertThat(context.sent).isEmpty(); // 0 wants it too and 8 < 12: it queues 2's request
        zero.onMessage(NodeId.of("1"), new RicartAgrawalaMutex.Message.Ok(8), context);
        zero.onMessage(NodeId.of("2"), new RicartAgrawalaMutex.Message.Ok(7), context); // answers another request
        assertThat(zero.inCriticalSection()).isFalse();
        zero.onMessage(NodeId.of("2"), new RicartAgrawalaMutex.Message.Ok(8), context);
        assertThat(zero.inCriticalSection()).isTrue();
        assertThat(context.delivered).containsExactly(new MutexOutput.Granted(1, 8 * 3));
        zero.onCommand(new MutexCommand.Release(1), context);
        assertThat(context.sentTo("2")).containsExactly(new RicartAgrawalaMutex.Message.Ok(12));
    }

    @Test
    void ricartAgrawalaLoserAnswersOkAndEqualTimestampsGoToTheLowerIndex() {
        RicartAgrawalaMutex two = new RicartAgrawalaMutex(11);
        RecordingContext<RicartAgrawalaMutex.Message, NoTimer> context = new RecordingContext<>("n3", THREE);
        two.onCommand(new MutexCommand.Acquire(2), context);
        context.clear();
        two.onMessage(N1, new RicartAgrawalaMutex.Message.Request(8), context);
        assertThat(context.sentTo("n1")).containsExactly(new RicartAgrawalaMutex.Message.Ok(8));
        context.clear();
        two.onMessage(N2, new RicartAgrawalaMutex.Message.Request(12), context); // tie at 12: n2 has the lower index
        assertThat(context.sentTo("n2")).containsExactly(new RicartAgrawalaMutex.Message.Ok(12));
    }

    @Test
    void decentralizedRequesterBacksOffAndGivesVotesBackWhenAMajorityIsImpossible() {
        DecentralizedMutex node = new DecentralizedMutex(3, 1_000_000, 0);
        List<NodeId> five = NodeId.range(5);
        RecordingContext<DecentralizedMutex.Message, DecentralizedMutex.Timer> context =
                new RecordingContext<>("n1", five);
        node.onStart(context);
        node.onCommand(new MutexCommand.Acquire(1), context);
        assertThat(context.sent).hasSize(4); // its own coordinator votes locally
        assertThat(node.voteGivenTo()).isEqualTo(N1);
        node.onMessage(N2, new DecentralizedMutex.Message.Vote(1, false, 5), context);
        node.onMessage(N3, new DecentralizedMutex.Message.Vote(1, false, 5), context);
        assertThat(node.votesHeld()).containsExactly(N1);
        context.clear();
        node.onMessage(NodeId.of("n4"), new DecentralizedMutex.Message.Vote(1, false, 5), context);
        // 3 refusals of 5 leave at most 2 votes < m = 3: give back the local vote and back off.
        assertThat(node.voteGivenTo()).isNull();
        assertThat(context.timers).containsExactly(new DecentralizedMutex.Timer.Retry(1));
        assertThat(node.inCriticalSection()).isFalse();
        context.clear();
        node.onMessage(NodeId.of("n5"), new DecentralizedMutex.Message.Vote(1, true, 9), context);
        assertThat(context.sentTo("n5")).hasSize(1).first().isInstanceOf(DecentralizedMutex.Message.VoteRelease.class);
        node.onTimer(new DecentralizedMutex.Timer.Retry(1), context);
        node.onMessage(N2, new DecentralizedMutex.Message.Vote(2, true, 20), context);
        node.onMessage(N3, new DecentralizedMutex.Message.Vote(2, true, 21), context);
        assertThat(node.inCriticalSection()).isTrue();
        assertThat(context.delivered).containsExactly(new MutexOutput.Granted(1, 21));
    }

    @Test
    void decentralizedCoordinatorAnswersAtOnceAndAResetForgetsTheVote() {
        DecentralizedMutex node = new DecentralizedMutex(2, 1_000_000, 1_000_000_000);
        RecordingContext<DecentralizedMutex.Message, DecentralizedMutex.Timer> context =
                new RecordingContext<>("n1", THREE);
        node.onStart(context);
        node.onMessage(N2, new DecentralizedMutex.Message.VoteRequest(1, 0), context);
        node.onMessage(N3, new DecentralizedMutex.Message.VoteRequest(1, 0), context);
        assertThat(context.sentTo("n2")).singleElement().extracting("granted").isEqualTo(true);
        assertThat(context.sentTo("n3")).singleElement().extracting("granted").isEqualTo(false);
        node.onTimer(new DecentralizedMutex.Timer.CoordinatorReset(), context);
        assertThat(node.voteGivenTo()).isNull();
        node.onMessage(N3, new DecentralizedMutex.Message.VoteRequest(2, 0), context);
        assertThat(context.sentTo("n3")).last().extracting("granted").isEqualTo(true);
    }

    @Test
    void decentralizedQuorumMustBeAMajority() {
        DecentralizedMutex node = new DecentralizedMutex(2, 1, 0);
        assertThatThrownBy(() -> node.onStart(new RecordingContext<>("n1", NodeId.range(4))))
                .hasMessageContaining("n/2 < m");
    }

    @Test
    void tokenRingEntersOnlyWithTheTokenAndPassesItOn() {
        TokenRingMutex second = new TokenRingMutex();
        RecordingContext<TokenRingMutex.Message, TokenRingMutex.Timer> context = new RecordingContext<>("n2", THREE);
        second.onStart(context);
        second.onCommand(new MutexCommand.Acquire(3), context);
        assertThat(second.inCriticalSection()).isFalse();
        second.onMessage(N1, new TokenRingMutex.Message.Token(0, 0, 1, 4), context);
        assertThat(second.inCriticalSection()).isTrue();
        assertThat(context.delivered).containsExactly(new MutexOutput.Granted(3, 5));
        assertThat(context.sent).isEmpty();
        second.onCommand(new MutexCommand.Release(3), context);
        assertThat(context.sentTo("n3")).containsExactly(new TokenRingMutex.Message.Token(0, 0, 2, 5));
        context.clear();
        second.onMessage(N1, new TokenRingMutex.Message.Token(0, 0, 4, 5), context); // not interested: pass
        assertThat(context.sentTo("n3")).containsExactly(new TokenRingMutex.Message.Token(0, 0, 5, 5));
    }

    @Test
    void tokenRingRegenerationDiscardsOlderTokens() {
        TokenRingMutex node = new TokenRingMutex(true, 10, 100);
        RecordingContext<TokenRingMutex.Message, TokenRingMutex.Timer> context = new RecordingContext<>("n2", THREE);
        node.onStart(context);
        node.onMessage(N1, new TokenRingMutex.Message.Token(0, 0, 1, 4), context);
        assertThat(context.sentTo("n1")).containsExactly(new TokenRingMutex.Message.TokenAck(0, 1));
        node.onMessage(N3, new TokenRingMutex.Message.TokenAck(0, 2), context);
        context.clear();
        node.onTimer(new TokenRingMutex.Timer.Watchdog(), context);
        assertThat(context.recorded).contains(new TokenRingMutex.TokenRegenerated(1, 4 + 3));
        assertThat(context.sentTo("n3")).contains(new TokenRingMutex.Message.Token(1, 1, 1, 7));
        context.clear();
        node.onMessage(N1, new TokenRingMutex.Message.Token(0, 0, 7, 6), context); // the old generation's token
        assertThat(context.recorded).singleElement().isInstanceOf(TokenRingMutex.TokenDiscarded.class);
        assertThat(context.sentTo("n3")).isEmpty();
    }
}
