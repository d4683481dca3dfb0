package dev.synchrony.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Catalog;
import dev.synchrony.catalog.Family;
import dev.synchrony.core.NodeId;
import dev.synchrony.explore.families.ExploreHarnesses;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.script.Script;
import dev.synchrony.sim.script.ScriptLoader;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.spec.Harness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplorerTest {

    /** How a catalog algorithm is explored; a toy of these tests gets the bare explorer (no workload, no invariant). */
    static ExploreHarness harness(AlgorithmSpec spec) {
        return Catalog.find(spec.name()).map(ExploreHarnesses::forAlgorithm).orElse(new ExploreHarness() {});
    }

    static RunSetup setup(AlgorithmSpec spec, int nodes, Map<String, String> params) {
        Map<String, String> all = new HashMap<>(harness(spec).explorationParams());
        all.putAll(params);
        return Simulation.setupFor(
                spec, SimConfig.defaults(spec.name(), nodes, 1).withParams(all));
    }

    static ExploreResult explore(AlgorithmSpec spec, int nodes, Explorer.Options options) {
        return explore(spec, harness(spec), nodes, options);
    }

    static ExploreResult explore(AlgorithmSpec spec, ExploreHarness harness, int nodes, Explorer.Options options) {
        return new Explorer(harness, setup(spec, nodes, Map.of()), options).run();
    }

    /** Runs a counterexample's script in the simulator, as {@code synchrony simulate --script} would. */
    static RunResult replay(AlgorithmSpec spec, Counterexample counterexample) {
        Script script = ScriptLoader.parse(counterexample.script(), "counterexample.yaml");
        SimConfig config = SimConfig.defaults(spec.name(), script.nodeIds(), 1)
                .withDuration(script.durationNanos())
                .withCrashes(script.crashes())
                .withScript(script, "counterexample.yaml");
        return Simulation.run(spec, config);
    }

    @Test
    void lamportClocksKeepTheClockConditionInEveryInterleaving() {
        ExploreResult result = explore(Algorithms.require("lamport"), 3, Explorer.Options.defaults());

        assertThat(result.violation()).isNull();
        assertThat(result.exhaustive()).isTrue();
        // Three processes, two sends and a local event each: every interleaving of 9 commands and 6 receipts.
        assertThat(result.distinctStates()).isGreaterThan(10_000);
        assertThat(result.depthReached()).isEqualTo(15);
    }

    @Test
    void theSameExplorationGivesTheSameFigures() {
        ExploreResult first = explore(Algorithms.require("vector"), 3, Explorer.Options.defaults());
        ExploreResult second = explore(Algorithms.require("vector"), 3, Explorer.Options.defaults());

        assertThat(second.distinctStates()).isEqualTo(first.distinctStates());
        assertThat(second.transitions()).isEqualTo(first.transitions());
        assertThat(first.violation()).isNull();
        assertThat(first.exhaustive()).isTrue();
    }

    @Test
    void depthFirstVisitsTheSameStatesAsBreadthFirst() {
        AlgorithmSpec spec = Algorithms.require("vector");
        ExploreResult breadth = explore(spec, 2, Explorer.Options.defaults());
        ExploreResult depth = explore(spec, 2, Explorer.Options.defaults().withDepthFirst(true));

        assertThat(depth.distinctStates()).isEqualTo(breadth.distinctStates());
        assertThat(depth.exhaustive()).isTrue();
    }

    @Test
    void lamportWithoutRuleThreeBreaksTheClockConditionAndTheScriptShowsItInTheSimulator() {
        AlgorithmSpec spec = Algorithms.require("lamport");
        ExploreResult result = new Explorer(
                        harness(spec), setup(spec, 3, Map.of("correction", "false")), Explorer.Options.defaults())
                .run();

        Counterexample counterexample = result.violation();
        assertThat(counterexample.property()).isEqualTo("clock-condition");
        assertThat(counterexample.length()).isEqualTo(2);
        assertThat(counterexample.stepList())
                .contains("n1 is asked: SendTo[to=n2, label=n1.1]")
                .contains("n2 receives n1.1(ts=1) from n1");
        RunResult replayed = replay(spec, counterexample);
        assertThat(replayed.violated()).isTrue();
        assertThat(replayed.checks().get(0).property()).isEqualTo("clock-condition");
    }

    @Test
    void boundsStopTheSearchAndSaySo() {
        AlgorithmSpec spec = Algorithms.require("lamport");
        ExploreResult few = explore(spec, 3, Explorer.Options.defaults().withMaxStates(500));
        ExploreResult shallow = explore(spec, 3, Explorer.Options.defaults().withMaxDepth(4));

        assertThat(few.distinctStates()).isEqualTo(500);
        assertThat(few.exhaustive()).isFalse();
        assertThat(few.limit()).contains("--max-states 500");
        assertThat(shallow.exhaustive()).isFalse();
        assertThat(shallow.depthReached()).isEqualTo(4);
        assertThat(shallow.limit()).contains("--max-depth 4");
    }

    @Test
    void aLockServerKeepsMutualExclusionAndServesEveryRequest() {
        AlgorithmSpec spec = ToyAlgorithms.spec(
                "lock-server", Family.MUTEX, (id, setup) -> new ToyAlgorithms.LockServerNode(NodeId.of("n1")));
        ExploreResult result = explore(spec, 3, Explorer.Options.defaults());

        assertThat(result.invariants()).containsExactly("mutual-exclusion");
        assertThat(result.violation()).isNull();
        assertThat(result.exhaustive()).isTrue();
        assertThat(result.liveness()).singleElement().satisfies(outcome -> {
            assertThat(outcome.goal()).isEqualTo("every-request-served");
            assertThat(outcome.status()).isEqualTo(LivenessOutcome.Status.HELD);
        });
    }

    @Test
    void aLockServerThatCrashesAndForgetsGrantsTheLockTwice() {
        AlgorithmSpec spec = ToyAlgorithms.spec(
                "lock-server", Family.MUTEX, (id, setup) -> new ToyAlgorithms.LockServerNode(NodeId.of("n1")));
        ExploreResult result = explore(spec, 3, Explorer.Options.defaults().withCrashes(1, true));

        Counterexample counterexample = result.violation();
        assertThat(counterexample.property()).isEqualTo("mutual-exclusion");
        assertThat(counterexample.steps())
                .anySatisfy(s -> assertThat(s.step().kind()).isEqualTo(Step.Kind.CRASH));
        assertThat(counterexample.steps())
                .anySatisfy(s -> assertThat(s.step().kind()).isEqualTo(Step.Kind.RECOVER));
        assertThat(counterexample.script())
                .contains("crashes:")
                .contains("recover:")
                .contains("do: \"acquire\"");
        // Without recovery the server's crash only stops progress.
        assertThat(explore(spec, 3, Explorer.Options.defaults().withCrashes(1, false))
                        .violation())
                .isNull();
    }

    @Test
    void aGreedyLockIsCaughtWithTheShortestPath() {
        AlgorithmSpec spec = ToyAlgorithms.spec("greedy", Family.MUTEX, (id, setup) -> new ToyAlgorithms.GreedyNode());
        ExploreResult result = explore(spec, 2, Explorer.Options.defaults());

        assertThat(result.violation().property()).isEqualTo("mutual-exclusion");
        assertThat(result.violation().length()).isEqualTo(2);
        assertThat(result.violation().shortest()).isTrue();
        assertThat(result.violated()).isTrue();
    }

    @Test
    void aLockThatNeverGrantsIsSafeButNotLive() {
        AlgorithmSpec spec = ToyAlgorithms.spec("silent", Family.MUTEX, (id, setup) -> new ToyAlgorithms.SilentNode());
        ExploreResult result = explore(spec, 2, Explorer.Options.defaults());

        assertThat(result.violation()).isNull();
        assertThat(result.liveness()).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(LivenessOutcome.Status.VIOLATED);
            assertThat(outcome.counterexample().property()).isEqualTo("every-request-served");
        });
        assertThat(result.violated()).isTrue();
    }

    @Test
    void leadersThatDeclareThemselvesDisagreeOnceTheNetworkIsQuiet() {
        AlgorithmSpec spec =
                ToyAlgorithms.spec("selfish", Family.ELECTION, (id, setup) -> new ToyAlgorithms.SelfishLeaderNode());
        ExploreResult result = explore(spec, 3, Explorer.Options.defaults());

        assertThat(result.violation().property()).isEqualTo("election-agreement");
        assertThat(result.violation().detail()).contains("as coordinator");
    }

    @Test
    void aHandlerThatThrowsIsReportedWithThePathToIt() {
        AlgorithmSpec spec = ToyAlgorithms.spec("fragile", Family.LINK, (id, setup) -> new ToyAlgorithms.FragileNode());
        ExploreResult result = explore(spec, 3, Explorer.Options.defaults());

        assertThat(result.violation().property()).isEqualTo("handler-failed");
        assertThat(result.violation().detail()).contains("second message");
        assertThat(result.violation().length()).isEqualTo(2);
    }

    @Test
    void lossAndCrashesGrowTheStateSpace() {
        AlgorithmSpec spec = Algorithms.require("vector");
        long plain = explore(spec, 2, Explorer.Options.defaults()).distinctStates();
        long lossy =
                explore(spec, 2, Explorer.Options.defaults().withLoss(true)).distinctStates();
        long crashing = explore(spec, 2, Explorer.Options.defaults().withCrashes(1, false))
                .distinctStates();

        assertThat(lossy).isGreaterThan(plain);
        assertThat(crashing).isGreaterThan(plain);
    }

    @Test
    void fifoLinksDeliverInSendOrderAndOtherwiseAnyOrderIsExplored() {
        Algorithm sequence = Algorithm.builder("sequence", Family.LINK)
                .description("three numbered messages")
                .node((id, env) -> new ToyAlgorithms.SequenceNode())
                .build();
        AlgorithmSpec spec = new AlgorithmSpec(sequence, new Harness() {});
        ExploreHarness inSendOrder = new ExploreHarness() {
            @Override
            public List<StateInvariant> invariants(RunSetup setup) {
                return List.of(StateInvariant.of("in-send-order", state -> {
                    List<Integer> received = ((ToyAlgorithms.SequenceNode) state.node(1)).received();
                    return List.of(1, 2, 3).subList(0, received.size()).equals(received)
                            ? null
                            : "n2 received " + received;
                }));
            }
        };
        ExploreResult anyOrder = explore(spec, inSendOrder, 2, Explorer.Options.defaults());
        ExploreResult fifo =
                explore(spec, inSendOrder, 2, Explorer.Options.defaults().withFifo(true));
        ExploreResult fifoLossy = explore(
                spec, inSendOrder, 2, Explorer.Options.defaults().withFifo(true).withLoss(true));

        assertThat(anyOrder.violation().detail()).isEqualTo("n2 received [2]");
        assertThat(fifo.violation()).isNull();
        assertThat(fifo.distinctStates()).isEqualTo(4);
        // A lost message leaves a gap, and the invariant (no gaps) catches it; the order still holds.
        assertThat(fifoLossy.violation().detail()).isEqualTo("n2 received [2]");
        assertThat(fifoLossy.violation().steps())
                .anySatisfy(s -> assertThat(s.step().kind()).isEqualTo(Step.Kind.LOSE));
    }
}
