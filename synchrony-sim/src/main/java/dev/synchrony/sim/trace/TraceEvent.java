package dev.synchrony.sim.trace;

/**
 * One event of a run.
 *
 * @param id position in the trace, from 0
 * @param timeNanos virtual (real) time
 * @param node index of the process in the run's member list
 * @param clockNanos the process's physical clock reading
 * @param lamport the Lamport timestamp of the event in the run's happened-before order (0 for a loss)
 * @param peer for a send, the receiver; for a receive or loss, the sender; otherwise -1
 * @param messageId the message a send, receive or loss is about, otherwise -1
 * @param payload the message, timer, command, output or recorded event
 */
public record TraceEvent(
        long id,
        long timeNanos,
        int node,
        EventKind kind,
        long clockNanos,
        long lamport,
        int peer,
        long messageId,
        Object payload) {}
