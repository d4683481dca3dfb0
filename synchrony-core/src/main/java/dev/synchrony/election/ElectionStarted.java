package dev.synchrony.election;

/**
 * Recorded in the trace when a process starts (or starts over) an election of its own; from then until it adopts
 * a coordinator it names none.
 *
 * @param attempt counts the elections this process has started since it (re)started
 * @param reason why: "start", "recovered", "suspected n7", "command", "no victory", "round timed out"...
 */
public record ElectionStarted(long attempt, String reason) {}
