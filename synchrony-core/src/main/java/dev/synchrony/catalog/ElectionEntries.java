package dev.synchrony.catalog;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.BullyElection;
import dev.synchrony.election.RingElection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalog's entries for election: the bully algorithm and the ring, both on a heartbeat failure detector,
 * with timeouts derived from the environment's network unless given ({@link ElectionTiming}). They tolerate lost
 * messages by their timeouts, so they run on the raw network ({@link LinkPolicy#RAW_NETWORK}).
 */
public final class ElectionEntries {

    private static final Algorithm BULLY = election(
            "bully",
            ElectionTiming.Shape.BULLY,
            "election by bullying: ELECTION to heavier processes, TAKE-OVER, VICTORY; on a failure detector");
    private static final Algorithm RING = election(
            "ring-election",
            ElectionTiming.Shape.RING,
            "election in a ring: ELECTION collects the live processes, COORDINATOR names the highest");
    /** Which timeouts each election algorithm has: data of the catalog, read by the harnesses' checks. */
    private static final Map<Algorithm, ElectionTiming.Shape> SHAPES =
            Map.of(BULLY, ElectionTiming.Shape.BULLY, RING, ElectionTiming.Shape.RING);

    private ElectionEntries() {}

    static List<Algorithm> all() {
        return List.of(BULLY, RING);
    }

    /**
     * The timing of {@code algorithm} in {@code env}: its timeouts and the bounds its checks use.
     *
     * @param algorithm an election algorithm of the catalog
     * @param env the environment its nodes are built for
     * @return its timeouts
     * @throws IllegalArgumentException when {@code algorithm} is not an election of this catalog
     */
    public static ElectionTiming timing(Algorithm algorithm, Environment env) {
        ElectionTiming.Shape shape = SHAPES.get(algorithm);
        if (shape == null) {
            throw new IllegalArgumentException(algorithm.name() + " is not an election algorithm of the catalog");
        }
        return ElectionTiming.of(env, shape);
    }

    private static Algorithm election(String name, ElectionTiming.Shape shape, String description) {
        return Algorithm.builder(name, Family.ELECTION)
                .description(description)
                .params(params(shape))
                .defaultNodes(5)
                .node((id, env) -> node(shape, id, env, presumedCoordinator(env)))
                .recoveredNode((id, env) -> node(shape, id, env, null))
                // Timeouts decide who is alive: a partition or a pause makes a live coordinator look dead.
                .tolerates(
                        shape == ElectionTiming.Shape.RING
                                ? new FaultClass[] {
                                    FaultClass.CRASH, FaultClass.CRASH_RECOVERY, FaultClass.LOSS, FaultClass.DRIFT
                                }
                                : new FaultClass[] {FaultClass.CRASH, FaultClass.CRASH_RECOVERY, FaultClass.DRIFT})
                .build();
    }

    private static List<ParamSpec> params(ElectionTiming.Shape shape) {
        List<ParamSpec> params = new ArrayList<>();
        params.add(ParamSpec.of("heartbeat", "50ms", "failure detector: heartbeat interval"));
        params.add(ParamSpec.of(
                "detector-timeout",
                ElectionTiming.AUTO,
                "failure detector: silence before suspicion (auto: 3 heartbeats + 2 worst latencies)"));
        if (shape == ElectionTiming.Shape.RING) {
            params.add(ParamSpec.of(
                    "round-timeout",
                    ElectionTiming.AUTO,
                    "how long an initiator waits for its election to end"
                            + " (auto: 2n+2 worst latencies + hop-tries ack timeouts + 1ms)"));
            params.add(ParamSpec.of(
                    "ack-timeout",
                    ElectionTiming.AUTO,
                    "how long a hop waits for its acknowledgement before resending (auto: a worst round trip + 1ms)"));
            params.add(ParamSpec.of(
                    "hop-tries",
                    String.valueOf(RingElection.DEFAULT_HOP_TRIES),
                    "unanswered tries to a successor before a hop skips to the next one"));
        } else {
            params.add(ParamSpec.of(
                    "answer-timeout",
                    ElectionTiming.AUTO,
                    "how long to wait for a take-over (auto: a worst round trip + 1ms)"));
            params.add(
                    ParamSpec.of(
                            "victory-timeout",
                            ElectionTiming.AUTO,
                            "how long to wait for the victory once taken over (auto: answer timeout + 3 worst latencies + 1ms)"));
        }
        params.add(ParamSpec.of(
                "initial-coordinator",
                "none",
                "the coordinator processes believe in at first start (none: they start with an election)"));
        params.add(ParamSpec.choice(
                "elect-on-suspicion",
                "true",
                "whether suspecting the coordinator starts an election (false: only commands and recoveries do)",
                "true",
                "false"));
        params.add(ParamSpec.of("initiators", "", "processes told to hold an election at --initiate-at, e.g. n2,n5"));
        params.add(ParamSpec.of("initiate-at", "0", "when the --initiators are told"));
        return params;
    }

    private static Node<?, ?, ?> node(ElectionTiming.Shape shape, NodeId id, Environment env, NodeId presumed) {
        ElectionTiming timing = ElectionTiming.of(env, shape);
        boolean electOnSuspicion = env.params().bool("elect-on-suspicion");
        if (shape == ElectionTiming.Shape.RING) {
            return new RingElection(
                    id,
                    new RingElection.Settings(
                            timing.heartbeatIntervalNanos(),
                            timing.detectorTimeoutNanos(),
                            timing.roundTimeoutNanos(),
                            electOnSuspicion,
                            timing.ackTimeoutNanos(),
                            timing.hopTries()),
                    presumed);
        }
        return new BullyElection(
                id,
                new BullyElection.Settings(
                        timing.heartbeatIntervalNanos(),
                        timing.detectorTimeoutNanos(),
                        timing.answerTimeoutNanos(),
                        timing.victoryTimeoutNanos(),
                        electOnSuspicion),
                presumed);
    }

    private static NodeId presumedCoordinator(Environment env) {
        String name = env.params().string("initial-coordinator").trim();
        if (name.isEmpty() || name.equals("none")) {
            return null;
        }
        return env.memberOption("initial-coordinator");
    }
}
