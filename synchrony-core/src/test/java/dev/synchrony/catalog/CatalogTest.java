package dev.synchrony.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.BullyElection;
import dev.synchrony.link.ReliableFifoLink;
import dev.synchrony.multicast.TotalOrderMulticast;
import dev.synchrony.mutex.CentralizedMutex;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private static Environment environment(
            Algorithm algorithm, Map<String, String> options, NetworkAssumptions network) {
        return new Environment(
                NodeId.range(algorithm.defaultNodes()), algorithm.resolve(options), 1, network, 10_000_000_000L, false);
    }

    private static final NetworkAssumptions FAULT_FREE = NetworkAssumptions.reliable(10_000_000L);
    private static final NetworkAssumptions FAULTY = new NetworkAssumptions(true, false, 10_000_000L, 0);
    private static final NetworkAssumptions RECONNECTING = FAULT_FREE.withReconnects(true);

    @Test
    void everyFamilyHasAnAlgorithmAndEveryAlgorithmBuildsANodeWithItsDefaults() {
        Set<Family> families = Catalog.all().stream().map(Algorithm::family).collect(Collectors.toSet());
        assertThat(families).isEqualTo(EnumSet.allOf(Family.class));
        for (Algorithm algorithm : Catalog.all()) {
            Environment env = environment(algorithm, Map.of(), FAULT_FREE);
            for (NodeId id : env.members()) {
                assertThat(algorithm.newNode(id, env)).as(algorithm.name()).isNotNull();
                assertThat(algorithm.recoveredNode(id, env))
                        .as(algorithm.name())
                        .isNotNull();
            }
        }
        assertThat(Catalog.names()).doesNotHaveDuplicates().contains("lamport", "ricart-agrawala", "bully", "bank");
    }

    @Test
    void aMutexRunsBareOnAFaultFreeNetworkAndOverTheLinkOtherwise() {
        Algorithm central = Catalog.require("central-mutex");
        NodeId n1 = NodeId.of("n1");
        assertThat(central.newNode(n1, environment(central, Map.of(), FAULT_FREE)))
                .isInstanceOf(CentralizedMutex.class);
        Node<?, ?, ?> faulty = central.newNode(n1, environment(central, Map.of(), FAULTY));
        Node<?, ?, ?> reconnecting = central.newNode(n1, environment(central, Map.of(), RECONNECTING));
        assertThat(faulty).isInstanceOf(ReliableFifoLink.class);
        assertThat(((ReliableFifoLink<?, ?, ?>) faulty).inner()).isInstanceOf(CentralizedMutex.class);
        assertThat(reconnecting).isInstanceOf(ReliableFifoLink.class);
    }

    @Test
    void anElectionRunsOnTheRawNetworkUnlessConnectionsReconnect() {
        Algorithm bully = Catalog.require("bully");
        NodeId n1 = NodeId.of("n1");
        assertThat(bully.linkPolicy()).isEqualTo(LinkPolicy.RAW_NETWORK);
        assertThat(bully.newNode(n1, environment(bully, Map.of(), FAULTY))).isInstanceOf(BullyElection.class);
        assertThat(bully.newNode(n1, environment(bully, Map.of(), RECONNECTING)))
                .isInstanceOf(ReliableFifoLink.class);
    }

    @Test
    void aMulticastFollowsItsLinkOption() {
        Algorithm total = Catalog.require("total-order");
        NodeId n1 = NodeId.of("n1");
        assertThat(total.newNode(n1, environment(total, Map.of(), FAULT_FREE))).isInstanceOf(ReliableFifoLink.class);
        assertThat(total.newNode(n1, environment(total, Map.of("link", "raw"), RECONNECTING)))
                .isInstanceOf(TotalOrderMulticast.class);
        assertThatThrownBy(() -> total.newNode(n1, environment(total, Map.of("retransmit", "0"), FAULT_FREE)))
                .hasMessage("--retransmit: must be positive");
    }

    @Test
    void timeoutsDeriveFromTheAssumedNetwork() {
        Algorithm bully = Catalog.require("bully");
        ElectionTiming fast =
                ElectionEntries.timing(bully, environment(bully, Map.of(), NetworkAssumptions.reliable(1_000_000L)));
        ElectionTiming slow =
                ElectionEntries.timing(bully, environment(bully, Map.of(), NetworkAssumptions.reliable(50_000_000L)));
        assertThat(slow.answerTimeoutNanos()).isGreaterThan(fast.answerTimeoutNanos());
        assertThat(fast.answerTimeoutNanos()).isEqualTo(2 * 1_000_000L + 1_000_000L);
        assertThatThrownBy(() -> ElectionEntries.timing(
                        Catalog.require("lamport"), environment(Catalog.require("lamport"), Map.of(), FAULT_FREE)))
                .hasMessageContaining("lamport is not an election algorithm");
    }

    @Test
    void badInputIsNamedInOneLine() {
        assertThatThrownBy(() -> Catalog.require("paxos")).hasMessageStartingWith("unknown algorithm 'paxos' (known: ");
        Algorithm central = Catalog.require("central-mutex");
        assertThatThrownBy(() -> central.resolve(Map.of("quorum", "3")))
                .hasMessageStartingWith("--quorum: not an option of central-mutex");
        assertThatThrownBy(() ->
                        central.newNode(NodeId.of("n1"), environment(central, Map.of("coordinator", "n9"), FAULT_FREE)))
                .hasMessage("--coordinator: no process named n9");
        assertThatThrownBy(() -> Algorithm.builder("Bad Name", Family.MUTEX))
                .hasMessageContaining("'Bad Name' is not lower-case words");
        assertThatThrownBy(() -> new NetworkAssumptions(false, false, 0, 0)).hasMessageContaining("worst latency");
        assertThatThrownBy(() -> new Environment(List.of(), Params.empty(), 1, FAULT_FREE, 0, false))
                .hasMessageContaining("at least one member");
    }

    @Test
    void aNewAlgorithmOfAnExistingFamilyIsOneEntry() {
        // A variant whose coordinator is the last process: the node class exists, so the entry is all it takes.
        Algorithm lastCoordinator = Algorithm.builder("central-mutex-last", Family.MUTEX)
                .description("centralized mutual exclusion, coordinated by the last process")
                .node((id, env) ->
                        new CentralizedMutex(env.members().get(env.members().size() - 1)))
                .linkPolicy(LinkPolicy.RELIABLE_CHANNELS)
                .build();
        Environment env = environment(lastCoordinator, Map.of(), FAULTY);
        assertThat(lastCoordinator.newNode(NodeId.of("n1"), env)).isInstanceOf(ReliableFifoLink.class);
        assertThatThrownBy(() -> Algorithm.builder("multicast-without-link-options", Family.MULTICAST)
                        .description("x")
                        .node((id, e) -> new TotalOrderMulticast())
                        .linkPolicy(LinkPolicy.LINK_OPTION)
                        .build())
                .hasMessageContaining("needs the link options");
    }
}
