package dev.synchrony.sim.algorithms.election;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.BullyElection;
import dev.synchrony.election.ElectionCommand;
import dev.synchrony.election.ElectionParticipant;
import dev.synchrony.election.RingElection;
import dev.synchrony.sim.Durations;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.check.PropertyCheck;
import dev.synchrony.sim.explore.Exploration;
import dev.synchrony.sim.explore.TimerPolicy;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.spec.ParamSpec;
import dev.synchrony.sim.spec.Params;
import dev.synchrony.sim.spec.RunSetup;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.spec.Workload;
import dev.synchrony.sim.trace.EventKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The simulator harness of {@code bully} and {@code ring-election}. */
public final class ElectionSpec implements AlgorithmSpec {

    public static final String BULLY = "bully";
    public static final String RING = "ring-election";

    private final boolean ring;

    private ElectionSpec(boolean ring) {
        this.ring = ring;
    }

    public static ElectionSpec bully() {
        return new ElectionSpec(false);
    }

    public static ElectionSpec ring() {
        return new ElectionSpec(true);
    }

    @Override
    public String name() {
        return ring ? RING : BULLY;
    }

    @Override
    public String description() {
        return ring ? "election in a ring: ELECTION collects the live processes, COORDINATOR names the highest"
                : "election by bullying: ELECTION to heavier processes, TAKE-OVER, VICTORY; on a failure detector";
    }

    @Override
    public int defaultNodes() {
        return 5;
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> params = new ArrayList<>();
        params.add(ParamSpec.of("heartbeat", "50ms", "failure detector: heartbeat interval"));
        params.add(ParamSpec.of("detector-timeout", ElectionTiming.AUTO,
                "failure detector: silence before suspicion (auto: 3 heartbeats + 2 worst latencies)"));
        if (ring) {
            params.add(ParamSpec.of("round-timeout", ElectionTiming.AUTO,
                    "how long an initiator waits for its election to end"
                            + " (auto: 2n+2 worst latencies + hop-tries ack timeouts + 1ms)"));
            params.add(ParamSpec.of("ack-timeout", ElectionTiming.AUTO,
                    "how long a hop waits for its acknowledgement before resending (auto: a worst round trip + 1ms)"));
            params.add(ParamSpec.of("hop-tries", String.valueOf(RingElection.DEFAULT_HOP_TRIES),
                    "unanswered tries to a successor before a hop skips to the next one"));
        } else {
            params.add(ParamSpec.of("answer-timeout", ElectionTiming.AUTO,
                    "how long to wait for a take-over (auto: a worst round trip + 1ms)"));
            params.add(ParamSpec.of("victory-timeout", ElectionTiming.AUTO,
                    "how long to wait for the victory once taken over (auto: answer timeout + 3 worst latencies + 1ms)"));
        }
        params.add(ParamSpec.of("initial-coordinator", "none",
                "the coordinator processes believe in at first start (none: they start with an election)"));
        params.add(ParamSpec.choice("elect-on-suspicion", "true",
                "whether suspecting the coordinator starts an election (false: only commands and recoveries do)",
                "true", "false"));
        params.add(ParamSpec.of("initiators", "", "processes told to hold an election at --initiate-at, e.g. n2,n5"));
        params.add(ParamSpec.of("initiate-at", "0", "when the --initiators are told"));
        return params;
    }

    public ElectionTiming timing(RunSetup setup) {
        return ElectionTiming.of(setup, ring);
    }

    @Override
    public Node<?, ?, ?> newNode(NodeId id, RunSetup setup) {
        return node(id, setup, presumedCoordinator(setup));
    }

    @Override
    public Node<?, ?, ?> recoveredNode(NodeId id, RunSetup setup) {
        return node(id, setup, null);
    }

    private Node<?, ?, ?> node(NodeId id, RunSetup setup, NodeId presumed) {
        ElectionTiming timing = timing(setup);
        boolean electOnSuspicion = setup.params().bool("elect-on-suspicion");
        if (ring) {
            return new RingElection(id, new RingElection.Settings(timing.heartbeatIntervalNanos(),
                    timing.detectorTimeoutNanos(), timing.roundTimeoutNanos(), electOnSuspicion, timing.ackTimeoutNanos(),
                    timing.hopTries()), presumed);
        }
        return new BullyElection(id, new BullyElection.Settings(timing.heartbeatIntervalNanos(),
                timing.detectorTimeoutNanos(), timing.answerTimeoutNanos(), timing.victoryTimeoutNanos(),
                electOnSuspicion), presumed);
    }

    private static NodeId presumedCoordinator(RunSetup setup) {
        String name = setup.params().string("initial-coordinator").trim();
        if (name.isEmpty() || name.equals("none")) {
            return null;
        }
        return setup.memberOption("initial-coordinator");
    }

    @Override
    public Workload workload(RunSetup setup) {
        Params params = setup.params();
        List<NodeId> initiators = new ArrayList<>();
        for (String name : params.string("initiators").split(",")) {
            if (!name.isBlank()) {
                initiators.add(setup.member(name.trim(), "--initiators"));
            }
        }
        long at = params.durationNanos("initiate-at");
        timing(setup); // reject bad timing options before the run starts
        return context -> initiators.forEach(id -> context.command(id, new ElectionCommand.StartElection(), at));
    }

    @Override
    public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        ScriptFields command = new ScriptFields(fields, setup);
        return switch (command.action()) {
            case "elect" -> new ElectionCommand.StartElection();
            default -> throw command.unknownAction("elect");
        };
    }

    /**
     * Explored with timers that fire only when no message is in flight: both algorithms read a timeout as
     * "that process is down", which holds only when timeouts outlast message delays (a synchronous system).
     */
    @Override
    public Exploration exploration(RunSetup setup) {
        return Exploration.STANDARD.withTimers(TimerPolicy.WHEN_IDLE);
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        return ElectionChecks.all(timing(setup));
    }

    @Override
    public void summarize(RunResult run, Summary summary) {
        ElectionTiming timing = timing(run.setup());
        summary.line(timing.describe());
        summary.value("timing", timingValues(timing));
        if (!run.trace().complete()) {
            return;
        }
        List<ElectionCost.Episode> episodes = ElectionCost.episodes(run.trace());
        Map<String, Long> byType = ElectionCost.messagesByType(run.trace());
        long heartbeats = run.trace().events().stream().filter(e -> e.kind() == EventKind.SEND
                && !ElectionCost.electionMessage(e.payload())).count();
        if (!episodes.isEmpty()) {
            double meanMessages = episodes.stream().mapToLong(ElectionCost.Episode::messages).average().orElse(0);
            long maxMessages = episodes.stream().mapToLong(ElectionCost.Episode::messages).max().orElse(0);
            double meanNanos = episodes.stream().mapToLong(ElectionCost.Episode::durationNanos).average().orElse(0);
            long maxNanos = episodes.stream().mapToLong(ElectionCost.Episode::durationNanos).max().orElse(0);
            summary.line(String.format(Locale.ROOT,
                    "elections: %d; messages per election mean %.1f, max %d; time to elect mean %s, max %s",
                    episodes.size(), meanMessages, maxMessages, Durations.human(meanNanos), Durations.human(maxNanos)));
            summary.value("elections", episodes.size());
            summary.value("messagesPerElectionMean", meanMessages);
            summary.value("messagesPerElectionMax", maxMessages);
            summary.value("timeToElectMeanNanos", Math.round(meanNanos));
            summary.value("timeToElectMaxNanos", maxNanos);
        }
        summary.line("election messages sent: " + byType + "; heartbeats sent: " + heartbeats);
        summary.value("messagesByType", byType);
        summary.value("heartbeats", heartbeats);
        List<String> end = new ArrayList<>();
        for (int i = 0; i < run.finalNodes().size(); i++) {
            Node<?, ?, ?> node = run.finalNodes().get(i);
            String name = run.trace().node(i).name();
            if (node instanceof ElectionParticipant participant) {
                end.add(name + ": " + participant.coordinator().map(NodeId::name).orElse("none") + " (term "
                        + participant.term() + ")");
            } else {
                end.add(name + ": down");
            }
        }
        summary.line("coordinators at the end: " + String.join(", ", end));
        summary.value("coordinatorsAtEnd", end);
    }

    private static Map<String, Object> timingValues(ElectionTiming timing) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("heartbeatIntervalNanos", timing.heartbeatIntervalNanos());
        values.put("detectorTimeoutNanos", timing.detectorTimeoutNanos());
        values.put("answerTimeoutNanos", timing.answerTimeoutNanos());
        values.put("victoryTimeoutNanos", timing.victoryTimeoutNanos());
        values.put("roundTimeoutNanos", timing.roundTimeoutNanos());
        values.put("ackTimeoutNanos", timing.ackTimeoutNanos());
        values.put("hopTries", timing.hopTries());
        values.put("latencyMaxNanos", timing.latencyMaxNanos());
        values.put("detectionBoundNanos", timing.detectionBoundNanos());
        values.put("electionBoundNanos", timing.electionBoundNanos());
        values.put("stabilisationBoundNanos", timing.stabilisationBoundNanos());
        return values;
    }
}
