package dev.synchrony.cli;

/** The exit codes of every command (documented in the README and in {@code synchrony --help}). */
final class ExitCodes {
    /** Every property held (or the command had nothing to judge and did its job). */
    static final int OK = 0;
    /** A property was violated. */
    static final int VIOLATION = 1;
    /** Bad usage: a flag, value, file or algorithm was wrong; one line names it. */
    static final int USAGE = 2;
    /** An internal error: a run threw (a bug, not bad usage); the stack trace is in the log file named. */
    static final int INTERNAL = 3;

    /** The lines {@code --help} shows. */
    static final String HELP_0 = "Exit codes: 0 all properties held; 1 a property was violated; 2 bad usage;";

    static final String HELP_1 = "3 internal error (a bug; the message names the log file with the stack trace).";

    private ExitCodes() {}
}
