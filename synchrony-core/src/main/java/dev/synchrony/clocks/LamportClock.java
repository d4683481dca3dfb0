package dev.synchrony.clocks;

/**
 * Lamport's logical clock, as an immutable value. The lecture's rules:
 * <ol>
 *   <li>between two successive events of a process, the counter goes up by 1 ({@link #tick()});</li>
 *   <li>a message sent carries the counter after the send event's tick ({@link #send()} returns the new clock,
 *   whose {@link #time()} is ts(m));</li>
 *   <li>on receipt the counter becomes max(C, ts(m)) and then rule 1 applies ({@link #receive(long)}).</li>
 * </ol>
 * Together they give the clock condition: a {@code ->} b implies C(a) {@code <} C(b) (not the converse).
 *
 * @param time the counter C, never negative
 */
public record LamportClock(long time) implements Comparable<LamportClock> {

    /** The clock of a process before its first event. */
    public static final LamportClock ZERO = new LamportClock(0);

    /**
     * Checks the time.
     *
     * @throws IllegalArgumentException when {@code time} is negative
     */
    public LamportClock {
        if (time < 0) {
            throw new IllegalArgumentException("Lamport time cannot be negative: " + time);
        }
    }

    /**
     * Rule 1: the clock of the next local event.
     *
     * @return this clock one higher
     */
    public LamportClock tick() {
        return new LamportClock(Math.addExact(time, 1));
    }

    /**
     * Rule 2: the clock of a send event; its time is the message's timestamp.
     *
     * @return this clock one higher, whose {@link #time()} the message carries
     */
    public LamportClock send() {
        return tick();
    }

    /**
     * Rule 3: the clock of the receive event of a message stamped {@code timestamp}.
     *
     * @param timestamp the sender's time, ts(m)
     * @return max(C, ts(m)) + 1
     */
    public LamportClock receive(long timestamp) {
        return new LamportClock(Math.max(time, timestamp)).tick();
    }

    @Override
    public int compareTo(LamportClock other) {
        return Long.compare(time, other.time);
    }
}
