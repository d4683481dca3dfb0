package dev.synchrony.clocks;

/**
 * A hybrid logical clock (Kulkarni, Demirbas, Madappa, Avva and Leone, "Logical Physical Clocks", OPODIS 2014),
 * as an immutable value. {@code l} is the largest physical time heard of; {@code c} counts events that share
 * that {@code l}. It keeps Lamport's clock condition (e -> f implies hlc(e) &lt; hlc(f)) while staying within
 * the clock-synchronization error of physical time, and fits in the space of a physical timestamp.
 *
 * @param l the largest physical time, in nanoseconds, this process has heard of
 * @param c how many events before this one had the same {@code l}; never negative
 */
public record HybridLogicalClock(long l, long c) implements Comparable<HybridLogicalClock> {

    /** The clock of a process before its first event. */
    public static final HybridLogicalClock ZERO = new HybridLogicalClock(0, 0);

    /**
     * Checks the counter.
     *
     * @throws IllegalArgumentException when {@code c} is negative
     */
    public HybridLogicalClock {
        if (c < 0) {
            throw new IllegalArgumentException("HLC counter cannot be negative: " + c);
        }
    }

    /**
     * A local or send event at physical time {@code physicalNanos} (the paper's "send or local event").
     *
     * @param physicalNanos the process's physical clock at the event
     * @return the clock of the event (and the timestamp of a message it sends)
     */
    public HybridLogicalClock tick(long physicalNanos) {
        long nextL = Math.max(l, physicalNanos);
        long nextC = nextL == l ? Math.addExact(c, 1) : 0;
        return new HybridLogicalClock(nextL, nextC);
    }

    /**
     * Receipt of a message stamped {@code message} at physical time {@code physicalNanos}.
     *
     * @param message the timestamp the message carries
     * @param physicalNanos the receiver's physical clock at the receipt
     * @return the clock of the receive event, after both this clock and the message's
     */
    public HybridLogicalClock receive(HybridLogicalClock message, long physicalNanos) {
        long nextL = Math.max(Math.max(l, message.l), physicalNanos);
        long nextC;
        if (nextL == l && nextL == message.l) {
            nextC = Math.max(c, message.c) + 1;
        } else if (nextL == l) {
            nextC = c + 1;
        } else if (nextL == message.l) {
            nextC = message.c + 1;
        } else {
            nextC = 0;
        }
        return new HybridLogicalClock(nextL, nextC);
    }

    @Override
    public int compareTo(HybridLogicalClock other) {
        int byL = Long.compare(l, other.l);
        return byL != 0 ? byL : Long.compare(c, other.c);
    }

    @Override
    public String toString() {
        return l + "." + c;
    }
}
