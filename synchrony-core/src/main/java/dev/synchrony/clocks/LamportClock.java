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
 */
public record LamportClock(long time) implements Comparable<LamportClock> {

    public static final LamportClock ZERO = new LamportClock(0);

    public LamportClock {
        if (time < 0) {
            throw new IllegalArgumentException("Lamport time cannot be negative: " + time);
        }
    }

    /** Rule 1: the clock of the next local event. */
    public LamportClock tick() {
        return new LamportClock(Math.addExact(time, 1));
    }

    /** Rule 2: the clock of a send event; its time is the message's timestamp. */
    public LamportClock send() {
        return tick();
    }

    /** Rule 3: the clock of the receive event of a message stamped {@code timestamp}. */
    public LamportClock receive(long timestamp) {
        return new LamportClock(Math.max(time, timestamp)).tick();
    }

    @Override
    public int compareTo(LamportClock other) {
        return Long.compare(time, other.time);
    }
}
