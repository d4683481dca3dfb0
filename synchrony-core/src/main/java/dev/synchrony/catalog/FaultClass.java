package dev.synchrony.catalog;

import java.util.Locale;

/**
 * A kind of fault a run may contain. An algorithm's fault model is the set of these it is meant to survive; a
 * violation in a run with a fault outside that set is what the lecture predicts, not a bug.
 */
public enum FaultClass {
    /** A process stops for good. */
    CRASH,
    /** A process stops and restarts with its volatile state lost. */
    CRASH_RECOVERY,
    /** The network loses a message. */
    LOSS,
    /** The network delivers a message twice. */
    DUPLICATION,
    /** The network cuts the processes into groups that cannot talk. */
    PARTITION,
    /** A process stops executing for a while and then resumes with its state, its clock having run on. */
    PAUSE,
    /** Physical clocks run at rates within [1 - rho, 1 + rho] and start at offsets. */
    DRIFT;

    /**
     * How users read it: {@code crash-recovery}.
     *
     * @return the constant's name in lower case, words joined by '-'
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
