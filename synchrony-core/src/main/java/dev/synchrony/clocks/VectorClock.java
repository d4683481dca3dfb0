package dev.synchrony.clocks;

import java.util.Arrays;

/**
 * A vector clock over a fixed group of n processes, as an immutable value. Entry j counts the events of process
 * j that the holder knows of. Unlike a Lamport clock it characterises causality: a -> b if and only if
 * VC(a) &lt; VC(b) (every entry &lt;=, at least one &lt;).
 *
 * <p>Two uses, as in the lecture: with {@link #tick(int)} on every event and {@link #merge(VectorClock)} on
 * delivery, it timestamps events; counting only sends, it drives causally ordered multicast.
 */
public final class VectorClock {

    private final long[] entries;
    private final int hash;

    private VectorClock(long[] entries) {
        this.entries = entries;
        this.hash = Arrays.hashCode(entries);
    }

    /**
     * The clock of a process of a group of {@code size} before any event.
     *
     * @param size how many processes the group has
     * @return a clock of {@code size} zero entries
     * @throws IllegalArgumentException when {@code size} is not positive
     */
    public static VectorClock zero(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a vector clock needs at least one entry, got " + size);
        }
        return new VectorClock(new long[size]);
    }

    /**
     * A clock with the given entries, as the lecture's figures write them.
     *
     * @param entries one count per process, in the group's order (copied)
     * @return that clock
     * @throws IllegalArgumentException when an entry is negative
     */
    public static VectorClock of(long... entries) {
        for (long entry : entries) {
            if (entry < 0) {
                throw new IllegalArgumentException(
                        "vector clock entries cannot be negative: " + Arrays.toString(entries));
            }
        }
        return new VectorClock(entries.clone());
    }

    /**
     * How many processes the clock covers.
     *
     * @return the number of entries
     */
    public int size() {
        return entries.length;
    }

    /**
     * What the holder knows of one process.
     *
     * @param index the process's position in the group
     * @return how many of its events the holder knows of
     */
    public long get(int index) {
        return entries[index];
    }

    /**
     * The entries, for encoding and display.
     *
     * @return a copy of the entries (changing it leaves the clock alone)
     */
    public long[] toArray() {
        return entries.clone();
    }

    /**
     * This clock with entry {@code index} one higher: process {@code index} had an event (or sent).
     *
     * @param index the position of the process that had the event
     * @return the new clock
     */
    public VectorClock tick(int index) {
        long[] next = entries.clone();
        next[index] = Math.addExact(next[index], 1);
        return new VectorClock(next);
    }

    /**
     * This clock with entry {@code index} raised to {@code value}: the holder learnt of events of that process
     * up to {@code value}, and of nothing else (one copy, where several {@link #tick} calls would make one each).
     *
     * @param index the position of the process
     * @param value the new entry, at least the current one
     * @return the new clock
     * @throws IllegalArgumentException when {@code value} is below the current entry
     */
    public VectorClock withEntry(int index, long value) {
        if (value < entries[index]) {
            throw new IllegalArgumentException(
                    "entry " + index + " of " + this + " cannot go back to " + value + ": clocks only grow");
        }
        long[] next = entries.clone();
        next[index] = value;
        return new VectorClock(next);
    }

    /**
     * The entry-wise maximum: what the holder knows after learning {@code other}.
     *
     * @param other a clock of the same group
     * @return the merged clock
     * @throws IllegalArgumentException when the clocks have different sizes
     */
    public VectorClock merge(VectorClock other) {
        requireSameSize(other);
        long[] next = entries.clone();
        for (int i = 0; i < next.length; i++) {
            next[i] = Math.max(next[i], other.entries[i]);
        }
        return new VectorClock(next);
    }

    /**
     * The lecture's delivery rule: merge the message's timestamp, then count the delivery at {@code self}.
     *
     * @param timestamp the clock the message carries
     * @param self the receiver's position in the group
     * @return the clock of the receive event
     */
    public VectorClock receive(VectorClock timestamp, int self) {
        return merge(timestamp).tick(self);
    }

    /**
     * How the event stamped with this clock relates to the one stamped {@code other}.
     *
     * @param other a clock of the same group
     * @return {@link CausalOrder#BEFORE} when this one happened before {@code other}, and so on
     * @throws IllegalArgumentException when the clocks have different sizes
     */
    public CausalOrder compare(VectorClock other) {
        requireSameSize(other);
        boolean someLess = false;
        boolean someGreater = false;
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] < other.entries[i]) {
                someLess = true;
            } else if (entries[i] > other.entries[i]) {
                someGreater = true;
            }
        }
        if (someLess && someGreater) {
            return CausalOrder.CONCURRENT;
        }
        if (someLess) {
            return CausalOrder.BEFORE;
        }
        return someGreater ? CausalOrder.AFTER : CausalOrder.EQUAL;
    }

    /**
     * Whether this clock's event happened before {@code other}'s: every entry at most, one smaller.
     *
     * @param other a clock of the same group
     * @return true when this one is strictly before {@code other}
     */
    public boolean happenedBefore(VectorClock other) {
        return compare(other) == CausalOrder.BEFORE;
    }

    /**
     * Whether neither event happened before the other.
     *
     * @param other a clock of the same group
     * @return true when each clock has an entry larger than the other's
     */
    public boolean concurrentWith(VectorClock other) {
        return compare(other) == CausalOrder.CONCURRENT;
    }

    private void requireSameSize(VectorClock other) {
        if (other.entries.length != entries.length) {
            throw new IllegalArgumentException("vector clocks of different groups: " + entries.length + " vs "
                    + other.entries.length + " entries");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VectorClock clock && hash == clock.hash && Arrays.equals(entries, clock.entries);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code (1,0,2)}, as the lecture writes them. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < entries.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(entries[i]);
        }
        return text.append(')').toString();
    }
}
