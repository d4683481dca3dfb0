package dev.synchrony.sim.trace;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * The record of a run: every event in the order the simulator processed it, which is a linearisation of
 * happened-before. Vector timestamps are computed on demand ({@link #vectorClocks()}), so that large runs pay
 * O(n) per event only when someone asks.
 */
public final class Trace {

    private final List<NodeId> nodes;
    private final boolean keepEvents;
    private final List<TraceEvent> events = new ArrayList<>();
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

    public void add(TraceEvent event) {
        eventCount++;
        countsByKind[event.kind().ordinal()]++;
        if (keepEvents) {
            events.add(event);
        }
    }

    /** The id the next event gets. */
    public long nextId() {
        return eventCount;
    }

    public List<TraceEvent> events() {
        return Collections.unmodifiableList(events);
    }

    public TraceEvent event(long id) {
        return events.get(Math.toIntExact(id));
    }

    public long size() {
        return eventCount;
    }

    public long count(EventKind kind) {
        return countsByKind[kind.ordinal()];
    }

    public List<TraceEvent> select(Predicate<TraceEvent> filter) {
        return events.stream().filter(filter).toList();
    }

    /** Events whose payload is an instance of {@code type}. */
    public <P> List<TraceEvent> withPayload(Class<P> type) {
        return select(e -> type.isInstance(e.payload()));
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
