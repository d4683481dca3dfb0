package dev.synchrony.election;

/**
 * Trace event: the process left the election race ({@link ElectionCommand.Resign}); {@code term} was its term then.
 *
 * @param term the term the process knew when it resigned
 */
public record Resigned(long term) {}
