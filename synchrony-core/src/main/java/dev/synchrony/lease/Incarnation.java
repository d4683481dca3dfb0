package dev.synchrony.lease;

import dev.synchrony.core.StableStorage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Counts a member's starts in its stable storage. A member numbers the sends of its requests from
 * {@code incarnation << 32}, so a grant that answers a send made before a crash (delayed in the network, or a
 * duplicate) never matches a send made after it, even when the application reuses its request ids: the lease of a
 * grant is only ever measured from the send the leader actually answered.
 */
final class Incarnation {

    static final String KEY = "lease-lock/incarnation";

    private Incarnation() {}

    /** The number of this start (1 on the first), written durably before it is used. */
    static long next(StableStorage storage) {
        Optional<byte[]> stored = storage.read(KEY);
        long previous = 0;
        if (stored.isPresent()) {
            String text = new String(stored.get(), StandardCharsets.UTF_8);
            try {
                previous = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("stable storage key " + KEY + " holds '" + text + "', not a number");
            }
        }
        long next = previous + 1;
        if (next >= (1L << 31)) {
            throw new IllegalStateException("member restarted " + previous + " times: its send numbers ran out");
        }
        storage.write(KEY, Long.toString(next).getBytes(StandardCharsets.UTF_8));
        return next;
    }
}
