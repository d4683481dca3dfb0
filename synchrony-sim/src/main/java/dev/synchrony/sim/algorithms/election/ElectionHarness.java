package dev.synchrony.sim.algorithms.election;

import dev.synchrony.catalog.Durations;
import dev.synchrony.catalog.ElectionEntries;
import dev.synchrony.catalog.ElectionTiming;
import dev.synchrony.catalog.Params;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.ElectionCommand;
import dev.synchrony.election.ElectionParticipant;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.spec.Harness;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.trace.EventKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The harness of the election family: processes told to hold an election ({@code --initiators} at
 * {@code --initiate-at}, or a script's {@code do: elect}), elections on suspicion of the coordinator; checked for
 * agreement, termination and the uniqueness of each term's coordinator within bounds derived from the algorithm's
 * {@link ElectionTiming}, and summarized by its cost per election.
 */
public final class ElectionHarness implements Harness {

    /** The algorithm's timeouts and the bounds its checks use, as the catalog derives them for this run. */
    public static ElectionTiming timing(RunSetup setup) {
        return ElectionEntries.timing(setup.algorithm(), setup.environment());
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
        long heartbeats = run.trace().events().stream()
                .filter(e -> e.kind() == EventKind.SEND && !ElectionCost.electionMessage(e.payload()))
                .count();
        if (!episodes.isEmpty()) {
            double meanMessages = episodes.stream()
                    .mapToLong(ElectionCost.Episode::messages)
                    .average()
                    .orElse(0);
            long maxMessages = episodes.stream()
                    .mapToLong(ElectionCost.Episode::messages)
                    .max()
                    .orElse(0);
            double meanNanos = episodes.stream()
                    .mapToLong(ElectionCost.Episode::durationNanos)
                    .average()
                    .orElse(0);
            long maxNanos = episodes.stream()
                    .mapToLong(ElectionCost.Episode::durationNanos)
                    .max()
                    .orElse(0);
            summary.line(String.format(
                    Locale.ROOT,
                    "elections: %d; messages per election mean %.1f, max %d; time to elect mean %s, max %s",
                    episodes.size(),
                    meanMessages,
                    maxMessages,
                    Durations.human(meanNanos),
                    Durations.human(maxNanos)));
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
                end.add(name + ": "
                        + participant.coordinator().map(NodeId::name).orElse("none") + " (term " + participant.term()
                        + ")");
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
