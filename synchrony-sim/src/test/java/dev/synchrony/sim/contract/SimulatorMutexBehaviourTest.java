package dev.synchrony.sim.contract;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.core.NodeId;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.SimulatedAlgorithm;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.WorkloadContext;
import dev.synchrony.testkit.MutexBehaviour;
import dev.synchrony.testkit.MutexRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every mutex of the catalog, hosted by the simulator, against the family's behaviour suite. */
class SimulatorMutexBehaviourTest extends MutexBehaviour {

    @Override
    protected MutexRuntime runtime() {
        return new MutexRuntime() {
            @Override
            public List<MutexRuntime.Held> run(Algorithm algorithm, int members, int rounds, long holdNanos) {
                ClosedLoop loop = new ClosedLoop(rounds, holdNanos);
                Simulation.run(
                        new Hosted(algorithm, loop),
                        SimConfig.defaults(algorithm.name(), members, 1).withDuration(20_000_000_000L));
                return loop.held;
            }

            @Override
            public boolean offersStableStorage() {
                return true; // Simulation.Host: a disk per process that outlives its crashes
            }
        };
    }

    /** Each member: acquire, hold, release, a millisecond's pause, again, {@code rounds} times. */
    private static final class ClosedLoop implements Workload {
        private final int rounds;
        private final long holdNanos;
        private final List<MutexRuntime.Held> held = new ArrayList<>();
        private final Map<NodeId, Integer> granted = new HashMap<>();

        ClosedLoop(int rounds, long holdNanos) {
            this.rounds = rounds;
            this.holdNanos = holdNanos;
        }

        @Override
        public void start(WorkloadContext context) {
            List<NodeId> nodes = context.nodes();
            for (int i = 0; i < nodes.size(); i++) {
                context.command(nodes.get(i), new MutexCommand.Acquire(1), (i + 1) * 1_000_000L);
            }
        }

        @Override
        public void onOutput(NodeId node, Object output, WorkloadContext context) {
            if (output instanceof MutexOutput.Granted grant) {
                long now = context.nowNanos();
                held.add(new MutexRuntime.Held(node, grant.requestId(), grant.fencingToken(), now, now + holdNanos));
                context.command(node, new MutexCommand.Release(grant.requestId()), now + holdNanos);
                int count = granted.merge(node, 1, Integer::sum);
                if (count < rounds) {
                    context.command(
                            node, new MutexCommand.Acquire(grant.requestId() + 1), now + holdNanos + 1_000_000L);
                }
            }
        }
    }

    private record Hosted(Algorithm algorithm, Workload workload) implements SimulatedAlgorithm {
        @Override
        public Workload workload(RunSetup setup) {
            return workload;
        }

        @Override
        public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
            throw new IllegalArgumentException("no scripted commands here");
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
