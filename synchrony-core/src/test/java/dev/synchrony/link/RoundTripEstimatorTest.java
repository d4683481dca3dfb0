package dev.synchrony.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundTripEstimatorTest {

    private static final long MS = 1_000_000L;

    /** 25 ms before any sample, floor 1 ms, bound 1 s, doubling. */
    private static final LinkConfig CONFIG = LinkConfig.DEFAULT.withMinRetransmitNanos(MS);

    @Test
    void waitsTheConfiguredTimeUntilTheFirstSample() {
        RoundTripEstimator estimator = new RoundTripEstimator(CONFIG);
        assertThat(estimator.timeoutNanos()).isEqualTo(25 * MS);
        assertThat(estimator.smoothedNanos()).isEqualTo(-1);
    }

    @Test
    void firstSampleSetsSrttAndHalfOfItAsDeviation() {
        RoundTripEstimator estimator = new RoundTripEstimator(CONFIG);
        estimator.sample(8 * MS);
        assertThat(estimator.smoothedNanos()).isEqualTo(8 * MS);
        assertThat(estimator.deviationNanos()).isEqualTo(4 * MS);
        assertThat(estimator.timeoutNanos()).isEqualTo(24 * MS);
    }

    @Test
    void laterSamplesFollowJacobsonKarels() {
        RoundTripEstimator estimator = new RoundTripEstimator(CONFIG);
        estimator.sample(10 * MS);
        estimator.sample(20 * MS);
        // RTTVAR = 3/4 * 5 + 1/4 * |10 - 20| = 6.25 ms (computed with the old SRTT), SRTT = 7/8 * 10 + 1/8 * 20 = 11.25
        // ms
        assertThat(estimator.deviationNanos()).isEqualTo(6_250_000);
        assertThat(estimator.smoothedNanos()).isEqualTo(11_250_000);
        assertThat(estimator.timeoutNanos()).isEqualTo(11_250_000 + 4 * 6_250_000);
        // a steady round trip shrinks the deviation, so the wait approaches SRTT
        for (int i = 0; i < 100; i++) {
            estimator.sample(12 * MS);
        }
        assertThat(estimator.smoothedNanos()).isBetween(11_900_000L, 12 * MS);
        assertThat(estimator.timeoutNanos()).isEqualTo(estimator.smoothedNanos() + MS); // the floor as the margin
    }

    @Test
    void aWindowOfSamplesMovesTheEstimateAsMuchAsOneSample() {
        RoundTripEstimator scaled = new RoundTripEstimator(CONFIG);
        RoundTripEstimator unscaled = new RoundTripEstimator(CONFIG);
        scaled.sample(10 * MS);
        unscaled.sample(10 * MS); // SRTT 10 ms, RTTVAR 5 ms
        // a window of 64 frames kept full, each acknowledgement answering one: 64 equal samples
        for (int i = 0; i < 64; i++) {
            scaled.sample(10 * MS, 1, 64);
            unscaled.sample(10 * MS);
        }
        // about one sample's worth, RTTVAR 5 ms * (1 - 1/256)^64 = 3.89 ms; at full gain (3/4)^64 left nothing
        assertThat(scaled.deviationNanos()).isBetween(3_850_000L, 3_950_000L);
        assertThat(unscaled.deviationNanos()).isLessThan(1_000L);
        // so the next window, answered 12 ms later than this one, is still waited for; at full gain it was resent
        assertThat(scaled.timeoutNanos()).isGreaterThan(22 * MS);
        assertThat(unscaled.timeoutNanos()).isEqualTo(11 * MS);
        // an acknowledgement that answers the whole window is one full sample
        RoundTripEstimator whole = new RoundTripEstimator(CONFIG);
        whole.sample(10 * MS);
        whole.sample(20 * MS, 64, 64);
        assertThat(whole.deviationNanos()).isEqualTo(6_250_000);
        assertThat(whole.smoothedNanos()).isEqualTo(11_250_000);
    }

    @Test
    void aLinkThatMeasuredNothingStartsFromAnotherLinksEstimate() {
        RoundTripEstimator known = new RoundTripEstimator(CONFIG);
        known.sample(10 * MS);
        known.sample(14 * MS); // SRTT 10.5 ms, RTTVAR 4.75 ms
        RoundTripEstimator fresh = new RoundTripEstimator(CONFIG);
        fresh.startFrom(new RoundTripEstimator(CONFIG)); // nothing to start from: still the configured wait
        assertThat(fresh.measured()).isFalse();
        assertThat(fresh.timeoutNanos()).isEqualTo(25 * MS);
        fresh.startFrom(known);
        assertThat(fresh.timeoutNanos()).isEqualTo(known.timeoutNanos()).isEqualTo(29_500_000L);
        // its own first sample moves the estimate as a later sample does, not RFC 6298's SRTT = R, RTTVAR = R/2
        fresh.sample(12 * MS);
        assertThat(fresh.smoothedNanos()).isEqualTo((7 * 10_500_000L + 12 * MS) / 8);
        assertThat(fresh.deviationNanos()).isEqualTo((3 * 4_750_000L + 1_500_000L) / 4);
        // a link that has measured keeps its own
        RoundTripEstimator far = new RoundTripEstimator(CONFIG);
        far.sample(100 * MS);
        fresh.startFrom(far);
        assertThat(fresh.smoothedNanos()).isEqualTo((7 * 10_500_000L + 12 * MS) / 8);
    }

    @Test
    void aLoneFrameWaitsAtMostTwoRoundTripsButNoLessThanTheFloorAboveSrtt() {
        RoundTripEstimator estimator = new RoundTripEstimator(CONFIG);
        assertThat(estimator.loneFrameTimeoutNanos()).isEqualTo(25 * MS); // nothing measured
        estimator.sample(10 * MS); // SRTT 10 ms, RTTVAR 5 ms: the wait is 30 ms
        assertThat(estimator.timeoutNanos()).isEqualTo(30 * MS);
        assertThat(estimator.loneFrameTimeoutNanos()).isEqualTo(20 * MS);
        RoundTripEstimator loopback = new RoundTripEstimator(LinkConfig.DEFAULT); // 5 ms floor
        loopback.sample(100_000); // 100 us: 2 SRTT is far below the floor, SRTT + 5 ms it is
        assertThat(loopback.loneFrameTimeoutNanos()).isEqualTo(5_100_000L).isEqualTo(loopback.timeoutNanos());
    }

    @Test
    void neededRetransmissionsLowerTheDeviationWeightAndSpuriousOnesRaiseIt() {
        DeviationWeight weight = new DeviationWeight();
        RoundTripEstimator estimator = new RoundTripEstimator(CONFIG, weight);
        estimator.sample(10 * MS); // SRTT 10 ms, RTTVAR 5 ms
        assertThat(estimator.timeoutNanos()).isEqualTo(30 * MS); // RFC 6298's K = 4
        for (int i = 0; i < 20; i++) {
            weight.needed();
        }
        estimator.progress();
        // losses are common: K falls to its floor of 1, the wait to SRTT + RTTVAR
        assertThat(weight.quarters()).isEqualTo(DeviationWeight.MIN_QUARTERS);
        assertThat(estimator.timeoutNanos()).isEqualTo(15 * MS);
        weight.spurious();
        estimator.progress();
        assertThat(estimator.timeoutNanos()).isEqualTo(10 * MS + 6 * 5 * MS / 4);
        for (int i = 0; i < 20; i++) {
            weight.spurious();
        }
        estimator.progress();
        assertThat(weight.quarters()).isEqualTo(DeviationWeight.MAX_QUARTERS);
        assertThat(estimator.timeoutNanos()).isEqualTo(30 * MS);
    }

    @Test
    void theWaitIsClampedToTheFloorAndTheBound() {
        RoundTripEstimator fast = new RoundTripEstimator(CONFIG);
        fast.sample(50_000); // a loopback round trip: 50 us + max(1 ms floor, 100 us)
        assertThat(fast.timeoutNanos()).isEqualTo(1_050_000);
        RoundTripEstimator slow = new RoundTripEstimator(CONFIG);
        slow.sample(600 * MS); // 1.8 s estimated, 1 s bound
        assertThat(slow.timeoutNanos()).isEqualTo(1_000 * MS);
    }

    @Test
    void backoffDoublesUpToTheBoundAndASampleOrAFreshStreamEndsIt() {
        RoundTripEstimator estimator = new RoundTripEstimator(CONFIG);
        estimator.sample(100 * MS); // 300 ms
        estimator.backoff();
        assertThat(estimator.timeoutNanos()).isEqualTo(600 * MS);
        estimator.backoff();
        estimator.backoff();
        assertThat(estimator.timeoutNanos()).isEqualTo(1_000 * MS);
        estimator.clearBackoff();
        assertThat(estimator.timeoutNanos()).isEqualTo(300 * MS);
        estimator.backoff();
        estimator.sample(100 * MS); // RTTVAR 3/4 * 50 = 37.5 ms: 250 ms
        assertThat(estimator.timeoutNanos()).isEqualTo(250 * MS);
    }

    @Test
    void progressEndsTheBackoff() {
        RoundTripEstimator estimator = new RoundTripEstimator(CONFIG);
        estimator.backoff();
        estimator.backoff();
        assertThat(estimator.timeoutNanos()).isEqualTo(100 * MS);
        estimator.progress(); // nothing measured yet: back to the first guess
        assertThat(estimator.timeoutNanos()).isEqualTo(25 * MS);
        estimator.sample(100 * MS); // a frame sent once was measured: the estimate, 300 ms
        assertThat(estimator.timeoutNanos()).isEqualTo(300 * MS);
        estimator.backoff();
        estimator.backoff();
        assertThat(estimator.timeoutNanos()).isEqualTo(1_000 * MS);
        estimator.progress(); // taken for losses: back to the estimate
        assertThat(estimator.timeoutNanos()).isEqualTo(300 * MS);
    }

    @Test
    void aFreshStreamForgetsTheBackoff() {
        RoundTripEstimator estimator = new RoundTripEstimator(CONFIG);
        estimator.backoff();
        assertThat(estimator.timeoutNanos()).isEqualTo(50 * MS);
        estimator.clearBackoff();
        assertThat(estimator.timeoutNanos()).isEqualTo(25 * MS);
    }

    @Test
    void aClockSteppedBackGivesNoSample() {
        RoundTripEstimator estimator = new RoundTripEstimator(CONFIG);
        estimator.sample(-5);
        assertThat(estimator.smoothedNanos()).isEqualTo(-1);
    }

    @Test
    void copiesAreEqualUntilOneMoves() {
        RoundTripEstimator estimator = new RoundTripEstimator(CONFIG);
        estimator.sample(3 * MS);
        RoundTripEstimator copy = estimator.copy();
        assertThat(copy).isEqualTo(estimator).hasSameHashCodeAs(estimator);
        copy.backoff();
        assertThat(copy).isNotEqualTo(estimator);
    }
}
