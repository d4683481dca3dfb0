package dev.synchrony.clocksync;

/**
 * The two messages of an NTP exchange (the lecture's figure: A asks B for the time). Times are the readings of
 * the sender's or receiver's own physical clock, in nanoseconds; the network runtime carries them as they are.
 */
public sealed interface NtpMessage {

    /**
     * A client asks for the time.
     *
     * @param sequence the client's exchange number; a reply to an older one is stale
     * @param originNanos T1: the client's clock when it sent this
     */
    record Request(long sequence, long originNanos) implements NtpMessage {}

    /**
     * The server's answer.
     *
     * @param sequence the number of the request it answers
     * @param originNanos T1, echoed from the request without interpreting it
     * @param receiveNanos T2: the server's clock when the request arrived
     * @param transmitNanos T3: the server's clock when it sent this reply
     */
    record Reply(long sequence, long originNanos, long receiveNanos, long transmitNanos) implements NtpMessage {}
}
