package dev.synchrony.explore;

import java.util.Arrays;

/**
 * The explorer's set of visited states, kept compact: a state is a short array of ints (the ids of its interned
 * parts, see {@link Explorer}), all of them packed one after the other in one growable array, indexed by an
 * open-addressing hash table of state numbers. Per state it keeps the way back to the initial state (parent and
 * step), so a counterexample can be rebuilt, and its depth. About 4 bytes per int of the state plus 24 bytes.
 * Lookups are exact: two states are the same only when all their ints are.
 */
final class StateStore {

    private int[] data = new int[1 << 16];
    private int dataSize;
    private int[] starts = new int[(1 << 12) + 1];
    private int[] hashes = new int[1 << 12];
    private int[] parents = new int[1 << 12];
    private long[] steps = new long[1 << 12];
    private int[] depths = new int[1 << 12];
    private int size;
    /** State number + 1 per slot; 0 is an empty slot. */
    private int[] table = new int[1 << 13];

    int size() {
        return size;
    }

    /**
     * The number of the state held in {@code state[0..length)}, adding it when it is new.
     *
     * @return the state's number, or {@code -(number) - 1} when it was added now
     */
    int addIfAbsent(int[] state, int length, int parent, long step, int depth) {
        int hash = hash(state, length);
        int mask = table.length - 1;
        int slot = hash & mask;
        while (true) {
            int entry = table[slot];
            if (entry == 0) {
                break;
            }
            int number = entry - 1;
            if (hashes[number] == hash && equalsAt(number, state, length)) {
                return number;
            }
            slot = (slot + 1) & mask;
        }
        int number = append(state, length, hash, parent, step, depth);
        table[slot] = number + 1;
        if (size * 2 > table.length) {
            rehash();
        }
        return -number - 1;
    }

    private int append(int[] state, int length, int hash, int parent, long step, int depth) {
        if (size == hashes.length) {
            int capacity = size * 2;
            starts = Arrays.copyOf(starts, capacity + 1);
            hashes = Arrays.copyOf(hashes, capacity);
            parents = Arrays.copyOf(parents, capacity);
            steps = Arrays.copyOf(steps, capacity);
            depths = Arrays.copyOf(depths, capacity);
        }
        if (dataSize + length > data.length) {
            long capacity = Math.max((long) data.length * 2, (long) dataSize + length);
            if (capacity > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("the state store is full (" + size + " states)");
            }
            data = Arrays.copyOf(data, (int) capacity);
        }
        System.arraycopy(state, 0, data, dataSize, length);
        int number = size++;
        starts[number] = dataSize;
        dataSize += length;
        starts[size] = dataSize;
        hashes[number] = hash;
        parents[number] = parent;
        steps[number] = step;
        depths[number] = depth;
        return number;
    }

    private boolean equalsAt(int number, int[] state, int length) {
        int start = starts[number];
        if (starts[number + 1] - start != length) {
            return false;
        }
        return Arrays.equals(data, start, start + length, state, 0, length);
    }

    private void rehash() {
        int[] bigger = new int[table.length * 2];
        int mask = bigger.length - 1;
        for (int number = 0; number < size; number++) {
            int slot = hashes[number] & mask;
            while (bigger[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            bigger[slot] = number + 1;
        }
        table = bigger;
    }

    /** Copies state {@code number} into {@code into} (grown if needed) and returns the array. */
    int[] read(int number, int[] into) {
        int start = starts[number];
        int length = starts[number + 1] - start;
        int[] target = into.length >= length ? into : new int[length];
        System.arraycopy(data, start, target, 0, length);
        return target;
    }

    int length(int number) {
        return starts[number + 1] - starts[number];
    }

    int parent(int number) {
        return parents[number];
    }

    long step(int number) {
        return steps[number];
    }

    int depth(int number) {
        return depths[number];
    }

    /** Records a shorter way to a known state (bounded depth-first search finds states again, closer). */
    void reparent(int number, int parent, long step, int depth) {
        parents[number] = parent;
        steps[number] = step;
        depths[number] = depth;
    }

    /** The bytes the store's arrays take. */
    long bytes() {
        return 4L * data.length
                + 4L * starts.length
                + 4L * hashes.length
                + 4L * parents.length
                + 8L * steps.length
                + 4L * depths.length
                + 4L * table.length;
    }

    /** A 32-bit mix of the ints (murmur3's finaliser per element), so that nearby states spread. */
    static int hash(int[] state, int length) {
        int h = 0x9747b28c ^ length;
        for (int i = 0; i < length; i++) {
            int k = state[i] * 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15) * 0x1b873593;
            h ^= k;
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
