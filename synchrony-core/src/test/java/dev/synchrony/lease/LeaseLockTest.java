package dev.synchrony.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.Context;
import dev.synchrony.core.InMemoryStableStorage;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.election.LeadershipLost;
import dev.synchrony.lease.LeaseLock.Message;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.testing.TestContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One {@link LeaseLock} member driven by hand: durable votes across a restart, pauses, late grants, renewals. */
class LeaseLockTest {

    static final long MS = 1_000_000L;
    static final LeaseSettings SETTINGS = LeaseLockWorldTest.SETTINGS;
    static final List<NodeId> MEMBERS = NodeId.range(3);
    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");
    static final NodeId N3 = NodeId.of("n3");
    static final String L = LeaseLock.DEFAULT_LOCK;

    static LeaseLock started(StorageContext context) {
        LeaseLock node = new LeaseLock(SETTINGS);
        node.onStart(context);
        return node;
    }

    /** n1 wins term 1 with n2's votes, earns a lease from n2's acknowledgement, and lets its grace period pass. */
    static LeaseLock leaderPastGrace(StorageContext context) {
        LeaseLock node = started(context);
        context.nowNanos = 2 * SETTINGS.electionTimeoutNanos();
        node.onTimer(new LeaseLock.Timer.ElectionTimeout(), context);
        assertThat(context.sent(Message.PreVote.class)).containsOnly(new Message.PreVote(1));
        node.onMessage(N2, new Message.PreVoteReply(1, true), context);
        assertThat(context.sent(Message.RequestVote.class)).containsOnly(new Message.RequestVote(1));
        node.onMessage(N2, new Message.Vote(1, true), context);
        assertThat(context.delivered).isEmpty(); // leader, but not yet under a lease
        node.onMessage(N2, new Message.HeartbeatAck(1, 1, true), context);
        assertThat(context.delivered).containsExactly(new LeaderElected(N1, 1));
        heartbeatsUntil(node, context, context.nowNanos + SETTINGS.graceNanos());
        assertThat(node.leadsAt(context.nowNanos)).isTrue();
        context.clear();
        return node;
    }

    /** Ticks the leader every heartbeat period until {@code until}, with n2 acknowledging each round at once. */
    static void heartbeatsUntil(LeaseLock node, StorageContext context, long until) {
        while (context.nowNanos < until) {
            context.nowNanos = Math.min(until, context.nowNanos + SETTINGS.heartbeatNanos());
            node.onTimer(new LeaseLock.Timer.Tick(), context);
            long round = context.sent(Message.Heartbeat.class).getLast().round();
            node.onMessage(N2, new Message.HeartbeatAck(1, round, true), context);
        }
    }

    @Test
    void aLeaderGrantsOnlyAfterItsGracePeriodAndUnderItsLease() {
        var context = new StorageContext("n1", MEMBERS);
        LeaseLock node = started(context);
        context.nowNanos = 2 * SETTINGS.electionTimeoutNanos();
        node.onTimer(new LeaseLock.Timer.ElectionTimeout(), context);
        node.onMessage(N2, new Message.PreVoteReply(1, true), context);
        node.onMessage(N2, new Message.Vote(1, true), context);
        node.onMessage(N2, new Message.HeartbeatAck(1, 1, true), context);
        long won = context.nowNanos;
        node.onMessage(N3, new Message.Acquire(L, 7, 1), context);
        assertThat(context.sent(Message.Grant.class))
                .as("inside the grace period")
                .isEmpty();
        heartbeatsUntil(node, context, won + SETTINGS.graceNanos() - 1);
        node.onMessage(N3, new Message.Acquire(L, 7, 2), context);
        assertThat(context.sent(Message.Grant.class))
                .as("one nanosecond before its end")
                .isEmpty();
        context.nowNanos = won + SETTINGS.graceNanos();
        node.onMessage(N3, new Message.Acquire(L, 7, 3), context);
        assertThat(context.sentTo("n3")).contains(new Message.Grant(1, L, 7, 3, (1L << 32) | 1));
    }

    @Test
    void aPausedLeaderThatResumesAfterItsLeaseGrantsNothing() {
        // Control: the same leader, not paused, grants.
        var awake = new StorageContext("n1", MEMBERS);
        LeaseLock control = leaderPastGrace(awake);
        control.onMessage(N3, new Message.Acquire(L, 7, 1), awake);
        assertThat(awake.sent(Message.Grant.class)).hasSize(1);

        var context = new StorageContext("n1", MEMBERS);
        LeaseLock node = leaderPastGrace(context);
        // Paused for one L_leader: when it resumes, the request that piled up is the first thing it handles.
        context.nowNanos += SETTINGS.leaderLeaseNanos();
        node.onMessage(N3, new Message.Acquire(L, 7, 1), context);
        assertThat(context.sent(Message.Grant.class)).isEmpty();
        assertThat(context.delivered).singleElement().isInstanceOf(LeadershipLost.class);
        assertThat(node.leadsAt(context.nowNanos)).isFalse();
        // A renewal from an earlier holder is refused too: its holder hears Lost at once.
        node.onMessage(N3, new Message.Renew(L, 6, (1L << 32) | 1, 4), context);
        assertThat(context.sentTo("n3")).containsExactly(new Message.Refused(1, L, 6, (1L << 32) | 1));
    }

    /** n2 follows n1 of term 1 and asks for the lock at {@code askedAt}; returns the attempt it sent. */
    static long followerAsking(LeaseLock node, StorageContext context, long askedAt) {
        context.nowNanos = askedAt - 10 * MS;
        node.onMessage(N1, new Message.Heartbeat(1, 1), context);
        context.nowNanos = askedAt;
        node.onCommand(new MutexCommand.Acquire(1), context);
        Message.Acquire acquire = (Message.Acquire) context.sentTo("n1").getLast();
        assertThat(acquire.requestId()).isEqualTo(1);
        context.clear();
        return acquire.attempt();
    }

    @Test
    void aGrantThatArrivesAfterItsLeaseIsIgnoredAndHandedBack() {
        var context = new StorageContext("n2", MEMBERS);
        LeaseLock node = started(context);
        long askedAt = 1_000 * MS;
        long attempt = followerAsking(node, context, askedAt);
        long token = (1L << 32) | 1;
        context.nowNanos = askedAt + SETTINGS.grantLeaseOnHolderClock();
        node.onMessage(N1, new Message.Grant(1, L, 1, attempt, token), context);
        assertThat(context.delivered).isEmpty();
        assertThat(node.inCriticalSection()).isFalse();
        assertThat(context.recorded).containsExactly(new LeaseLock.LateGrantIgnored(L, 1, token, 0));
        assertThat(context.sentTo("n1")).containsExactly(new Message.Release(L, 1, token, attempt));
    }

    @Test
    void aDelayedGrantLeavesOnlyWhatRemainsOfTheLeaseCountedFromTheRequest() {
        var context = new StorageContext("n2", MEMBERS);
        LeaseLock node = started(context);
        long askedAt = 1_000 * MS;
        long attempt = followerAsking(node, context, askedAt);
        long token = (1L << 32) | 1;
        context.nowNanos = askedAt + 300 * MS; // the leader paused mid-handler, or the network was slow
        node.onMessage(N1, new Message.Grant(1, L, 1, attempt, token), context);
        assertThat(context.delivered).containsExactly(new MutexOutput.Granted(1, token));
        assertThat(context.recorded).containsExactly(new CriticalSection.Entered(1, token, -1));
        assertThat(node.grantExpiresAt()).isEqualTo(askedAt + SETTINGS.grantLeaseOnHolderClock());
        assertThat(node.holdsAt(askedAt + SETTINGS.grantLeaseOnHolderClock() - 1))
                .isTrue();
        assertThat(node.holdsAt(askedAt + SETTINGS.grantLeaseOnHolderClock())).isFalse();
        // Its clock reaches the end with no renewal answered: the next thing it handles reports the grant lost.
        context.clear();
        context.nowNanos = node.grantExpiresAt();
        node.onTimer(new LeaseLock.Timer.GrantEnd(L), context);
        assertThat(context.delivered).singleElement().isInstanceOf(MutexOutput.Lost.class);
        assertThat(context.recorded).containsExactly(new CriticalSection.Exited(1, token));
        context.clear();
        node.onCommand(new MutexCommand.Release(1), context);
        assertThat(context.delivered).containsExactly(new MutexOutput.Released(1));
    }

    @Test
    void aRenewalCountsFromItsSendAndARefusalOrANewTermLosesTheGrantAtOnce() {
        var context = new StorageContext("n2", MEMBERS);
        LeaseLock node = started(context);
        long askedAt = 1_000 * MS;
        long attempt = followerAsking(node, context, askedAt);
        long token = (1L << 32) | 1;
        context.nowNanos = askedAt + 5 * MS;
        node.onMessage(N1, new Message.Grant(1, L, 1, attempt, token), context);
        context.nowNanos = askedAt + SETTINGS.renewNanos();
        node.onTimer(new LeaseLock.Timer.Tick(), context);
        Message.Renew renew = context.sent(Message.Renew.class).getLast();
        long renewSent = context.nowNanos;
        context.nowNanos += 50 * MS;
        node.onMessage(N1, new Message.Renewed(1, L, 1, token, renew.attempt()), context);
        assertThat(node.grantExpiresAt()).isEqualTo(renewSent + SETTINGS.grantLeaseOnHolderClock());
        // A refused renewal: lost at once.
        context.clear();
        node.onMessage(N1, new Message.Refused(1, L, 1, token), context);
        assertThat(context.delivered).singleElement().isInstanceOf(MutexOutput.Lost.class);
        assertThat(node.inCriticalSection()).isFalse();

        // Another member, same story, but a heartbeat of a larger term arrives: lost at once.
        var other = new StorageContext("n3", MEMBERS);
        LeaseLock holder = started(other);
        long otherAttempt = followerAsking(holder, other, askedAt);
        other.nowNanos = askedAt + 5 * MS;
        holder.onMessage(N1, new Message.Grant(1, L, 1, otherAttempt, token), other);
        other.clear();
        holder.onMessage(N2, new Message.Heartbeat(2, 1), other);
        assertThat(other.delivered).first().isInstanceOf(MutexOutput.Lost.class);
        assertThat(other.delivered).contains(new LeaderElected(N2, 2));
    }

    @Test
    void theLeaderAnswersReleasesAtItsNextTickWithOneAnswerCoveringTheLargestToken() {
        var context = new StorageContext("n1", MEMBERS);
        LeaseLock node = leaderPastGrace(context);
        long first = (1L << 32) | 1;
        long second = (1L << 32) | 2;
        node.onMessage(N3, new Message.Acquire(L, 7, 1), context);
        node.onMessage(N3, new Message.Release(L, 7, first, 1), context);
        node.onMessage(N3, new Message.Acquire(L, 8, 2), context);
        assertThat(context.sentTo("n3"))
                .containsExactly(new Message.Grant(1, L, 7, 1, first), new Message.Grant(1, L, 8, 2, second));
        node.onMessage(N3, new Message.Release(L, 8, second, 2), context);
        // No answer of its own on the release's path: the next grant is all that leaves.
        assertThat(context.sent(Message.ReleaseAck.class)).isEmpty();

        context.clear();
        context.nowNanos += SETTINGS.heartbeatNanos();
        node.onTimer(new LeaseLock.Timer.Tick(), context);
        assertThat(context.sent(Message.ReleaseAck.class)).containsExactly(new Message.ReleaseAck(L, 8, second));
        assertThat(context.sentTo("n3")).contains(new Message.ReleaseAck(L, 8, second));
        context.clear();
        context.nowNanos += SETTINGS.heartbeatNanos();
        node.onTimer(new LeaseLock.Timer.Tick(), context);
        assertThat(context.sent(Message.ReleaseAck.class)).as("answered once").isEmpty();
    }

    @Test
    void aHolderStopsRepeatingEveryReleaseOfTheLockToTheMemberThatAnsweredALargerToken() {
        long first = (1L << 32) | 1;
        long second = (1L << 32) | 2;
        for (boolean answered : new boolean[] {false, true}) {
            var context = new StorageContext("n2", MEMBERS);
            LeaseLock node = started(context);
            long askedAt = 1_000 * MS;
            long attempt = followerAsking(node, context, askedAt);
            node.onMessage(N1, new Message.Grant(1, L, 1, attempt, first), context);
            node.onCommand(new MutexCommand.Release(1), context);
            node.onCommand(new MutexCommand.Acquire(2), context);
            Message.Acquire again = context.sent(Message.Acquire.class).getLast();
            node.onMessage(N1, new Message.Grant(1, L, 2, again.attempt(), second), context);
            node.onCommand(new MutexCommand.Release(2), context);
            assertThat(context.sent(Message.Release.class)).hasSize(2);
            // An answer from another member covers nothing sent to n1.
            node.onMessage(N3, new Message.ReleaseAck(L, 9, second + 10), context);
            if (answered) {
                node.onMessage(N1, new Message.ReleaseAck(L, 2, second), context);
            }
            context.clear();
            context.nowNanos += SETTINGS.renewNanos();
            node.onTimer(new LeaseLock.Timer.Tick(), context);
            assertThat(context.sent(Message.Release.class))
                    .as(answered ? "both covered by the answer to the second" : "both repeated")
                    .hasSize(answered ? 0 : 2);
        }
    }

    @Test
    void aRestartKeepsTermAndVoteSoAMemberNeverVotesTwiceInATerm() {
        var context = new StorageContext("n1", MEMBERS);
        LeaseLock node = started(context);
        context.nowNanos = SETTINGS.leaderLeaseNanos();
        node.onMessage(N2, new Message.RequestVote(5), context);
        assertThat(context.sentTo("n2")).containsExactly(new Message.Vote(5, true));
        assertThat(DurableVote.load(context.storage)).isEqualTo(new DurableVote(5, N2));

        // Crash and restart: a new instance on the same storage.
        context.crash();
        context.nowNanos += 10 * MS;
        LeaseLock restarted = started(context);
        assertThat(restarted.term()).isEqualTo(5);
        assertThat(restarted.votedFor()).contains(N2);
        // It waits one leader lease before voting at all: a promise it made before the crash was volatile.
        restarted.onMessage(N3, new Message.RequestVote(6), context);
        assertThat(context.sentTo("n3")).containsExactly(new Message.Vote(6, false));
        assertThat(restarted.term()).isEqualTo(5);
        context.clear();
        context.nowNanos += SETTINGS.leaderLeaseNanos();
        restarted.onMessage(N3, new Message.RequestVote(5), context);
        assertThat(context.sentTo("n3")).as("a second vote in term 5").containsExactly(new Message.Vote(5, false));
        restarted.onMessage(N2, new Message.RequestVote(5), context);
        assertThat(context.sentTo("n2")).as("a copy of the granted request").containsExactly(new Message.Vote(5, true));
        restarted.onMessage(N3, new Message.RequestVote(6), context);
        assertThat(context.sentTo("n3")).last().isEqualTo(new Message.Vote(6, true));
        assertThat(DurableVote.load(context.storage)).isEqualTo(new DurableVote(6, N3));
    }

    @Test
    void aMemberThatHeardALiveLeaderRefusesVotesAndKeepsItsTerm() {
        var context = new StorageContext("n3", MEMBERS);
        LeaseLock node = started(context);
        context.nowNanos = SETTINGS.leaderLeaseNanos();
        node.onMessage(N1, new Message.Heartbeat(1, 1), context);
        context.nowNanos += SETTINGS.leaderLeaseNanos() - 1;
        node.onMessage(N2, new Message.PreVote(2), context);
        node.onMessage(N2, new Message.RequestVote(2), context);
        assertThat(context.sentTo("n2"))
                .containsExactly(new Message.PreVoteReply(2, false), new Message.Vote(2, false));
        assertThat(node.term()).isEqualTo(1);
        context.clear();
        context.nowNanos += 1;
        node.onMessage(N2, new Message.RequestVote(2), context);
        assertThat(context.sentTo("n2")).containsExactly(new Message.Vote(2, true));
    }

    @Test
    void aLeaderThatSeesALargerTermStepsDownAndLosesItsOwnGrant() {
        var context = new StorageContext("n1", MEMBERS);
        LeaseLock node = leaderPastGrace(context);
        node.onCommand(new MutexCommand.Acquire(3), context);
        assertThat(context.delivered).containsExactly(new MutexOutput.Granted(3, (1L << 32) | 1));
        context.clear();
        node.onMessage(N3, new Message.HeartbeatAck(4, 9, false), context);
        assertThat(context.delivered).hasSize(2);
        assertThat(context.delivered.get(0))
                .isInstanceOf(LeadershipLost.class)
                .extracting(o -> ((LeadershipLost) o).term())
                .isEqualTo(1L);
        assertThat(context.delivered.get(1)).isInstanceOf(MutexOutput.Lost.class);
        assertThat(node.term()).isEqualTo(4);
        assertThat(node.leadsAt(context.nowNanos)).isFalse();
        assertThat(node.coordinator()).isEmpty();
    }

    @Test
    void copiesAreEqualAndIndependent() {
        var context = new StorageContext("n1", MEMBERS);
        LeaseLock node = leaderPastGrace(context);
        LeaseLock copy = node.copy();
        assertThat(copy).isEqualTo(node).hasSameHashCodeAs(node);
        node.onMessage(N3, new Message.Acquire(L, 7, 1), context);
        assertThat(copy).isNotEqualTo(node);
        assertThat(copy.copy()).isEqualTo(copy);
    }

    @Test
    void badSettingsStoredStateAndAMissingStorageAreNamed() {
        assertThatThrownBy(() -> new LeaseSettings(20 * MS, 200 * MS, 150 * MS, 400 * MS, 5 * MS, 60 * MS, 0.01))
                .hasMessageContaining("election timeout");
        assertThatThrownBy(() -> new LeaseSettings(20 * MS, 200 * MS, 300 * MS, 400 * MS, 5 * MS, 60 * MS, 1.5))
                .hasMessageContaining("rho");
        assertThatThrownBy(() -> new LeaseSettings(20 * MS, 200 * MS, 300 * MS, 50 * MS, 5 * MS, 60 * MS, 0.01))
                .hasMessageContaining("holder's lease");
        var storage = new InMemoryStableStorage();
        storage.write(DurableVote.KEY, "five n2".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DurableVote.load(storage)).hasMessageContaining("'five n2'");
        Context<Message, LeaseLock.Timer> noStorage = new TestContext<>(N1, MEMBERS, 1) {
            @Override
            public void send(NodeId to, Message message) {}

            @Override
            public void setTimer(LeaseLock.Timer timer, long delayNanos) {}

            @Override
            public void cancelTimer(LeaseLock.Timer timer) {}

            @Override
            public void deliver(Object output) {}

            @Override
            public void record(Object event) {}
        };
        assertThatThrownBy(() -> new LeaseLock(SETTINGS).onStart(noStorage))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(noStorage.getClass().getName())
                .hasMessageContaining("no stable storage");
    }
}
