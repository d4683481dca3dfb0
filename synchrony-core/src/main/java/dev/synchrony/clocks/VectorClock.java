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

    public static VectorClock zero(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a vector clock needs at least one entry, got " + size);
        }
        return new VectorClock(new long[size]);
    }

    public static VectorClock of(long... entries) {
        for (long entry : entries) {
            if (entry < 0) {
                throw new IllegalArgumentException(
                        "vector clock entries cannot be negative: " + Arrays.toString(entries));
            }
        }
        return new VectorClock(entries.clone());
    }

    public int size() {
        return entries.length;
    }

    public long get(int index) {
        return entries[index];
    }

    /** A copy of the entries. */
    public long[] toArray() {
        return entries.clone();
    }

    /** This clock with entry {@code index} one higher: process {@code index} had an event (or sent). */
    public VectorClock tick(int index) {
        long[] next = entries.clone();
        next[index] = Math.addExact(next[index], 1);
        return new VectorClock(next);
    }

    /** The entry-wise maximum: what the holder knows after learning {@code other}. */
    public VectorClock merge(VectorClock other) {
        requireSameSize(other);
        long[] next = entries.clone();
        for (int i = 0; i < next.length; i++) {
            next[i] = Math.max(next[i], other.entries[i]);
        }
        return new VectorClock(next);
    }

    /** The lecture's delivery rule: merge the message's timestamp, then count the delivery at {@code self}. */
    public VectorClock receive(VectorClock timestamp, int self) {
        return merge(timestamp).tick(self);
    }

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

    public boolean happenedBefore(VectorClock other) {
        return compare(other) == CausalOrder.BEFORE;
    }

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
