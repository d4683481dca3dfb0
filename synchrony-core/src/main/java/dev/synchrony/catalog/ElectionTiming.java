package dev.synchrony.catalog;

import dev.synchrony.detector.FailureDetector;

/**
 * The timing of an election run: the protocol's timeouts (given, or derived from the network when "auto") and
 * the bounds the checks use, all derived from those timeouts and the worst latency.
 *
 * @param heartbeatIntervalNanos how often the failure detector's heartbeats are sent
 * @param detectorTimeoutNanos how long without a heartbeat before the detector suspects a process
 * @param answerTimeoutNanos the bully's wait for an ANSWER from a higher process (0 for the ring)
 * @param victoryTimeoutNanos the bully's wait for the COORDINATOR message after an ANSWER (0 for the ring)
 * @param roundTimeoutNanos the ring's wait for its ELECTION message to come back (0 for the bully)
 * @param ackTimeoutNanos the ring's wait for a successor's acknowledgement before retrying it (0 for the bully)
 * @param hopTries how many times the ring tries a successor before skipping it (0 for the bully)
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

    /** An option's value that asks for the timeout derived from the network. */
    public static final String AUTO = "auto";

    /** Which timeouts an election protocol has: the bully's answer and victory, or the ring's round and hops. */
    public enum Shape {
        /** Answer and victory timeouts. */
        BULLY,
        /** Round and acknowledgement timeouts, and the tries per hop. */
        RING
    }

    /**
     * The timing of an election of {@code shape} in {@code environment}.
     *
     * @param environment the members, options and network the election runs in
     * @param shape which timeouts the protocol has
     * @return the timeouts (each given, or derived when "auto") and the checks' bounds
     * @throws IllegalArgumentException when a timeout is not positive or the detector's does not exceed the heartbeat
     */
    public static ElectionTiming of(Environment environment, Shape shape) {
        boolean ring = shape == Shape.RING;
        Params params = environment.params();
        long latencyMax = environment.network().worstLatencyNanos();
        double rho = environment.network().driftRho();
        // A local-clock duration covers at least this much real time on the slowest clock, and the fastest
        // clock's duration at most the stretch times more: timeouts are stretched so drift cannot cut them short.
        double stretch = (1 + rho) / (1 - rho);
        long heartbeat = params.durationNanos("heartbeat");
        long detectorTimeout = auto(
                params,
                "detector-timeout",
                Math.max(
                        3 * heartbeat + 2 * latencyMax,
                        FailureDetector.safeTimeoutNanos(heartbeat, 0, latencyMax, rho)));
        if (detectorTimeout <= heartbeat) {
            throw new IllegalArgumentException("--detector-timeout " + Durations.format(detectorTimeout)
                    + ": must exceed --heartbeat " + Durations.format(heartbeat));
        }
        long answer = ring ? 0 : auto(params, "answer-timeout", (long) Math.ceil(2 * latencyMax * stretch) + 1_000_000);
        long victory = ring
                ? 0
                : auto(params, "victory-timeout", answer + (long) Math.ceil(3 * latencyMax * stretch) + 1_000_000);
        int n = environment.members().size();
        long ack = ring ? auto(params, "ack-timeout", (long) Math.ceil(2 * latencyMax * stretch) + 1_000_000) : 0;
        int hopTries = ring ? params.integer("hop-tries") : 0;
        if (ring && hopTries < 1) {
            throw new IllegalArgumentException("--hop-tries " + hopTries + ": must be at least 1");
        }
        // The initiator's message must come back across n hops; one of them may have to wait out every try at a
        // crashed successor its detector does not suspect yet before skipping it.
        long round = ring
                ? auto(
                        params,
                        "round-timeout",
                        (long) Math.ceil((2L * n + 2) * latencyMax * stretch) + (long) hopTries * ack + 1_000_000)
                : 0;
        long detection = (long) Math.ceil((detectorTimeout + heartbeat) * stretch) + latencyMax;
        long election = ring
                ? (long) Math.ceil(round * stretch) + latencyMax
                : (long) Math.ceil((answer + victory) * stretch) + 2 * latencyMax;
        long stabilisation = detection + 2 * election + (long) Math.ceil(heartbeat * stretch) + 2 * latencyMax;
        return new ElectionTiming(
                heartbeat,
                detectorTimeout,
                answer,
                victory,
                round,
                ack,
                hopTries,
                latencyMax,
                detection,
                election,
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

    /**
     * One line for the summary.
     *
     * @return the detector's timing, the worst latency and the bounds, in human units
     */
    public String describe() {
        return "detector: heartbeat " + Durations.human(heartbeatIntervalNanos) + ", timeout "
                + Durations.human(detectorTimeoutNanos) + "; worst latency " + Durations.human(latencyMaxNanos)
                + "; bounds: detection " + Durations.human(detectionBoundNanos) + ", election "
                + Durations.human(electionBoundNanos) + ", stabilisation " + Durations.human(stabilisationBoundNanos);
    }
}
