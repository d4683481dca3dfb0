package dev.synchrony.explore;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * One global state of an exploration, decoded so that a step can change it in place: each process's node,
 * application and stable storage (interned ids; a negative node id is a process that is down), the crashes so far,
 * and the multisets of pending timers and in-flight messages (interned ids). A timed exploration adds the tick and
 * its one fault: who it strikes ({@link #faultSubject}: the cut-off side as a bit set for a partition, the process
 * for a pause; -1 when none is under way), the tick it ends, whether it has happened, and which resumed processes
 * have not acted yet ({@link #waking}). Within a tick the processes act in turn ({@link #turn}: those before it are
 * done for the tick), and for each {@link AtMostOne} invariant the state keeps which processes were X at some point
 * of this tick ({@link #believers}), so that every order of the tick's concurrent events is checked (see
 * {@link Explorer}). {@link #encode} packs it canonically for the {@link StateStore}.
 */
final class GlobalState {
    final int[] nodeIds;
    final int[] appIds;
    final int[] storageIds;
    int[] believers = NO_BELIEVERS;
    int crashes;
    int tick;
    int faultSubject = -1;
    int faultEnd;
    int faultUsed;
    int waking;
    int turn;
    int wakingAtTickStart;
    /** Whether any process has acted in the current tick (a fault starts only before that). */
    int acted;

    int[] timerIds;
    int timerCount;
    int[] envelopeIds;
    int envelopeCount;

    GlobalState(
            int[] nodeIds,
            int[] appIds,
            int[] storageIds,
            int crashes,
            int[] timerIds,
            int timerCount,
            int[] envelopeIds,
            int envelopeCount) {
        this.nodeIds = nodeIds;
        this.appIds = appIds;
        this.storageIds = storageIds;
        this.crashes = crashes;
        this.timerIds = timerIds;
        this.timerCount = timerCount;
        this.envelopeIds = envelopeIds;
        this.envelopeCount = envelopeCount;
    }

    GlobalState copy() {
        GlobalState copy = new GlobalState(
                nodeIds.clone(),
                appIds.clone(),
                storageIds.clone(),
                crashes,
                Arrays.copyOf(timerIds, timerCount + 4),
                timerCount,
                Arrays.copyOf(envelopeIds, envelopeCount + 4),
                envelopeCount);
        copy.copyTimeFrom(this);
        copy.believers = believers.length == 0 ? NO_BELIEVERS : believers.clone();
        return copy;
    }

    private void copyTimeFrom(GlobalState other) {
        tick = other.tick;
        faultSubject = other.faultSubject;
        faultEnd = other.faultEnd;
        faultUsed = other.faultUsed;
        waking = other.waking;
        turn = other.turn;
        wakingAtTickStart = other.wakingAtTickStart;
        acted = other.acted;
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
     * Header ints after the per-process ids: crashes, tick, fault subject, fault end, fault used, waking, turn,
     * waking at the tick's start, acted.
     */
    private static final int HEADER = 9;

    private static final int[] NO_BELIEVERS = new int[0];

    /**
     * The packed form: node ids, application ids, storage ids, the header, timer count, sorted timers, sorted
     * messages (with FIFO links, grouped by {@code linkOf} in send order).
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
        for (int i = 0; i < n; i++) {
            into[at++] = storageIds[i];
        }
        into[at++] = crashes;
        into[at++] = tick;
        into[at++] = faultSubject;
        into[at++] = faultEnd;
        into[at++] = faultUsed;
        into[at++] = waking;
        into[at++] = turn;
        into[at++] = wakingAtTickStart;
        into[at++] = acted;
        for (int mask : believers) {
            into[at++] = mask;
        }
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
        return 3 * nodeIds.length + HEADER + believers.length + 1 + timerCount + envelopeCount;
    }

    /** The state {@link #encode} packed, for a search that goes on from it. */
    static GlobalState decode(int[] packed, int length, int n, int tickInvariants) {
        int[] nodeIds = Arrays.copyOfRange(packed, 0, n);
        int[] appIds = Arrays.copyOfRange(packed, n, 2 * n);
        int[] storageIds = Arrays.copyOfRange(packed, 2 * n, 3 * n);
        int header = 3 * n;
        int crashes = packed[header];
        int timerCount = packed[header + HEADER + tickInvariants];
        int timersStart = header + HEADER + tickInvariants + 1;
        int[] timerIds = Arrays.copyOfRange(packed, timersStart, timersStart + timerCount + 4);
        int envelopesStart = timersStart + timerCount;
        int envelopeCount = length - envelopesStart;
        int[] envelopeIds = Arrays.copyOfRange(packed, envelopesStart, envelopesStart + envelopeCount + 4);
        GlobalState state =
                new GlobalState(nodeIds, appIds, storageIds, crashes, timerIds, timerCount, envelopeIds, envelopeCount);
        state.tick = packed[header + 1];
        state.faultSubject = packed[header + 2];
        state.faultEnd = packed[header + 3];
        state.faultUsed = packed[header + 4];
        state.waking = packed[header + 5];
        state.turn = packed[header + 6];
        state.wakingAtTickStart = packed[header + 7];
        state.acted = packed[header + 8];
        state.believers = tickInvariants == 0
                ? NO_BELIEVERS
                : Arrays.copyOfRange(packed, header + HEADER, header + HEADER + tickInvariants);
        return state;
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
