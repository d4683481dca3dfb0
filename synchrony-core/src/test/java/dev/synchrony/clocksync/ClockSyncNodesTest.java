package dev.synchrony.clocksync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.Context;
import dev.synchrony.core.LocalClock;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The nodes without any simulator: a fake context records what they do. */
class ClockSyncNodesTest {

    static final class FakeClock implements LocalClock {
        long now;
        final List<String> corrections = new ArrayList<>();

        @Override
        public long nanos() {
            return now;
        }

        @Override
        public void slew(long correctionNanos, long periodNanos) {
            corrections.add("slew " + correctionNanos);
        }

        @Override
        public void step(long correctionNanos) {
            corrections.add("step " + correctionNanos);
            now += correctionNanos;
        }
    }

    static final class FakeContext<M, T> implements Context<M, T> {
        final NodeId self;
        final List<NodeId> members;
        final FakeClock clock = new FakeClock();
        final List<Object> recorded = new ArrayList<>();

        FakeContext(NodeId self, List<NodeId> members) {
            this.self = self;
            this.members = members;
        }

        @Override
        public NodeId self() {
            return self;
        }

        @Override
        public List<NodeId> members() {
            return members;
        }

        @Override
        public void send(NodeId to, M message) {
            sentMessages.add(message);
        }

        @Override
        public void setTimer(T timer, long delayNanos) {}

        @Override
        public void cancelTimer(T timer) {}

        @Override
        public LocalClock clock() {
            return clock;
        }

        @Override
        public RandomGenerator random() {
            return new SplittableRandom(1);
        }

        @Override
        public void deliver(Object output) {}

        @Override
        public void record(Object event) {
            recorded.add(event);
        }

        final List<M> sentMessages = new ArrayList<>();
    }

    private static final NodeId SERVER = NodeId.of("n1");
    private static final NodeId CLIENT = NodeId.of("n2");

    @Test
    void clientSlewsByTheOffsetAndIgnoresAReplayedReply() {
        NtpClient client = new NtpClient(new NtpClient.Config(SERVER, 0, new ClockCorrection(1_000, 1_000_000), 0));
        FakeContext<NtpMessage, NtpTimer> context = new FakeContext<>(CLIENT, List.of(SERVER, CLIENT));
        context.clock.now = 900;
        client.onCommand(new ClockSyncCommand.Poll(), context);
        NtpMessage.Request request = (NtpMessage.Request) context.sentMessages.get(0);
        assertThat(request.originNanos()).isEqualTo(900);
        context.clock.now = 930;
        NtpMessage.Reply reply = new NtpMessage.Reply(request.sequence(), 900, 1010, 1010);
        client.onMessage(SERVER, reply, context);
        assertThat(context.clock.corrections).containsExactly("slew 95");
        client.onMessage(SERVER, reply, context);
        assertThat(context.clock.corrections).containsExactly("slew 95");
        assertThat(client.copy()).isEqualTo(client).hasSameHashCodeAs(client);
    }

    @Test
    void clientRejectsAReplyWithTheWrongOrigin() {
        NtpClient client = new NtpClient(new NtpClient.Config(SERVER, 0, new ClockCorrection(1_000, 1_000_000), 0));
        FakeContext<NtpMessage, NtpTimer> context = new FakeContext<>(CLIENT, List.of(SERVER, CLIENT));
        client.onCommand(new ClockSyncCommand.Poll(), context);
        client.onMessage(SERVER, new NtpMessage.Reply(1, 12345, 50, 50), context);
        assertThat(context.clock.corrections).isEmpty();
    }

    @Test
    void bigCorrectionsAreStepped() {
        NtpClient client = new NtpClient(new NtpClient.Config(SERVER, 0, new ClockCorrection(1_000, 100), 0));
        FakeContext<NtpMessage, NtpTimer> context = new FakeContext<>(CLIENT, List.of(SERVER, CLIENT));
        client.onCommand(new ClockSyncCommand.Poll(), context);
        client.onMessage(SERVER, new NtpMessage.Reply(1, 0, 5_000, 5_000), context);
        assertThat(context.clock.corrections).containsExactly("step 5000");
    }

    @Test
    void machineAppliesEachRoundOnce() {
        BerkeleyMachine machine = new BerkeleyMachine(new ClockCorrection(1_000, 1_000_000));
        FakeContext<BerkeleyMessage, BerkeleyTimer> context = new FakeContext<>(CLIENT, List.of(SERVER, CLIENT));
        context.clock.now = 77;
        machine.onMessage(SERVER, new BerkeleyMessage.TimeQuery(3), context);
        assertThat(context.sentMessages).containsExactly(new BerkeleyMessage.TimeReport(3, 77));
        machine.onMessage(SERVER, new BerkeleyMessage.Adjustment(3, 15), context);
        machine.onMessage(SERVER, new BerkeleyMessage.Adjustment(3, 15), context);
        machine.onMessage(SERVER, new BerkeleyMessage.Adjustment(2, 40), context);
        assertThat(context.clock.corrections).containsExactly("slew 15");
    }

    @Test
    void daemonCompensatesTheRoundTripAndSendsRelativeAdjustments() {
        NodeId third = NodeId.of("n3");
        BerkeleyTimeDaemon daemon = new BerkeleyTimeDaemon(
                new BerkeleyTimeDaemon.Config(0, 1_000_000, 1_000_000, new ClockCorrection(1_000, 10_000_000)));
        FakeContext<BerkeleyMessage, BerkeleyTimer> context = new FakeContext<>(SERVER, List.of(SERVER, CLIENT, third));
        context.clock.now = 180_000;
        daemon.onCommand(new ClockSyncCommand.Poll(), context);
        // Each machine read its clock halfway through a 20-unit round trip: at daemon time 180,010.
        context.clock.now = 180_020;
        daemon.onMessage(CLIENT, new BerkeleyMessage.TimeReport(1, 170_010), context);
        daemon.onMessage(third, new BerkeleyMessage.TimeReport(1, 205_010), context);
        BerkeleyRound round = (BerkeleyRound) context.recorded.stream()
                .filter(BerkeleyRound.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertThat(round.differencesNanos()).containsEntry(CLIENT, -10_000L).containsEntry(third, 25_000L);
        assertThat(round.averageNanos()).isEqualTo(5_000);
        assertThat(context.sentMessages)
                .contains(new BerkeleyMessage.Adjustment(1, 15_000), new BerkeleyMessage.Adjustment(1, -20_000));
        assertThat(context.clock.corrections).containsExactly("slew 5000");
    }
}
