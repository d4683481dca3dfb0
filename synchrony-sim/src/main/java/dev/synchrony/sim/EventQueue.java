package dev.synchrony.sim;

import java.util.Arrays;

/**
 * The simulator's agenda: a binary min-heap ordered by (virtual time, insertion sequence). The sequence makes
 * simultaneous events come out in the order they were scheduled, which keeps runs deterministic.
 */
final class EventQueue {

    /** Something due at a virtual time. */
    abstract static class Scheduled {
        long timeNanos;
        long sequence;
    }

    private Scheduled[] heap = new Scheduled[64];
    private int size;
    private long nextSequence;

    void add(Scheduled event, long timeNanos) {
        event.timeNanos = timeNanos;
        event.sequence = nextSequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int child = size++;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            Scheduled above = heap[parent];
            if (!before(event, above)) {
                break;
            }
            heap[child] = above;
            child = parent;
        }
        heap[child] = event;
    }

    Scheduled poll() {
        if (size == 0) {
            return null;
        }
        Scheduled first = heap[0];
        Scheduled last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            int parent = 0;
            int half = size >>> 1;
            while (parent < half) {
                int child = 2 * parent + 1;
                int right = child + 1;
                if (right < size && before(heap[right], heap[child])) {
                    child = right;
                }
                if (!before(heap[child], last)) {
                    break;
                }
                heap[parent] = heap[child];
                parent = child;
            }
            heap[parent] = last;
        }
        return first;
    }

    Scheduled peek() {
        return size == 0 ? null : heap[0];
    }

    int size() {
        return size;
    }

    private static boolean before(Scheduled a, Scheduled b) {
        return a.timeNanos < b.timeNanos || (a.timeNanos == b.timeNanos && a.sequence < b.sequence);
    }
}
