package dev.synchrony.clocksync;

import dev.synchrony.core.NodeId;

/** The timers of NTP's nodes. */
public sealed interface NtpTimer {

    /** A client's: time to poll the server again. */
    record Poll() implements NtpTimer {}

    /**
     * A server's: the reply to {@code client}'s request is ready to leave, after the server's processing time.
     * The timer carries everything the reply needs, so the server keeps no state between T2 and T3.
     *
     * @param client the client that asked
     * @param sequence the request's number, echoed
     * @param originNanos T1, echoed
     * @param receiveNanos T2, the server's clock when the request arrived
     */
    record ReplyDue(NodeId client, long sequence, long originNanos, long receiveNanos) implements NtpTimer {}
}
