package dev.synchrony.clocksync;

import dev.synchrony.core.NodeId;

/** The timers of NTP's nodes. */
public sealed interface NtpTimer {

    /** A client's: time to poll the server again. */
    record Poll() implements NtpTimer {}

    /**
     * A server's: the reply to {@code client}'s request is ready to leave, after the server's processing time.
     * The timer carries everything the reply needs, so the server keeps no state between T2 and T3.
     */
    record ReplyDue(NodeId client, long sequence, long originNanos, long receiveNanos) implements NtpTimer {}
}
