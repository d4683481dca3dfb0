package dev.synchrony.election;

/** The timers of {@link BullyElection}. Deadlines name the attempt they belong to; a stale one is ignored. */
public sealed interface BullyTimer {

    /** Every heartbeat interval: the coordinator sends heartbeats, the others consult their failure detector. */
    record Tick() implements BullyTimer {}

    /**
     * No take-over arrived in time for this attempt: the process wins.
     *
     * @param attempt the election attempt the deadline belongs to
     */
    record AnswerDeadline(long attempt) implements BullyTimer {}

    /**
     * A heavier process took over but no victory came in time: start over.
     *
     * @param attempt the election attempt the deadline belongs to
     */
    record VictoryDeadline(long attempt) implements BullyTimer {}
}
