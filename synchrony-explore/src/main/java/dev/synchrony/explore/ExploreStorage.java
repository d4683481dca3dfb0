package dev.synchrony.explore;

import dev.synchrony.core.StableStorage;
import java.util.Optional;

/**
 * The stable storage the explorer hands one handler call: reads see what the process wrote before (in this state)
 * and earlier in the same handler; writes are durable at once, since a crash is a step of its own and never falls
 * inside a handler. The step then puts {@link #values()} into the next state, where it outlives crashes.
 */
final class ExploreStorage implements StableStorage {

    private DurableValues values;
    private boolean written;

    ExploreStorage(DurableValues values) {
        this.values = values;
    }

    @Override
    public void write(String key, byte[] value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("stable storage needs a key and a value, got key " + key);
        }
        values = values.with(key, value);
        written = true;
    }

    @Override
    public Optional<byte[]> read(String key) {
        return Optional.ofNullable(values.get(key));
    }

    DurableValues values() {
        return values;
    }

    boolean written() {
        return written;
    }
}
