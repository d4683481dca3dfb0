package dev.synchrony.mutex;

/**
 * What an application asks of any mutual-exclusion node. Every algorithm (centralized, decentralized,
 * Ricart-Agrawala, token ring) takes these, so the lock API and the workloads do not care which one runs.
 */
public sealed interface MutexCommand {

    /**
     * Wants the critical section; answered by {@link MutexOutput.Granted} with the same {@code requestId}.
     *
     * @param requestId the application's number for this request, chosen by it and unique per node: the grant,
     *     the release and any loss name the request by it, so a late answer to an earlier request is not mistaken
     *     for the current one
     */
    record Acquire(long requestId) implements MutexCommand {}

    /**
     * Leaves the critical section entered for {@code requestId}, or withdraws that request while it still waits.
     *
     * @param requestId the number the application gave the request in its {@link Acquire}
     */
    record Release(long requestId) implements MutexCommand {}
}
