package dev.synchrony.core;

import java.util.Arrays;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stable storage kept in memory, for runtimes that model a disk (the simulator, hand-driven tests): it outlives
 * the node instance that wrote it, so a restarted node (a new instance handed the same storage) reads back what
 * its predecessor wrote. Values are copied in and out, so neither side can change the other's bytes.
 */
public final class InMemoryStableStorage implements StableStorage {

    private final TreeMap<String, byte[]> values = new TreeMap<>();
    private long writes;

    /** An empty storage: a process that has never written anything. */
    public InMemoryStableStorage() {}

    @Override
    public void write(String key, byte[] value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("stable storage needs a key and a value, got key " + key);
        }
        values.put(key, value.clone());
        writes++;
    }

    @Override
    public Optional<byte[]> read(String key) {
        return Optional.ofNullable(values.get(key)).map(byte[]::clone);
    }

    /**
     * How many writes reached the storage, for tests and summaries that count what durability costs.
     *
     * @return the writes so far (each one a disk flush in a real runtime)
     */
    public long writes() {
        return writes;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("InMemoryStableStorage{");
        values.forEach((key, value) ->
                text.append(key).append('=').append(Arrays.toString(value)).append(' '));
        return text.append("writes=").append(writes).append('}').toString();
    }
}
