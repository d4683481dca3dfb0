package dev.synchrony.mutex;

/**
 * What an application asks of any mutual-exclusion node. Every algorithm (centralized, decentralized,
 * Ricart-Agrawala, token ring) takes these, so the lock API and the workloads do not care which one runs.
 */
public sealed interface MutexCommand {

    /** Wants the critical section; answered by {@link MutexOutput.Granted} with the same {@code requestId}. */
    record Acquire(long requestId) implements MutexCommand {}

    /** Leaves the critical section entered for {@code requestId}. */
    record Release(long requestId) implements MutexCommand {}
}
