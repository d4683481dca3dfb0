package dev.synchrony.sim.algorithms.election;

import dev.synchrony.detector.FailureDetector;
import dev.synchrony.sim.Durations;
import dev.synchrony.sim.NetworkModel;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.spec.Params;
import dev.synchrony.sim.spec.RunSetup;

/**
 * The timing of an election run: the protocol's timeouts (given, or derived from the network when "auto") and
 * the bounds the checks use, all derived from those timeouts and the worst latency.
 *
 * @param latencyMaxNanos the largest latency a message can have in this run (reordering included)
 * @param detectionBoundNanos from a crash to its suspicion: last heartbeat in flight, timeout, one check period
 * @param electionBoundNanos from the start of an election to its process adopting a coordinator, when no fault
 *     (crash, recovery, partition, loss) happens meanwhile
 * @param stabilisationBoundNanos after the last crash, recovery or partition, the time within which all live
 *     processes name the highest live one; also the longest a disagreement caused by a lost message may last
 */
public record ElectionTiming(
        long heartbeatIntervalNanos,
        long detectorTimeoutNanos,
        long answerTimeoutNanos,
        long victoryTimeoutNanos,
        long roundTimeoutNanos,
        long ackTimeoutNanos,
        int hopTries,
        long latencyMaxNanos,
        long detectionBoundNanos,
        long electionBoundNanos,
        long stabilisationBoundNanos) {

    static final String AUTO = "auto";

    /** The timing of a run of {@code algorithm} ("bully" or "ring-election") under {@code setup}. */
    static ElectionTiming of(RunSetup setup, boolean ring) {
        SimConfig config = setup.config();
        Params params = setup.params();
        long latencyMax = latencyMax(config);
        double rho = config.driftRho();
        // A local-clock duration covers at least this much real time on the slowest clock, and the fastest
        // clock's duration at most the stretch times more: timeouts are stretched so drift cannot cut them short.
        double stretch = (1 + rho) / (1 - rho);
        long heartbeat = params.durationNanos("heartbeat");
        long detectorTimeout = auto(params, "detector-timeout",
                Math.max(3 * heartbeat + 2 * latencyMax, FailureDetector.safeTimeoutNanos(heartbeat, 0, latencyMax, rho)));
        if (detectorTimeout <= heartbeat) {
            throw new IllegalArgumentException("--detector-timeout " + Durations.format(detectorTimeout)
                    + ": must exceed --heartbeat " + Durations.format(heartbeat));
        }
        long answer = ring ? 0 : auto(params, "answer-timeout", (long) Math.ceil(2 * latencyMax * stretch) + 1_000_000);
        long victory = ring ? 0 : auto(params, "victory-timeout", answer + (long) Math.ceil(3 * latencyMax * stretch) + 1_000_000);
        int n = setup.members().size();
        long ack = ring ? auto(params, "ack-timeout", (long) Math.ceil(2 * latencyMax * stretch) + 1_000_000) : 0;
        int hopTries = ring ? params.integer("hop-tries") : 0;
        if (ring && hopTries < 1) {
            throw new IllegalArgumentException("--hop-tries " + hopTries + ": must be at least 1");
        }
        // The initiator's message must come back across n hops; one of them may have to wait out every try at a
        // crashed successor its detector does not suspect yet before skipping it.
        long round = ring ? auto(params, "round-timeout",
                (long) Math.ceil((2L * n + 2) * latencyMax * stretch) + (long) hopTries * ack + 1_000_000) : 0;
        long detection = (long) Math.ceil((detectorTimeout + heartbeat) * stretch) + latencyMax;
        long election = ring ? (long) Math.ceil(round * stretch) + latencyMax
                : (long) Math.ceil((answer + victory) * stretch) + 2 * latencyMax;
        long stabilisation = detection + 2 * election + (long) Math.ceil(heartbeat * stretch) + 2 * latencyMax;
        return new ElectionTiming(heartbeat, detectorTimeout, answer, victory, round, ack, hopTries, latencyMax, detection, election,
                stabilisation);
    }

    private static long auto(Params params, String name, long derived) {
        String value = params.string(name).trim();
        long nanos = value.equalsIgnoreCase(AUTO) ? derived : params.durationNanos(name);
        if (nanos <= 0) {
            throw new IllegalArgumentException("--" + name + ": must be positive");
        }
        return nanos;
    }

    /** The worst latency of the run: the largest range's top, times four when reordering may add 3x more. */
    static long latencyMax(SimConfig config) {
        if (config.script() != null && config.script().latencyNanos() >= 0) {
            return Math.max(1, config.script().latencyNanos());
        }
        NetworkModel network = config.network();
        long max = network.latencyMaxNanos();
        for (NetworkModel.LinkLatency link : network.linkLatencies()) {
            max = Math.max(max, link.maxNanos());
        }
        if (network.distribution() == NetworkModel.LatencyDistribution.EXPONENTIAL) {
            // An exponential tail has no maximum; five means covers all but e^-10 of the messages.
            max = network.latencyMinNanos() + 5 * Math.max(1, (max - network.latencyMinNanos()) / 2);
        }
        if (network.reorder() > 0) {
            max *= 4;
        }
        return Math.max(1, max);
    }

    /** One line for the summary. */
    String describe() {
        return "detector: heartbeat " + Durations.human(heartbeatIntervalNanos) + ", timeout "
                + Durations.human(detectorTimeoutNanos) + "; worst latency " + Durations.human(latencyMaxNanos)
                + "; bounds: detection " + Durations.human(detectionBoundNanos) + ", election "
                + Durations.human(electionBoundNanos) + ", stabilisation " + Durations.human(stabilisationBoundNanos);
    }
}
