package dev.synchrony.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReliableFifoLinkTest {

    private static final NodeId A = NodeId.of("n1");
    private static final NodeId B = NodeId.of("n2");
    private static final List<NodeId> MEMBERS = List.of(A, B);

    private ReliableFifoLink<String, String, EchoNode.Say> sender;
    private ReliableFifoLink<String, String, EchoNode.Say> receiver;
    private EffectContext<LinkMessage<String>, LinkTimer<String>> senderContext;
    private EffectContext<LinkMessage<String>, LinkTimer<String>> receiverContext;

    @BeforeEach
    void start() {
        sender = ReliableFifoLink.over(new EchoNode());
        receiver = ReliableFifoLink.over(new EchoNode());
        senderContext = new EffectContext<>(A, MEMBERS);
        receiverContext = new EffectContext<>(B, MEMBERS);
        senderContext.nowNanos = 100;
        receiverContext.nowNanos = 200;
        sender.onStart(senderContext);
        receiver.onStart(receiverContext);
    }

    private List<LinkMessage.Data<String>> say(String... texts) {
        senderContext.clear();
        for (String text : texts) {
            sender.onCommand(new EchoNode.Say(B, text), senderContext);
        }
        return senderContext.sent().stream()
                .map(m -> (LinkMessage.Data<String>) m)
                .toList();
    }

    private List<Object> receive(LinkMessage<String> frame) {
        receiverContext.clear();
        receiver.onMessage(A, frame, receiverContext);
        return receiverContext.effects;
    }

    private List<Object> deliveries(List<Object> effects) {
        return effects.stream()
                .filter(e -> e instanceof EffectContext.Deliver)
                .map(e -> ((EffectContext.Deliver) e).output())
                .toList();
    }

    private long lastAck(List<Object> effects) {
        return effects.stream()
                .filter(e -> e instanceof EffectContext.Send<?> s && s.message() instanceof LinkMessage.Ack<?>)
                .map(e -> ((LinkMessage.Ack<?>) ((EffectContext.Send<?>) e).message()).cumulative())
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    @Test
    void numbersEachMessageAndArmsOneRetransmissionTimer() {
        List<LinkMessage.Data<String>> frames = say("a", "b", "c");
        assertThat(frames).extracting(LinkMessage.Data::sequence).containsExactly(1L, 2L, 3L);
        assertThat(frames).extracting(LinkMessage.Data::payload).containsExactly("a", "b", "c");
        assertThat(frames).allMatch(f -> f.senderEpoch() == 100 && f.receiverEpoch() == LinkMessage.UNKNOWN_EPOCH);
        assertThat(senderContext.effects(EffectContext.SetTimer.class))
                .containsExactly(new EffectContext.SetTimer<>(new LinkTimer.Retransmit<>(B), 25_000_000L));
        assertThat(sender.unacknowledged(B)).isEqualTo(3);
    }

    @Test
    void handsOverInOrderWhateverTheArrivalOrder() {
        List<LinkMessage.Data<String>> frames = say("a", "b", "c");
        List<Object> third = receive(frames.get(2));
        assertThat(deliveries(third)).isEmpty();
        assertThat(lastAck(third)).isZero();
        List<Object> first = receive(frames.get(0));
        assertThat(deliveries(first)).containsExactly("a");
        assertThat(lastAck(first)).isEqualTo(1);
        List<Object> second = receive(frames.get(1));
        assertThat(deliveries(second)).containsExactly("b", "c");
        assertThat(lastAck(second)).isEqualTo(3);
        assertThat(((EchoNode) receiver.inner()).received).containsExactly("n1:a", "n1:b", "n1:c");
    }

    @Test
    void dropsDuplicatesButAcknowledgesThemAgain() {
        List<LinkMessage.Data<String>> frames = say("a");
        assertThat(deliveries(receive(frames.get(0)))).containsExactly("a");
        List<Object> again = receive(frames.get(0));
        assertThat(deliveries(again)).isEmpty();
        assertThat(lastAck(again)).isEqualTo(1);
    }

    @Test
    void acknowledgementReleasesMessagesAndStopsTheTimer() {
        List<LinkMessage.Data<String>> frames = say("a", "b");
        List<Object> effects = receive(frames.get(0));
        LinkMessage.Ack<String> ack = ackIn(effects);
        senderContext.clear();
        senderContext.nowNanos += 8_000_000; // the acknowledgement comes back 8 ms after frame 1 left
        sender.onMessage(B, ack, senderContext);
        assertThat(sender.unacknowledged(B)).isEqualTo(1);
        // progress re-arms the timer from the estimate, SRTT 8 ms + 4 RTTVAR (4 ms) = 24 ms, but "b" is alone in
        // flight now: at most 2 SRTT, 16 ms
        assertThat(senderContext.effects)
                .containsExactly(
                        new EffectContext.CancelTimer<>(new LinkTimer.Retransmit<>(B)),
                        new EffectContext.SetTimer<>(new LinkTimer.Retransmit<>(B), 16_000_000L));
        senderContext.clear();
        sender.onMessage(B, ackIn(receive(frames.get(1))), senderContext);
        assertThat(sender.unacknowledged(B)).isZero();
        assertThat(senderContext.effects)
                .containsExactly(new EffectContext.CancelTimer<>(new LinkTimer.Retransmit<>(B)));
    }

    @SuppressWarnings("unchecked")
    private static LinkMessage.Ack<String> ackIn(List<Object> effects) {
        return effects.stream()
                .filter(e -> e instanceof EffectContext.Send<?> s && s.message() instanceof LinkMessage.Ack<?>)
                .map(e -> (LinkMessage.Ack<String>) ((EffectContext.Send<?>) e).message())
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void retransmitsWithBoundedExponentialBackoff() {
        sender = ReliableFifoLink.over(
                new EchoNode(),
                LinkConfig.DEFAULT
                        .withInitialRetransmitNanos(10)
                        .withMaxRetransmitNanos(50)
                        .withMaxRetransmissions(100));
        sender.onStart(senderContext);
        say("a", "b");
        long[] waits = new long[6];
        for (int round = 0; round < waits.length; round++) {
            senderContext.clear();
            sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
            assertThat(senderContext.sent())
                    .extracting(m -> ((LinkMessage.Data<String>) m).payload())
                    .containsExactly("a", "b");
            waits[round] =
                    senderContext.effects(EffectContext.SetTimer.class).get(0).delayNanos();
        }
        assertThat(waits).containsExactly(20, 40, 50, 50, 50, 50);
    }

    /** Sends one frame, answers it {@code roundTripNanos} later, and returns the re-armed wait if any. */
    private void roundTrip(String text, long roundTripNanos) {
        List<LinkMessage.Data<String>> frames = say(text);
        LinkMessage.Ack<String> ack = ackIn(receive(frames.get(0)));
        senderContext.nowNanos += roundTripNanos;
        senderContext.clear();
        sender.onMessage(B, ack, senderContext);
    }

    private long retransmissionWait() {
        return senderContext.effects(EffectContext.SetTimer.class).stream()
                .filter(t -> t.timer() instanceof LinkTimer.Retransmit<?>)
                .reduce((a, b) -> b)
                .orElseThrow()
                .delayNanos();
    }

    @Test
    void theFirstRetransmissionWaitFollowsTheMeasuredRoundTrip() {
        roundTrip("a", 2_000_000);
        roundTrip("b", 2_000_000);
        // SRTT 2 ms, RTTVAR 3/4 * 1 ms = 0.75 ms: SRTT + max(5 ms floor, 3 ms) = 7 ms
        assertThat(sender.roundTrip(B).smoothedNanos()).isEqualTo(2_000_000);
        assertThat(sender.roundTrip(B).deviationNanos()).isEqualTo(750_000);
        say("c");
        assertThat(retransmissionWait()).isEqualTo(7_000_000L);
        // a slower path: the wait grows with the round trip instead of staying at 25 ms
        sender = ReliableFifoLink.over(new EchoNode());
        sender.onStart(senderContext);
        roundTrip("d", 40_000_000);
        say("e", "f"); // two frames: the full estimate (a lone one would wait 2 SRTT)
        assertThat(retransmissionWait()).isEqualTo(40_000_000L + 4 * 20_000_000L);
    }

    private List<Object> recorded() {
        return senderContext.effects(EffectContext.Record.class).stream()
                .map(EffectContext.Record::event)
                .toList();
    }

    @Test
    void framesCarryTheirSendTimeAndAcknowledgementsEchoIt() {
        senderContext.nowNanos = 100 + 7_000_000; // 7 ms after the sender's epoch
        LinkMessage.Data<String> frame = say("a").get(0);
        assertThat(frame.timestamp()).isEqualTo(7_000_000);
        assertThat(ackIn(receive(frame)).echo()).isEqualTo(7_000_000);
    }

    @Test
    void aRetransmittedFrameIsTimedFromTheCopyItsAcknowledgementEchoes() {
        say("a"); // the original is lost
        senderContext.nowNanos += 25_000_000;
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        LinkMessage.Data<String> copy =
                (LinkMessage.Data<String>) senderContext.sent().get(0);
        assertThat(copy.timestamp()).isEqualTo(25_000_000);
        LinkMessage.Ack<String> ack = ackIn(receive(copy));
        senderContext.nowNanos += 3_000_000;
        senderContext.clear();
        sender.onMessage(B, ack, senderContext);
        assertThat(sender.unacknowledged(B)).isZero();
        // the echo names the copy: a 3 ms round trip, where Karn's rule would have had no sample at all
        assertThat(sender.roundTrip(B).smoothedNanos()).isEqualTo(3_000_000);
        assertThat(recorded()).isEmpty(); // the retransmission was needed: K falls by a half, for every peer
        assertThat(sender.deviationWeight().quarters()).isEqualTo(DeviationWeight.MAX_QUARTERS - 2);
    }

    @Test
    void anAnswerToTheOriginalMarksTheRetransmissionsSpurious() {
        LinkMessage.Data<String> original = say("a", "b").get(0);
        for (int round = 0; round < 2; round++) {
            senderContext.nowNanos += 25_000_000;
            sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        }
        // the original was only slow: its acknowledgement echoes the time before any retransmission
        LinkMessage.Ack<String> ack = ackIn(receive(original));
        senderContext.clear();
        sender.onMessage(B, ack, senderContext);
        assertThat(recorded()).containsExactly(new SpuriousRetransmission(B, 1, 2));
        assertThat(sender.roundTrip(B).smoothedNanos()).isEqualTo(50_000_000);
        // one verdict per acknowledgement: the wait was too short, so K would grow (it is at its bound, 4)
        assertThat(sender.deviationWeight().quarters()).isEqualTo(DeviationWeight.MAX_QUARTERS);
    }

    @Test
    void eachAcknowledgementEchoesTheCopyItAnswers() {
        senderContext.nowNanos = 100 + 1_000_000;
        List<LinkMessage.Data<String>> first = say("a", "b");
        senderContext.nowNanos = 100 + 2_000_000;
        LinkMessage.Data<String> third = say("c").get(0);
        assertThat(ackIn(receive(first.get(0))).echo()).isEqualTo(1_000_000);
        // "c" arrives before "b": no progress, and the echo is c's own time (a sample only if it makes progress)
        LinkMessage.Ack<String> afterGap = ackIn(receive(third));
        assertThat(afterGap.cumulative()).isEqualTo(1);
        assertThat(afterGap.echo()).isEqualTo(2_000_000);
        // a late copy of an old frame is answered with its own time too
        assertThat(ackIn(receive(first.get(0))).echo()).isEqualTo(1_000_000);
    }

    @Test
    void anAcknowledgementLostOnASparseLinkDoesNotMakeASampleOfTheSilence() {
        senderContext.nowNanos = 100;
        LinkMessage.Data<String> a = say("a").get(0);
        receive(a); // its acknowledgement is lost
        senderContext.nowNanos = 100 + 2_000_000_000L; // two seconds of silence
        LinkMessage.Data<String> b = say("b").get(0);
        LinkMessage.Ack<String> ack = ackIn(receive(b));
        senderContext.nowNanos += 4_000_000;
        sender.onMessage(B, ack, senderContext);
        assertThat(sender.unacknowledged(B)).isZero();
        // the acknowledgement covers both but answers b: a 4 ms round trip, not two seconds
        assertThat(sender.roundTrip(B).smoothedNanos()).isEqualTo(4_000_000);
    }

    @Test
    void framesThatOvertakeALostOneTriggerAFastRetransmitButOldDuplicatesDoNot() {
        List<LinkMessage.Data<String>> frames = new java.util.ArrayList<>();
        for (String text : List.of("a", "b", "c", "d", "e")) {
            frames.add(say(text).get(0));
            senderContext.nowNanos += 1_000_000; // one a millisecond
        }
        sender.onMessage(B, ackIn(receive(frames.get(0))), senderContext);
        // "b" is lost. A late network duplicate of "a" answers a copy older than b's: no evidence against b
        senderContext.clear();
        sender.onMessage(B, ackIn(receive(frames.get(0))), senderContext);
        // c and d, sent after b, overtake it: two answers, below the threshold of 3 (4 frames in flight)
        sender.onMessage(B, ackIn(receive(frames.get(2))), senderContext);
        sender.onMessage(B, ackIn(receive(frames.get(3))), senderContext);
        assertThat(senderContext.sent()).isEmpty();
        // the third sends b again at once, alone, without waiting for the timer
        sender.onMessage(B, ackIn(receive(frames.get(4))), senderContext);
        assertThat(senderContext.sent()).hasSize(1);
        LinkMessage.Data<String> resent =
                (LinkMessage.Data<String>) senderContext.sent().get(0);
        assertThat(resent.sequence()).isEqualTo(2);
        // its arrival releases everything: b, then the buffered c, d, e
        assertThat(deliveries(receive(resent))).containsExactly("b", "c", "d", "e");
        sender.onMessage(B, ackIn(receiverContext.effects), senderContext);
        assertThat(sender.unacknowledged(B)).isZero();
    }

    @Test
    void everyAcknowledgementThatMakesProgressIsASample() {
        List<LinkMessage.Data<String>> frames = say("a", "b");
        LinkMessage.Ack<String> first = ackIn(receive(frames.get(0)));
        senderContext.nowNanos += 2_000_000;
        sender.onMessage(B, first, senderContext);
        assertThat(sender.roundTrip(B).smoothedNanos()).isEqualTo(2_000_000);
        LinkMessage.Ack<String> second = ackIn(receive(frames.get(1)));
        senderContext.nowNanos += 8_000_000;
        sender.onMessage(B, second, senderContext);
        // 7/8 * 2 ms + 1/8 * 10 ms
        assertThat(sender.roundTrip(B).smoothedNanos()).isEqualTo(3_000_000);
        // the same acknowledgement again is no progress and no sample
        senderContext.nowNanos += 50_000_000;
        sender.onMessage(B, second, senderContext);
        assertThat(sender.roundTrip(B).smoothedNanos()).isEqualTo(3_000_000);
    }

    @Test
    void acknowledgementsOfOneWindowWeighAsOneRoundTrip() {
        roundTrip("a", 10_000_000); // SRTT 10 ms, RTTVAR 5 ms
        List<LinkMessage.Data<String>> window = say("b", "c", "d", "e");
        senderContext.nowNanos += 10_000_000;
        for (LinkMessage.Data<String> frame : window) {
            sender.onMessage(B, ackIn(receive(frame)), senderContext);
        }
        // Four samples equal to SRTT with the gains scaled by the share of the window each answers (1 of 4, 1 of
        // 3, 1 of 2, 1 of 1): RTTVAR = 5 ms * 15/16 * 11/12 * 7/8 * 3/4 = 2.82 ms, where four full-gain samples
        // would have left 5 ms * (3/4)^4 = 1.58 ms.
        assertThat(sender.roundTrip(B).smoothedNanos()).isEqualTo(10_000_000);
        assertThat(sender.roundTrip(B).deviationNanos()).isBetween(2_810_000L, 2_830_000L);
    }

    @Test
    void aLoneFrameWaitsTwoRoundTripsUntilAnotherFollowsIt() {
        roundTrip("a", 10_000_000); // SRTT 10 ms, RTTVAR 5 ms: 30 ms, but a lone frame waits 2 SRTT
        say("b");
        assertThat(retransmissionWait()).isEqualTo(20_000_000L);
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext); // lost: after the round, the backoff
        assertThat(retransmissionWait()).isEqualTo(60_000_000L);
        // a fresh link: a lone frame, then another 4 ms later, which could reveal the first one's loss; the timer
        // is set again to the full estimate from when it was armed: 30 - 4 = 26 ms from now
        start();
        roundTrip("c", 10_000_000);
        say("d");
        assertThat(retransmissionWait()).isEqualTo(20_000_000L);
        senderContext.nowNanos += 4_000_000;
        say("e");
        assertThat(retransmissionWait()).isEqualTo(26_000_000L);
        assertThat(senderContext.effects(EffectContext.CancelTimer.class)).hasSize(1);
    }

    @Test
    void aLinkToAnotherPeerStartsFromTheEstimateOfTheFirst() {
        NodeId c = NodeId.of("n3");
        roundTrip("a", 10_000_000); // the link to B: SRTT 10 ms, RTTVAR 5 ms
        senderContext.clear();
        sender.onCommand(new EchoNode.Say(c, "x"), senderContext);
        // not the configured 25 ms: B's estimate (for a lone frame, 2 SRTT)
        assertThat(retransmissionWait()).isEqualTo(20_000_000L);
        assertThat(sender.roundTrip(c).smoothedNanos()).isEqualTo(10_000_000);
    }

    @Test
    void aLinkBackingOffFromASilentPeerKeepsItsGrowingWait() {
        NodeId c = NodeId.of("n3");
        senderContext.clear();
        sender.onCommand(new EchoNode.Say(c, "x"), senderContext); // n3 is down: 25 ms, nothing measured anywhere
        assertThat(retransmissionWait()).isEqualTo(25_000_000L);
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(c), senderContext);
        assertThat(retransmissionWait()).isEqualTo(50_000_000L);
        roundTrip("a", 2_000_000); // meanwhile the link to B measures 2 ms
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(c), senderContext);
        // still doubling from its own wait, not restarted from B's 7 ms
        assertThat(retransmissionWait()).isEqualTo(100_000_000L);
        assertThat(sender.roundTrip(c).measured()).isFalse();
    }

    @Test
    void aTimerHandledLateWaitsOnceMoreBeforeSendingAgain() {
        LinkMessage.Data<String> frame = say("a").get(0); // the timer comes due 25 ms later
        senderContext.nowNanos += 40_000_000; // handled 15 ms late: this process was held up
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        assertThat(senderContext.sent()).isEmpty();
        assertThat(retransmissionWait()).isEqualTo(25_000_000L);
        // the acknowledgement was on its way: it arrives, and nothing was sent for nothing
        LinkMessage.Ack<String> ack = ackIn(receive(frame));
        senderContext.nowNanos += 1_000_000;
        sender.onMessage(B, ack, senderContext);
        assertThat(sender.unacknowledged(B)).isZero();
        assertThat(sender.retransmittedFrames()).isZero();
        // late again, twice in a row: the second time the frame is sent again, one wait later (the wait is now
        // 41 ms + 4 * 20.5 ms = 123 ms from the 41 ms sample, and 2 SRTT = 82 ms for this lone frame)
        say("c");
        assertThat(retransmissionWait()).isEqualTo(82_000_000L);
        senderContext.nowNanos += 200_000_000;
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        assertThat(senderContext.sent()).isEmpty();
        senderContext.nowNanos += 200_000_000;
        sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        assertThat(senderContext.sent())
                .extracting(m -> ((LinkMessage.Data<String>) m).payload())
                .containsExactly("c");
    }

    @Test
    void backoffDoublesFromTheEstimateAndProgressReturnsToIt() {
        roundTrip("a", 10_000_000); // SRTT 10 ms, RTTVAR 5 ms: 30 ms (a lone frame's first wait: 2 SRTT)
        say("b"); // lost
        assertThat(retransmissionWait()).isEqualTo(20_000_000L);
        long[] waits = new long[3];
        for (int round = 0; round < waits.length; round++) {
            senderContext.clear();
            sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
            waits[round] = retransmissionWait();
        }
        assertThat(waits).containsExactly(60_000_000L, 120_000_000L, 240_000_000L);
        // the last copy of "b" arrives and is answered 1 ms later: progress and a 1 ms sample, back to the estimate
        LinkMessage.Data<String> last =
                (LinkMessage.Data<String>) senderContext.sent().get(0);
        LinkMessage.Ack<String> ack = ackIn(receive(last));
        senderContext.nowNanos += 1_000_000;
        senderContext.clear();
        sender.onMessage(B, ack, senderContext);
        assertThat(sender.unacknowledged(B)).isZero();
        // SRTT 7/8 * 10 + 1/8 * 1 = 8.875 ms, RTTVAR 3/4 * 5 + 1/4 * 9 = 6 ms; the retransmission was needed, so
        // K = 4 - 1/2: 8.875 + 3.5 * 6 = 29.875 ms
        assertThat(sender.roundTrip(B).smoothedNanos()).isEqualTo(8_875_000);
        say("c", "d");
        assertThat(retransmissionWait()).isEqualTo(29_875_000L);
    }

    @Test
    void aPeerThatSpeaksBetweenRoundsIsNotBackedOffFrom() {
        roundTrip("a", 10_000_000); // SRTT 10 ms, RTTVAR 5 ms: 30 ms
        say("b"); // lost, again and again
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        assertThat(retransmissionWait()).isEqualTo(60_000_000L); // silence: doubled
        // the peer sends something of its own: it is up, the network is what loses b
        sender.onMessage(B, new LinkMessage.Data<>(200, 0, 100, 1, 0, "hello"), senderContext);
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        assertThat(retransmissionWait()).isEqualTo(30_000_000L); // back to the estimate, not 120 ms
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        assertThat(retransmissionWait()).isEqualTo(60_000_000L); // silent again: doubling resumes
    }

    @Test
    void givesUpAfterTheBoundAndStartsAFreshStream() {
        sender = ReliableFifoLink.over(new EchoNode(), LinkConfig.DEFAULT.withMaxRetransmissions(2));
        sender.onStart(senderContext);
        say("lost1", "lost2");
        for (int round = 0; round < 3; round++) {
            senderContext.clear();
            sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        }
        assertThat(senderContext.sent()).isEmpty();
        assertThat(senderContext.effects(EffectContext.Record.class))
                .containsExactly(new EffectContext.Record(new LinkReset(B, LinkReset.Reason.GAVE_UP, 2)));
        assertThat(sender.unacknowledged(B)).isZero();
        // The receiver had seen stream 0 frame 2 only; the fresh stream starts again at 1 and is not blocked.
        LinkMessage.Data<String> stale = new LinkMessage.Data<>(100, 0, LinkMessage.UNKNOWN_EPOCH, 2, 0, "lost2");
        assertThat(deliveries(receive(stale))).isEmpty();
        List<LinkMessage.Data<String>> fresh = say("later");
        assertThat(fresh.get(0).stream()).isEqualTo(1);
        assertThat(fresh.get(0).sequence()).isEqualTo(1);
        assertThat(deliveries(receive(fresh.get(0)))).containsExactly("later");
        // frames of the abandoned stream are ignored from now on
        assertThat(receive(stale)).isEmpty();
    }

    @Test
    void aRestartedReceiverMakesTheSenderDropWhatTheOldOneNeverAcknowledged() {
        List<LinkMessage.Data<String>> frames = say("a", "b");
        sender.onMessage(B, ackIn(receive(frames.get(0))), senderContext); // learns epoch 200
        // the receiver crashes and restarts with fresh state at a later clock reading
        receiver = ReliableFifoLink.over(new EchoNode());
        receiverContext.nowNanos = 900;
        receiver.onStart(receiverContext);
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        LinkMessage.Data<String> retransmitted =
                (LinkMessage.Data<String>) senderContext.sent().get(0);
        assertThat(retransmitted.receiverEpoch()).isEqualTo(200);
        List<Object> answer = receive(retransmitted);
        assertThat(deliveries(answer)).isEmpty();
        LinkMessage.Ack<String> reset = ackIn(answer);
        assertThat(reset.receiverEpoch()).isEqualTo(900);
        senderContext.clear();
        sender.onMessage(B, reset, senderContext);
        assertThat(senderContext.effects(EffectContext.Record.class))
                .containsExactly(new EffectContext.Record(new LinkReset(B, LinkReset.Reason.PEER_RESTARTED, 1)));
        List<LinkMessage.Data<String>> fresh = say("c");
        assertThat(fresh.get(0).receiverEpoch()).isEqualTo(900);
        assertThat(fresh.get(0).sequence()).isEqualTo(1);
        assertThat(deliveries(receive(fresh.get(0)))).containsExactly("c");
    }

    @Test
    void aRestartedSenderIsNotConfusedWithItsOldIncarnation() {
        List<LinkMessage.Data<String>> old = say("old1", "old2", "old3");
        assertThat(deliveries(receive(old.get(0)))).containsExactly("old1");
        sender = ReliableFifoLink.over(new EchoNode());
        senderContext.nowNanos = 5_000;
        sender.onStart(senderContext);
        List<LinkMessage.Data<String>> fresh = say("new1");
        assertThat(fresh.get(0).sequence()).isEqualTo(1);
        assertThat(deliveries(receive(fresh.get(0)))).containsExactly("new1");
        // a late frame of the old incarnation is ignored, not delivered as if it came next
        assertThat(receive(old.get(1))).isEmpty();
    }

    @Test
    void aWindowLimitsWhatIsOnTheWire() {
        sender = ReliableFifoLink.over(new EchoNode(), LinkConfig.DEFAULT.withWindowSize(2));
        sender.onStart(senderContext);
        List<LinkMessage.Data<String>> frames = say("a", "b", "c");
        assertThat(frames).extracting(LinkMessage.Data::payload).containsExactly("a", "b");
        senderContext.clear();
        sender.onMessage(B, ackIn(receive(frames.get(0))), senderContext);
        assertThat(senderContext.sent())
                .extracting(m -> ((LinkMessage.Data<String>) m).payload())
                .containsExactly("c");
    }

    @Test
    void innerTimersAreWrappedAndOutputsPassThrough() {
        senderContext.clear();
        sender.onCommand(new EchoNode.Say(B, "timer:tick"), senderContext);
        assertThat(senderContext.effects)
                .containsExactly(new EffectContext.SetTimer<>(new LinkTimer.Inner<>("tick"), 5L));
        senderContext.clear();
        sender.onTimer(new LinkTimer.Inner<>("tick"), senderContext);
        assertThat(senderContext.effects).containsExactly(new EffectContext.Record("timer tick"));
        // a stale retransmission timer (nothing pending) does nothing
        senderContext.clear();
        sender.onTimer(new LinkTimer.Retransmit<>(B), senderContext);
        assertThat(senderContext.effects).isEmpty();
    }

    @Test
    void valueSemanticsCoverInnerAndLinkState() {
        List<LinkMessage.Data<String>> frames = say("a", "b");
        receive(frames.get(1));
        ReliableFifoLink<String, String, EchoNode.Say> copy = receiver.copy();
        assertThat(copy).isEqualTo(receiver).hasSameHashCodeAs(receiver);
        receive(frames.get(0));
        assertThat(copy).isNotEqualTo(receiver);
        ReliableFifoLink<String, String, EchoNode.Say> senderCopy = sender.copy();
        assertThat(senderCopy).isEqualTo(sender).hasSameHashCodeAs(sender);
        senderContext.clear();
        sender.onMessage(B, ackIn(receiverContext.effects), senderContext);
        assertThat(senderCopy).isNotEqualTo(sender);
        assertThat(senderCopy.unacknowledged(B)).isEqualTo(2);
        assertThat(sender.unacknowledged(B)).isZero();
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> LinkConfig.DEFAULT.withWindowSize(0)).hasMessageContaining("windowSize");
        assertThatThrownBy(() -> new LinkConfig(10, 5, 2, 3, 4)).hasMessageContaining("maxRetransmitNanos");
        assertThatThrownBy(() -> new LinkConfig(10, 50, 0.5, 3, 4)).hasMessageContaining("backoffMultiplier");
        assertThatThrownBy(() -> new LinkConfig(10, 50, 2, 3, 4, 60)).hasMessageContaining("minRetransmitNanos");
        assertThatThrownBy(() -> new LinkConfig(10, 50, 2, 3, 4, 0)).hasMessageContaining("minRetransmitNanos");
    }
}
