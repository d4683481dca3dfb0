package dev.synchrony.sim.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShortNamesTest {

    @Test
    void aMessageIsNamedByItsKindWithItsOnlyShortField() {
        assertThat(ShortNames.message("Request[timestamp=8]")).isEqualTo("Request(8)");
        assertThat(ShortNames.message("Ok[requestTimestamp=12]")).isEqualTo("OK(12)");
        assertThat(ShortNames.message("Election[from=4, term=7, attempt=1]")).isEqualTo("Election");
        assertThat(ShortNames.message("m1(ts=6)")).isEqualTo("m1(ts=6)");
    }

    @Test
    void aLayerIsNamedByWhatItCarries() {
        assertThat(ShortNames.message("Data[stream=1, seq=3, payload=Election[from=4, term=7]]"))
                .isEqualTo("Election");
        assertThat(ShortNames.message("Data[stream=1, seq=3, payload=Request[timestamp=8], epoch=2]"))
                .isEqualTo("Request(8)");
    }

    @Test
    void anEventLabelDropsTheRecordBracketsAndIsCut() {
        assertThat(ShortNames.event("Postponed[origin=P0, sequence=1]", 40))
                .isEqualTo("Postponed origin=P0, sequence=1");
        assertThat(ShortNames.event("Postponed[origin=P0, sequence=1]", 10)).isEqualTo("Postponed\u2026");
        assertThat(ShortNames.event("send m1 C=6", 40)).isEqualTo("send m1 C=6");
    }

    @Test
    void theLecturesEventsAreSaidInItsWords() {
        assertThat(ShortNames.event("LeaderElected[leader=6, term=14]", 40)).isEqualTo("coordinator 6 (term 14)");
        assertThat(ShortNames.event("LeaderElected[leader=6, term=14]", 18)).isEqualTo("coordinator 6");
        assertThat(ShortNames.event("Entered[requestId=1, fencingToken=24, requestTimestamp=8]", 40))
                .isEqualTo("enters the critical section");
        assertThat(ShortNames.event("Exited[requestId=1, fencingToken=24]", 40))
                .isEqualTo("leaves the critical section");
    }

    record Ack(long sequence) {}

    record Heartbeat() {}

    record Request(long timestamp) {}

    @Test
    void acknowledgementsAndHeartbeatsArePlumbing() {
        assertThat(ShortNames.plumbing(new Ack(3))).isTrue();
        assertThat(ShortNames.plumbing(new Heartbeat())).isTrue();
        assertThat(ShortNames.plumbing(new Request(8))).isFalse();
        assertThat(ShortNames.plumbing("Backoff[delay=3]")).isFalse();
    }
}
