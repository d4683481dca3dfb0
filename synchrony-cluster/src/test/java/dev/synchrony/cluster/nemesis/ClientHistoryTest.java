package dev.synchrony.cluster.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.election.LeadershipLost;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientHistoryTest {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");

    private final Trace trace = new Trace(java.util.List.of(N1, N2), true);

    private void add(long ms, NodeId node, EventKind kind, Object payload) {
        trace.add(new TraceEvent(
                trace.nextId(), ms * 1_000_000, node.number() == 1 ? 0 : 1, kind, 0, 0, -1, -1, payload));
    }

    private void grant(long ms, NodeId node, long token) {
        add(ms, node, EventKind.INTERNAL, new CriticalSection.Entered(1, token, -1));
        add(ms, node, EventKind.DELIVER, new MutexOutput.Granted(1, token));
    }

    private void lost(long ms, NodeId node) {
        add(ms, node, EventKind.INTERNAL, new CriticalSection.Exited(1, 0));
        add(ms, node, EventKind.DELIVER, new MutexOutput.Lost(1, "lease expired"));
    }

    @Test
    void grantsOneAfterTheOtherWithGrowingTokensHold() {
        grant(1, N1, 5);
        add(2, N1, EventKind.DELIVER, new MutexOutput.Released(1));
        grant(3, N2, 6);
        ClientHistory history = ClientHistory.of(trace);
        assertThat(history.entries()).isEqualTo(2);
        assertThat(history.violations()).isZero();
    }

    @Test
    void aGrantWhileAnotherHoldsAndASmallerTokenAreCounted() {
        grant(1, N1, 7);
        grant(3, N2, 6);
        ClientHistory history = ClientHistory.of(trace);
        assertThat(history.doubleGrants()).isEqualTo(1);
        assertThat(history.fencingRegressions()).isEqualTo(1);
        assertThat(history.checks()).filteredOn(c -> c.violated()).hasSize(2);
    }

    @Test
    void aPausedHolderWhoseFirstActOnResumingIsLostHeldOnlyUntilThePause() {
        grant(1, N1, 5);
        add(2, N1, EventKind.PAUSE, "SIGSTOP");
        grant(3, N2, 6);
        add(4, N1, EventKind.RESUME, "SIGCONT");
        add(4, N1, EventKind.RECEIVE, "Renewed");
        lost(4, N1);
        assertThat(ClientHistory.of(trace).doubleGrants()).isZero();
    }

    @Test
    void aPausedHolderThatActsOtherwiseFirstHeldThroughoutThePause() {
        grant(1, N1, 5);
        add(2, N1, EventKind.PAUSE, "SIGSTOP");
        grant(3, N2, 6);
        add(4, N1, EventKind.RESUME, "SIGCONT");
        add(4, N1, EventKind.SEND, "Renew");
        lost(5, N1);
        assertThat(ClientHistory.of(trace).doubleGrants()).isEqualTo(1);
    }

    @Test
    void leadershipsOverlapUnlessTheFirstEndedOrItsLeaderWasPausedAndGaveUpOnResuming() {
        add(1, N1, EventKind.DELIVER, new LeaderElected(N1, 1));
        add(2, N1, EventKind.PAUSE, "SIGSTOP");
        add(3, N2, EventKind.DELIVER, new LeaderElected(N2, 2));
        add(4, N1, EventKind.RESUME, "SIGCONT");
        add(4, N1, EventKind.DELIVER, new LeadershipLost(N1, 1, "lease lapsed"));
        assertThat(ClientHistory.of(trace).doubleLeaders()).isZero();
        assertThat(ClientHistory.of(trace).leaderships()).isEqualTo(2);

        add(5, N1, EventKind.DELIVER, new LeaderElected(N1, 3));
        add(6, N2, EventKind.DELIVER, new LeaderElected(N2, 4)); // n2 still led: two at once
        assertThat(ClientHistory.of(trace).doubleLeaders()).isEqualTo(1);
    }

    /** An event whose member's clock reads {@code clockMs} (the trace's clock 0 is reading 0 here). */
    private void addAt(long ms, long clockMs, NodeId node, EventKind kind, Object payload) {
        trace.add(new TraceEvent(
                trace.nextId(),
                ms * 1_000_000,
                node.number() == 1 ? 0 : 1,
                kind,
                clockMs * 1_000_000,
                0,
                -1,
                -1,
                payload));
    }

    /**
     * n1's grant lease ran out at reading 2 ms, but its timer fired late: the Lost came at 5 ms. The hold ends at the
     * lease's end, carried as a field, so n2's grant at 3 ms does not overlap it.
     */
    @Test
    void aLostLeaseNoticedLateEndsTheHoldWhenTheLeaseRanOut() {
        grant(1, N1, 5);
        grant(3, N2, 6);
        addAt(5, 5, N1, EventKind.DELIVER, new MutexOutput.Lost(1, "lease expired", Optional.of(2_000_000L)));
        assertThat(ClientHistory.of(trace).doubleGrants()).isZero();
    }

    /** The end is read from the field alone: a reason text that names a reading changes nothing. */
    @Test
    void aLossThatIsNotALeaseRunningOutEndsTheHoldWhenNoticed() {
        grant(1, N1, 5);
        grant(3, N2, 6);
        addAt(5, 5, N1, EventKind.DELIVER, new MutexOutput.Lost(1, "lease expired at 2000000 on this member's clock"));
        assertThat(ClientHistory.of(trace).doubleGrants()).isEqualTo(1);
    }

    @Test
    void aLeadershipWhoseLeaseLapsedEndsWhenTheLeaseRanOutOnTheRebasedClock() {
        add(1, N1, EventKind.DELIVER, new LeaderElected(N1, 1));
        add(3, N2, EventKind.DELIVER, new LeaderElected(N2, 2));
        // The member's raw clock read 1,000 ms at the trace's clock 0; the lease ran out at raw reading 1,002 ms.
        addAt(5, 5, N1, EventKind.DELIVER, new LeadershipLost(N1, 1, "lease lapsed", Optional.of(1_002_000_000L)));
        assertThat(ClientHistory.of(trace, 1_000_000_000L).doubleLeaders()).isZero();
        assertThat(ClientHistory.of(trace, 0).doubleLeaders()).isEqualTo(1);
    }

    @Test
    void aCrashEndsWhatTheMemberHeldAndLed() {
        add(1, N1, EventKind.DELIVER, new LeaderElected(N1, 1));
        grant(1, N1, 5);
        add(2, N1, EventKind.CRASH, null);
        add(3, N2, EventKind.DELIVER, new LeaderElected(N2, 2));
        grant(3, N2, 6);
        assertThat(ClientHistory.of(trace).violations()).isZero();
    }
}
