package dev.synchrony.mutex;

/** What checkers and the explorer may ask of any mutual-exclusion node's state. */
public interface MutexParticipant {

    /** Whether the node is in the critical section now. */
    boolean inCriticalSection();
}
