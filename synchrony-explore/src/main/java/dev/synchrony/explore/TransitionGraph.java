package dev.synchrony.explore;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The transitions a complete search went through, kept for the liveness goals: a goal holds when from every
 * reachable state some goal state is reachable, which is a walk backwards from the goal states. Bounded: past
 * {@link #MAX_EDGES} the graph gives up ({@link #kept()} turns false) rather than exhaust the heap.
 */
final class TransitionGraph {

    static final int MAX_EDGES = 100_000_000;

    /** Transition pairs (from, to); null once too many to keep. */
    private int[] edges = new int[1 << 16];

    private int edgeCount;

    void add(int from, int to) {
        if (edges == null) {
            return;
        }
        if (edgeCount + 2 > edges.length) {
            if (edges.length >= MAX_EDGES) {
                edges = null;
                return;
            }
            edges = Arrays.copyOf(edges, Math.min(MAX_EDGES, edges.length * 2));
        }
        edges[edgeCount++] = from;
        edges[edgeCount++] = to;
    }

    /** Whether every transition was kept (false once there were too many). */
    boolean kept() {
        return edges != null;
    }

    long bytes() {
        return edges == null ? 0 : 4L * edges.length;
    }

    /** The states among {@code 0..states-1} from which a state of {@code goal} is reachable (goal states included). */
    BitSet canReach(BitSet goal, int states) {
        int[] incomingCount = new int[states + 1];
        for (int e = 0; e < edgeCount; e += 2) {
            incomingCount[edges[e + 1] + 1]++;
        }
        for (int i = 0; i < states; i++) {
            incomingCount[i + 1] += incomingCount[i];
        }
        int[] sources = new int[edgeCount / 2];
        int[] fill = Arrays.copyOf(incomingCount, states);
        for (int e = 0; e < edgeCount; e += 2) {
            sources[fill[edges[e + 1]]++] = edges[e];
        }
        BitSet canReach = (BitSet) goal.clone();
        IntDeque work = new IntDeque();
        for (int s = goal.nextSetBit(0); s >= 0; s = goal.nextSetBit(s + 1)) {
            work.add(s);
        }
        while (!work.isEmpty()) {
            int s = work.removeFirst();
            for (int i = incomingCount[s]; i < incomingCount[s + 1]; i++) {
                int source = sources[i];
                if (!canReach.get(source)) {
                    canReach.set(source);
                    work.add(source);
                }
            }
        }
        return canReach;
    }
}
