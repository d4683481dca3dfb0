package dev.synchrony.mutex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.BullyElection;
import dev.synchrony.election.BullyMessage;
import dev.synchrony.election.BullyTimer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FailoverMutex} driven by hand: the lost-grant deadline, the recovery phase, term fencing. */
class FailoverMutexTest {

    static final List<NodeId> MEMBERS = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    static final BullyElection.Settings SETTINGS =
            new BullyElection.Settings(50_000_000L, 400_000_000L, 100_000_000L, 300_000_000L, true);
    static final long LOST_TIMEOUT = 250_000_000L;
    /** The term n3 gets as the presumed first coordinator of three (the smallest term of index 2). */
    static final long FIRST_TERM = 2;

    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");
    static final NodeId N3 = NodeId.of("n3");

    static FailoverMutex started(RecordingContext<FailoverMutex.Message, FailoverMutex.Timer> context) {
        FailoverMutex node = new FailoverMutex(context.self(), SETTINGS, N3, LOST_TIMEOUT);
        node.onStart(context);
        return node;
    }

    /** n1 holds request 1 granted by n3, then n3 falls silent and n1 suspects it. */
    static FailoverMutex holderWhoseCoordinatorWentSilent(
            RecordingContext<FailoverMutex.Message, FailoverMutex.Timer> context) {
        FailoverMutex node = started(context);
        node.onCommand(new MutexCommand.Acquire(1), context);
        assertThat(context.sentTo("n3")).contains(new FailoverMutex.Message.Request(FIRST_TERM, 1));
        node.onMessage(N3, new FailoverMutex.Message.Grant(FIRST_TERM, 1, (FIRST_TERM << 32) + 1), context);
        assertThat(context.delivered).containsExactly(new MutexOutput.Granted(1, (FIRST_TERM << 32) + 1));
        context.clear();
        context.nowNanos = 1_000_000_000L;
        node.onTimer(new FailoverMutex.Timer.Election(new BullyTimer.Tick()), context);
        assertThat(node.coordinator()).isEmpty(); // suspected n3: an election runs
        assertThat(context.timers).contains(new FailoverMutex.Timer.LostDeadline(1));
        return node;
    }

    @Test
    void aHolderThatCannotReachAnyCoordinatorReportsTheLockLost() {
        var context = new RecordingContext<FailoverMutex.Message, FailoverMutex.Timer>("n1", MEMBERS);
        FailoverMutex node = holderWhoseCoordinatorWentSilent(context);
        // n2 takes the election over but no victory comes: nobody backs n1's grant.
        node.onMessage(N2, new FailoverMutex.Message.Election(new BullyMessage.TakeOver(FIRST_TERM)), context);
        context.nowNanos += LOST_TIMEOUT;
        node.onTimer(new FailoverMutex.Timer.LostDeadline(1), context);
        assertThat(context.delivered)
                .singleElement()
                .isInstanceOf(MutexOutput.Lost.class)
                .extracting(o -> ((MutexOutput.Lost) o).requestId())
                .isEqualTo(1L);
        assertThat(context.recorded).contains(new CriticalSection.Exited(1, (FIRST_TERM << 32) + 1));
        assertThat(node.inCriticalSection()).isFalse();
        context.clear();
        node.onCommand(new MutexCommand.Release(1), context);
        assertThat(context.delivered).containsExactly(new MutexOutput.Released(1));
    }

    @Test
    void aHolderQueriedByTheNewCoordinatorKeepsItsGrantAndRefusesTheOldCoordinatorsGrants() {
        var context = new RecordingContext<FailoverMutex.Message, FailoverMutex.Timer>("n1", MEMBERS);
        FailoverMutex node = holderWhoseCoordinatorWentSilent(context);
        long newTerm = 4; // above 2, and n2's (index 1) modulo 3
        node.onMessage(N2, new FailoverMutex.Message.Election(new BullyMessage.Victory(newTerm)), context);
        node.onMessage(N2, new FailoverMutex.Message.Query(newTerm), context);
        assertThat(context.sentTo("n2"))
                .contains(new FailoverMutex.Message.Report(
                        newTerm, newTerm, 1, true, (FIRST_TERM << 32) + 1, (FIRST_TERM << 32) + 1));
        assertThat(context.timers).doesNotContain(new FailoverMutex.Timer.LostDeadline(1)); // backed again
        node.onTimer(new FailoverMutex.Timer.LostDeadline(1), context); // a stale firing changes nothing
        assertThat(node.inCriticalSection()).isTrue();
        assertThat(context.delivered).isEmpty();
        node.onMessage(N2, new FailoverMutex.Message.Confirm(newTerm, 1), context);
        node.onCommand(new MutexCommand.Release(1), context);
        assertThat(context.sentTo("n2")).contains(new FailoverMutex.Message.Release(newTerm, 1));
        // A grant of the deposed coordinator's term arrives late: handed back, never entered.
        context.clear();
        node.onCommand(new MutexCommand.Acquire(2), context);
        node.onMessage(N3, new FailoverMutex.Message.Grant(FIRST_TERM, 2, (FIRST_TERM << 32) + 2), context);
        assertThat(node.inCriticalSection()).isFalse();
        assertThat(context.sentTo("n3")).containsExactly(new FailoverMutex.Message.Release(FIRST_TERM, 2));
    }

    @Test
    void aNewCoordinatorGrantsNothingUntilItHasLearntTheGroupAndKeepsTheOldHolder() {
        var context = new RecordingContext<FailoverMutex.Message, FailoverMutex.Timer>("n2", MEMBERS);
        FailoverMutex node = started(context);
        context.nowNanos = 1_000_000_000L;
        node.onTimer(new FailoverMutex.Timer.Election(new BullyTimer.Tick()), context); // suspects n3
        node.onTimer(new FailoverMutex.Timer.Election(new BullyTimer.AnswerDeadline(1)), context); // wins
        long term = node.term();
        assertThat(node.coordinator()).contains(N2);
        assertThat(term).isGreaterThan(FIRST_TERM);
        assertThat(node.recovering()).isTrue();
        assertThat(context.sentTo("n1")).contains(new FailoverMutex.Message.Query(term));
        context.clear();
        node.onCommand(new MutexCommand.Acquire(5), context); // its own request waits for the recovery
        long oldToken = (FIRST_TERM << 32) + 9;
        node.onMessage(N1, new FailoverMutex.Message.Report(term, term, 7, true, oldToken, oldToken), context);
        assertThat(node.recovering()).isTrue(); // n3 has neither answered nor been suspected yet
        assertThat(context.delivered).isEmpty();
        context.nowNanos += 500_000_000L;
        node.onTimer(new FailoverMutex.Timer.RecoveryTick(term), context); // n3 silent past the timeout
        assertThat(node.recovering()).isFalse();
        assertThat(context.recorded).contains(new FailoverMutex.RecoveryFinished(term, N1, List.of(N2)));
        assertThat(context.sentTo("n1")).contains(new FailoverMutex.Message.Confirm(term, 7));
        assertThat(context.delivered).isEmpty(); // n1 keeps its grant: nobody else gets one
        node.onMessage(N1, new FailoverMutex.Message.Release(term, 7), context);
        assertThat(context.delivered).singleElement().isInstanceOf(MutexOutput.Granted.class);
        long token = ((MutexOutput.Granted) context.delivered.get(0)).fencingToken();
        assertThat(token).isGreaterThan(oldToken).isEqualTo((term << 32) + 1);
        FailoverMutex copy = node.copy();
        assertThat(copy).isNotSameAs(node).isEqualTo(node).hasSameHashCodeAs(node);
    }
}
