package dev.synchrony.mutex;

/** What checkers and the explorer may ask of any mutual-exclusion node's state. */
public interface MutexParticipant {

    /**
     * Whether the node is in the critical section now, as its own state says (checkers compare this across nodes:
     * two true at once is a safety violation).
     *
     * @return true between the node's entry and its exit, false otherwise
     */
    boolean inCriticalSection();
}
