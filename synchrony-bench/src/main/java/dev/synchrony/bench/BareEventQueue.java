package dev.synchrony.bench;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The baseline every simulator benchmark is measured beside: the least any discrete-event simulation must do per
 * event, one push and one pop of a timed entry on a plain {@link PriorityQueue} that holds a steady number of
 * pending entries (about as many as the simulator's agenda holds during the measured run).
 */
final class BareEventQueue {

    private BareEventQueue() {}

    /** Pops and pushes {@code events} entries with {@code pendingEntries} kept pending; returns a checksum. */
    static long pushAndPop(int pendingEntries, long events) {
        PriorityQueue<Entry> queue = new PriorityQueue<>();
        SplittableRandom random = new SplittableRandom(1);
        long sequence = 0;
        for (int i = 0; i < pendingEntries; i++) {
            queue.add(new Entry(random.nextLong(10_000_000), sequence++));
        }
        long checksum = 0;
        for (long i = 0; i < events; i++) {
            Entry next = queue.poll();
            checksum += next.time;
            queue.add(new Entry(next.time + 1 + random.nextLong(10_000_000), sequence++));
        }
        return checksum;
    }

    /** Ordered by time, then by insertion, as the simulator's agenda is. */
    private record Entry(long time, long sequence) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
