package dev.synchrony.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Catalog;
import dev.synchrony.catalog.Family;
import dev.synchrony.core.NodeId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every mutual-exclusion algorithm of the catalog must do in every runtime on a fault-free network: one
 * holder at a time, fencing tokens that grow with each grant, and every request served. A runtime runs it with a
 * one-class subclass that says how to host an algorithm ({@link MutexRuntime}); a new algorithm of the family is
 * picked up from the catalog with no test of its own.
 */
public abstract class MutexBehaviour {

    private static final int MEMBERS = 3;
    private static final int ROUNDS = 4;

    /** For a runtime's subclass, which JUnit instantiates. */
    protected MutexBehaviour() {}

    /**
     * The runtime under test.
     *
     * @return how the subclass's runtime hosts an algorithm and drives the workload
     */
    protected abstract MutexRuntime runtime();

    /**
     * How long each grant is held, in the runtime's time.
     *
     * @return the hold time; a runtime on real sockets may want it longer than the default 2 ms
     */
    protected long holdNanos() {
        return 2_000_000L;
    }

    static Stream<String> mutexAlgorithms() {
        return Catalog.of(Family.MUTEX).stream().map(Algorithm::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutexAlgorithms")
    void oneHolderAtATimeGrowingTokensAndEveryRequestServed(String name) throws Exception {
        Algorithm algorithm = Catalog.require(name);
        Assumptions.assumeTrue(
                !algorithm.needsStableStorage() || runtime().offersStableStorage(),
                name + " needs stable storage, which this runtime does not offer yet");
        List<MutexRuntime.Held> held = runtime().run(algorithm, MEMBERS, ROUNDS, holdNanos());

        Map<NodeId, Long> perMember =
                held.stream().collect(Collectors.groupingBy(MutexRuntime.Held::node, Collectors.counting()));
        assertThat(perMember)
                .as("grants per member")
                .hasSize(MEMBERS)
                .allSatisfy((node, count) ->
                        assertThat(count).as("%s's grants", node).isEqualTo(ROUNDS));
        List<MutexRuntime.Held> inOrder = held.stream()
                .sorted(Comparator.comparingLong(MutexRuntime.Held::grantedAtNanos))
                .toList();
        for (int i = 1; i < inOrder.size(); i++) {
            MutexRuntime.Held before = inOrder.get(i - 1);
            MutexRuntime.Held after = inOrder.get(i);
            assertThat(after.grantedAtNanos())
                    .as("%s granted while %s still held the lock", after, before)
                    .isGreaterThanOrEqualTo(before.releasedAtNanos());
            assertThat(after.fencingToken())
                    .as("token of %s after %s", after, before)
                    .isGreaterThan(before.fencingToken());
        }
    }
}
