package dev.synchrony.core;

/** The command type of a protocol that takes none: it has no values. */
public enum NoCommand {}
