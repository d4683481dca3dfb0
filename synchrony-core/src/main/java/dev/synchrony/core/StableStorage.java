package dev.synchrony.core;

import java.util.Optional;

/**
 * A process's stable storage: what it writes here survives a crash and is read back when it recovers. Algorithms
 * keep in it only what forgetting would make unsafe (a vote, a term), because each write costs a disk flush in a
 * real runtime.
 *
 * <p>Contract: {@link #write} returns only once the value is durable, so a node that writes and then sends knows
 * the write precedes the message in every crash. A crash may strike before a write returns: the key then holds
 * either the old value or the new one, never a mixture, so one write is the unit of atomicity (put values that
 * must change together under one key).
 */
public interface StableStorage {

    /**
     * Stores {@code value} under {@code key}, replacing what was there; returns when it is durable.
     *
     * @param key the name the value is read back by
     * @param value the bytes to keep (the storage keeps its own copy)
     */
    void write(String key, byte[] value);

    /**
     * Reads back what was kept under {@code key}.
     *
     * @param key the name it was written under
     * @return the value last durably written under {@code key}, or empty when none was
     */
    Optional<byte[]> read(String key);
}
