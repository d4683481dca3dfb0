package dev.synchrony.mutex;

import java.util.Objects;
import java.util.Optional;

/** What any mutual-exclusion node tells its application. */
public sealed interface MutexOutput {

    /**
     * The critical section is this node's for {@code requestId}.
     *
     * @param requestId the number of the {@link MutexCommand.Acquire} this grant answers
     * @param fencingToken strictly greater than the token of every earlier grant by the same algorithm instance
     *     (built from logical time), so a resource can reject writes from a holder that has lost the lock without
     *     knowing it
     */
    record Granted(long requestId, long fencingToken) implements MutexOutput {}

    /**
     * The node left the critical section for {@code requestId}, or dropped that request before it was granted.
     *
     * @param requestId the number of the request that is over, as the application gave it
     */
    record Released(long requestId) implements MutexOutput {}

    /**
     * The node can no longer vouch for the grant of {@code requestId} (e.g. its coordinator is gone): the
     * application must stop using the resource, and its fencing token may already be outdated.
     *
     * @param requestId the number of the request whose grant is lost
     * @param reason why, in words for a log line (which algorithm step gave the grant up)
     * @param leaseEndedAt when the loss is a lease running out: the reading of this node's clock at which it ran
     *     out (the notice may come later, when a timer fires late or the node was paused); empty otherwise
     */
    record Lost(long requestId, String reason, Optional<Long> leaseEndedAt) implements MutexOutput {

        /** Refuses a missing component: an absent lease end is {@code Optional.empty()}, never null. */
        public Lost {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(leaseEndedAt, "leaseEndedAt");
        }

        /**
         * A loss that is not a lease running out.
         *
         * @param requestId the number of the request whose grant is lost
         * @param reason why, in words for a log line (which algorithm step gave the grant up)
         */
        public Lost(long requestId, String reason) {
            this(requestId, reason, Optional.empty());
        }
    }
}
