package dev.synchrony.sim;

/** A node's handler threw: a bug in the algorithm (or its harness), reported with the replay command. */
public final class SimulationException extends RuntimeException {
    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
