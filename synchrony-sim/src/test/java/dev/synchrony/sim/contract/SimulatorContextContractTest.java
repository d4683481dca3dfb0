package dev.synchrony.sim.contract;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Family;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.SimulatedAlgorithm;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.TraceEvent;
import dev.synchrony.testkit.ContextContract;
import dev.synchrony.testkit.ProbeNode;
import dev.synchrony.testkit.RuntimeUnderTest;
import dev.synchrony.testkit.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulator's {@code Context} (its per-process host) against the contract every runtime keeps. */
class SimulatorContextContractTest extends ContextContract {

    @Override
    protected RuntimeUnderTest runtime() {
        return new RuntimeUnderTest() {
            @Override
            public Map<NodeId, List<ProbeNode.Observation>> play(Scenario scenario, long seed) {
                return SimulatorContextContractTest.play(scenario, seed);
            }

            @Override
            public boolean offersStableStorage() {
                return true; // Simulation.Host: a disk per process that outlives its crashes
            }
        };
    }

    /**
     * Plays a scenario in virtual time: commands 1 ms apart from 5 ms on (so each lands after the starts), waits
     * as virtual time, crashes and recoveries as the simulator's crash faults; then a second of quiet.
     */
    private static Map<NodeId, List<ProbeNode.Observation>> play(Scenario scenario, long seed) {
        List<NodeId> members = NodeId.range(scenario.members());
        Map<NodeId, List<Long>> commandTimes = new LinkedHashMap<>();
        List<Timed> commands = new ArrayList<>();
        List<CrashSpec> crashes = new ArrayList<>();
        Map<NodeId, Long> downSince = new LinkedHashMap<>();
        long now = 5_000_000L;
        for (Scenario.Action action : scenario.actions()) {
            switch (action) {
                case Scenario.Give give -> {
                    commands.add(new Timed(give.node(), give.command(), now));
                    commandTimes
                            .computeIfAbsent(give.node(), n -> new ArrayList<>())
                            .add(now);
                    now += 1_000_000L;
                }
                case Scenario.Wait wait -> now += wait.nanos();
                case Scenario.Crash crash -> {
                    downSince.put(crash.node(), now);
                    now += 1_000_000L;
                }
                case Scenario.Recover recover -> {
                    crashes.add(new CrashSpec(recover.node(), downSince.remove(recover.node()), now));
                    now += 1_000_000L;
                }
            }
        }
        downSince.forEach((node, at) -> crashes.add(new CrashSpec(node, at, CrashSpec.NEVER)));
        SimConfig config = SimConfig.defaults("context-probe", scenario.members(), seed)
                .withNetwork(NetworkModel.reliable(1_000_000L, 5_000_000L))
                .withDuration(now + 1_000_000_000L)
                .withCrashes(crashes);
        RunResult run = Simulation.run(new ProbeHarness(commands), config);
        Map<NodeId, List<ProbeNode.Observation>> seen = new LinkedHashMap<>();
        members.forEach(member -> seen.put(member, new ArrayList<>()));
        for (TraceEvent event : run.trace().select(e -> e.kind() == EventKind.DELIVER)) {
            if (event.payload() instanceof ProbeNode.Observation observation) {
                seen.get(run.trace().node(event.node())).add(observation);
            }
        }
        return seen;
    }

    private record Timed(NodeId node, Object command, long atNanos) {}

    /** The probe as the simulator runs an algorithm: a catalog-style entry, a fixed workload, nothing to check. */
    private record ProbeHarness(List<Timed> commands) implements SimulatedAlgorithm {

        private static final Algorithm PROBE = Algorithm.builder("context-probe", Family.LOGICAL_CLOCK)
                .description("a node that reports what its context does (contract tests only)")
                .node((id, environment) -> new ProbeNode())
                .build();

        @Override
        public Algorithm algorithm() {
            return PROBE;
        }

        @Override
        public Workload workload(RunSetup setup) {
            return context -> commands.forEach(c -> context.command(c.node(), c.command(), c.atNanos()));
        }

        @Override
        public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
            throw new IllegalArgumentException("the context probe takes no scripted command");
        }

        @Override
        public List<PropertyCheck> checks(RunSetup setup) {
            return List.of();
        }

        @Override
        public boolean referenceClock(NodeId node, RunSetup setup) {
            return false;
        }

        @Override
        public long clockWanderPeriodNanos(RunSetup setup) {
            return 0;
        }
    }
}
