package dev.synchrony.explore;

import java.util.Arrays;

/** A growable deque of ints: the search frontier, and the work list of the liveness check. */
final class IntDeque {
    private int[] items = new int[1024];
    private int head;
    private int tail;

    void add(int value) {
        if (tail == items.length) {
            if (head > items.length / 2) {
                System.arraycopy(items, head, items, 0, tail - head);
                tail -= head;
                head = 0;
            } else {
                items = Arrays.copyOf(items, items.length * 2);
            }
        }
        items[tail++] = value;
    }

    int removeFirst() {
        return items[head++];
    }

    int removeLast() {
        return items[--tail];
    }

    boolean isEmpty() {
        return head == tail;
    }

    int size() {
        return tail - head;
    }
}
