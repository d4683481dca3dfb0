package dev.synchrony.election;

/** Trace event: the process left the election race ({@link ElectionCommand.Resign}); {@code term} was its term then. */
public record Resigned(long term) {}
