package dev.synchrony.explore;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * One global state of an exploration, decoded so that a step can change it in place: each process's node and
 * application (interned ids; a negative node id is a process that is down), the crashes so far, and the
 * multisets of pending timers and in-flight messages (interned ids). {@link #encode} packs it canonically for the
 * {@link StateStore}.
 */
final class GlobalState {
    final int[] nodeIds;
    final int[] appIds;
    int crashes;
    int[] timerIds;
    int timerCount;
    int[] envelopeIds;
    int envelopeCount;

    GlobalState(
            int[] nodeIds,
            int[] appIds,
            int crashes,
            int[] timerIds,
            int timerCount,
            int[] envelopeIds,
            int envelopeCount) {
        this.nodeIds = nodeIds;
        this.appIds = appIds;
        this.crashes = crashes;
        this.timerIds = timerIds;
        this.timerCount = timerCount;
        this.envelopeIds = envelopeIds;
        this.envelopeCount = envelopeCount;
    }

    GlobalState copy() {
        return new GlobalState(
                nodeIds.clone(),
                appIds.clone(),
                crashes,
                Arrays.copyOf(timerIds, timerCount + 4),
                timerCount,
                Arrays.copyOf(envelopeIds, envelopeCount + 4),
                envelopeCount);
    }

    boolean up(int index) {
        return nodeIds[index] >= 0;
    }

    void addEnvelope(int id) {
        if (envelopeCount == envelopeIds.length) {
            envelopeIds = Arrays.copyOf(envelopeIds, envelopeCount * 2 + 4);
        }
        envelopeIds[envelopeCount++] = id;
    }

    /** Removes the first occurrence, keeping the others in order (a FIFO link's order matters). */
    void removeEnvelope(int id) {
        for (int i = 0; i < envelopeCount; i++) {
            if (envelopeIds[i] == id) {
                System.arraycopy(envelopeIds, i + 1, envelopeIds, i, envelopeCount - i - 1);
                envelopeCount--;
                return;
            }
        }
        throw new IllegalStateException("no message " + id + " in flight");
    }

    void addTimer(int id) {
        if (timerCount == timerIds.length) {
            timerIds = Arrays.copyOf(timerIds, timerCount * 2 + 4);
        }
        timerIds[timerCount++] = id;
    }

    /** Removes one firing of timer {@code id}, or all of them. */
    int removeTimer(int id, boolean all) {
        int removed = 0;
        for (int i = 0; i < timerCount; ) {
            if (timerIds[i] == id) {
                timerIds[i] = timerIds[--timerCount];
                removed++;
                if (!all) {
                    return removed;
                }
            } else {
                i++;
            }
        }
        return removed;
    }

    /**
     * The packed form: node ids, application ids, crashes, timer count, sorted timers, sorted messages (with FIFO
     * links, grouped by {@code linkOf} in send order).
     */
    int encode(int[] into, boolean fifo, IntUnaryOperator linkOf) {
        int n = nodeIds.length;
        int at = 0;
        for (int i = 0; i < n; i++) {
            into[at++] = nodeIds[i];
        }
        for (int i = 0; i < n; i++) {
            into[at++] = appIds[i];
        }
        into[at++] = crashes;
        into[at++] = timerCount;
        System.arraycopy(timerIds, 0, into, at, timerCount);
        Arrays.sort(into, at, at + timerCount);
        at += timerCount;
        System.arraycopy(envelopeIds, 0, into, at, envelopeCount);
        if (fifo) {
            sortByLink(into, at, at + envelopeCount, linkOf);
        } else {
            Arrays.sort(into, at, at + envelopeCount);
        }
        return at + envelopeCount;
    }

    int encodedLength() {
        return 2 * nodeIds.length + 2 + timerCount + envelopeCount;
    }

    /** The state {@link #encode} packed, for a search that goes on from it. */
    static GlobalState decode(int[] packed, int length, int n) {
        int[] nodeIds = Arrays.copyOfRange(packed, 0, n);
        int[] appIds = Arrays.copyOfRange(packed, n, 2 * n);
        int crashes = packed[2 * n];
        int timerCount = packed[2 * n + 1];
        int timersStart = 2 * n + 2;
        int[] timerIds = Arrays.copyOfRange(packed, timersStart, timersStart + timerCount + 4);
        int envelopesStart = timersStart + timerCount;
        int envelopeCount = length - envelopesStart;
        int[] envelopeIds = Arrays.copyOfRange(packed, envelopesStart, envelopesStart + envelopeCount + 4);
        return new GlobalState(nodeIds, appIds, crashes, timerIds, timerCount, envelopeIds, envelopeCount);
    }

    /**
     * Groups in-flight messages by link, keeping send order within each link (a stable insertion sort: the
     * arrays are short). The canonical form of FIFO channels: a sequence per link.
     */
    private static void sortByLink(int[] ids, int from, int to, IntUnaryOperator linkOf) {
        for (int i = from + 1; i < to; i++) {
            int id = ids[i];
            int key = linkOf.applyAsInt(id);
            int j = i - 1;
            while (j >= from && linkOf.applyAsInt(ids[j]) > key) {
                ids[j + 1] = ids[j];
                j--;
            }
            ids[j + 1] = id;
        }
    }
}
