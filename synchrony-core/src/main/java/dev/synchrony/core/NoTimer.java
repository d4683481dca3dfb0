package dev.synchrony.core;

/** The timer type of a protocol that sets none: it has no values. */
public enum NoTimer {}
