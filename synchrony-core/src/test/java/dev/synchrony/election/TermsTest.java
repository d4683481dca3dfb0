package dev.synchrony.election;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class TermsTest {

    @Property
    void aTermIsAboveEverySeenTermAndNamesItsLeader(
            @ForAll @LongRange(min = 0, max = 1L << 40) long maxSeen,
            @ForAll @IntRange(min = 1, max = 500) int groupSize,
            @ForAll @IntRange(min = 0, max = 499) int leader) {
        int index = leader % groupSize;
        long term = Terms.next(maxSeen, groupSize, index);
        assertThat(term).isGreaterThan(maxSeen);
        assertThat(term % groupSize).isEqualTo(index);
        // The smallest such: one group below is not above maxSeen.
        assertThat(term - groupSize).isLessThanOrEqualTo(maxSeen);
    }
}
