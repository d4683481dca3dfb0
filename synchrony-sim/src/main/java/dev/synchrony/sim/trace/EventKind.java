package dev.synchrony.sim.trace;

/** What a trace event is. All but {@link #LOSS} are events of a process and advance its clocks. */
public enum EventKind {
    /** The process started (or restarted after a crash). */
    START,
    /** The application or workload gave the process a command. */
    COMMAND,
    SEND,
    RECEIVE,
    /** A timer the process set went off. */
    TIMER,
    /** The process handed an output to its application (delivered a message, got the lock...). */
    DELIVER,
    /** Something the algorithm recorded (entered the critical section, adjusted its clock...). */
    INTERNAL,
    CRASH,
    RECOVER,
    /** The process stopped executing (a pause): what arrives for it now piles up. */
    PAUSE,
    /** The process runs again after a pause and handles what piled up, in arrival order. */
    RESUME,
    /** The network lost a message (fault, partition, or a crashed receiver). Not a process event. */
    LOSS;

    public boolean isProcessEvent() {
        return this != LOSS;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
