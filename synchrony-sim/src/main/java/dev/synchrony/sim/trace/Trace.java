package dev.synchrony.sim.trace;

import dev.synchrony.core.NodeId;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * The record of a run: every event in the order the simulator processed it, which is a linearisation of
 * happened-before. Vector timestamps are computed on demand ({@link #vectorClocks()}), so that large runs pay
 * O(n) per event only when someone asks.
 *
 * <p>Events are stored column by column in primitive arrays, not as one object each: a long run keeps millions of
 * events, and one object per event made the garbage collector the simulator's main cost. {@link #events()} is a
 * view that builds each {@link TraceEvent} when asked.
 */
public final class Trace {

    private final List<NodeId> nodes;
    private final boolean keepEvents;
    private long[] times = new long[0];
    private long[] clocks = new long[0];
    private long[] lamports = new long[0];
    private long[] messageIds = new long[0];
    private int[] processes = new int[0];
    private int[] peers = new int[0];
    private byte[] kinds = new byte[0];
    private Object[] payloads = new Object[0];
    private boolean recordStates;
    /** Each process's display state after the handler an event started; null where none was recorded. */
    private Object[] states = new Object[0];

    private int stored;
    private final List<TraceEvent> view = new EventView();
    private static final EventKind[] KINDS = EventKind.values();
    private final long[] countsByKind = new long[EventKind.values().length];
    private long eventCount;
    private VectorClocks vectorClocks;

    public Trace(List<NodeId> nodes, boolean keepEvents) {
        this.nodes = List.copyOf(nodes);
        this.keepEvents = keepEvents;
    }

    public List<NodeId> nodes() {
        return nodes;
    }

    public NodeId node(int index) {
        return nodes.get(index);
    }

    /** False when the run kept only counts (very large runs): {@link #events()} is then empty. */
    public boolean complete() {
        return keepEvents;
    }

    /** Appends an event; its id must be {@link #nextId()}. */
    public void add(TraceEvent event) {
        if (event.id() != eventCount) {
            throw new IllegalArgumentException("trace event " + event.id() + " added as event " + eventCount);
        }
        add(
                event.timeNanos(),
                event.node(),
                event.kind(),
                event.clockNanos(),
                event.lamport(),
                event.peer(),
                event.messageId(),
                event.payload());
    }

    /** Appends the event that gets id {@link #nextId()}, without building a {@link TraceEvent}. */
    public void add(
            long timeNanos,
            int node,
            EventKind kind,
            long clockNanos,
            long lamport,
            int peer,
            long messageId,
            Object payload) {
        eventCount++;
        countsByKind[kind.ordinal()]++;
        if (!keepEvents) {
            return;
        }
        if (stored == times.length) {
            grow();
        }
        times[stored] = timeNanos;
        processes[stored] = node;
        kinds[stored] = (byte) kind.ordinal();
        clocks[stored] = clockNanos;
        lamports[stored] = lamport;
        peers[stored] = peer;
        messageIds[stored] = messageId;
        payloads[stored] = payload;
        stored++;
    }

    private void grow() {
        int capacity = Math.max(1024, times.length * 2);
        times = Arrays.copyOf(times, capacity);
        processes = Arrays.copyOf(processes, capacity);
        kinds = Arrays.copyOf(kinds, capacity);
        clocks = Arrays.copyOf(clocks, capacity);
        lamports = Arrays.copyOf(lamports, capacity);
        peers = Arrays.copyOf(peers, capacity);
        messageIds = Arrays.copyOf(messageIds, capacity);
        payloads = Arrays.copyOf(payloads, capacity);
        if (recordStates) {
            states = Arrays.copyOf(states, capacity);
        }
    }

    private final class EventView extends AbstractList<TraceEvent> implements RandomAccess {
        @Override
        public TraceEvent get(int index) {
            if (index < 0 || index >= stored) {
                throw new IndexOutOfBoundsException("event " + index + " of " + stored);
            }
            return new TraceEvent(
                    index,
                    times[index],
                    processes[index],
                    KINDS[kinds[index]],
                    clocks[index],
                    lamports[index],
                    peers[index],
                    messageIds[index],
                    payloads[index]);
        }

        @Override
        public int size() {
            return stored;
        }
    }

    /** Keep each process's display state after its events (see {@link #setState}); only for full traces. */
    public void recordStates(boolean record) {
        if (record && stored > 0) {
            throw new IllegalStateException("states must be asked for before the first event");
        }
        this.recordStates = record && keepEvents;
        if (recordStates) {
            states = new Object[times.length];
        }
    }

    public boolean recordsStates() {
        return recordStates;
    }

    /** Attaches the display state of the event's process after event {@code id} was handled. */
    public void setState(long id, java.util.Map<String, Object> state) {
        if (!recordStates) {
            return;
        }
        if (id < 0 || id >= stored) {
            throw new IndexOutOfBoundsException("state for event " + id + " of " + stored);
        }
        states[(int) id] = state;
    }

    /** The display state recorded with event {@code id}, or null. */
    @SuppressWarnings("unchecked")
    public java.util.Map<String, Object> state(long id) {
        if (!recordStates || id < 0 || id >= stored) {
            return null;
        }
        return (java.util.Map<String, Object>) states[(int) id];
    }

    /** The id the next event gets. */
    public long nextId() {
        return eventCount;
    }

    public List<TraceEvent> events() {
        return view;
    }

    public TraceEvent event(long id) {
        return view.get(Math.toIntExact(id));
    }

    public long size() {
        return eventCount;
    }

    public long count(EventKind kind) {
        return countsByKind[kind.ordinal()];
    }

    public List<TraceEvent> select(Predicate<TraceEvent> filter) {
        return view.stream().filter(filter).toList();
    }

    /** Events whose payload is an instance of {@code type}. */
    public <P> List<TraceEvent> withPayload(Class<P> type) {
        List<TraceEvent> matching = new java.util.ArrayList<>();
        for (int i = 0; i < stored; i++) {
            if (type.isInstance(payloads[i])) {
                matching.add(view.get(i));
            }
        }
        return matching;
    }

    public synchronized VectorClocks vectorClocks() {
        if (!keepEvents) {
            throw new IllegalStateException("this run kept only counts; rerun with --trace-detail full");
        }
        if (vectorClocks == null) {
            vectorClocks = VectorClocks.of(this);
        }
        return vectorClocks;
    }
}
