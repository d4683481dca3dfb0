package dev.synchrony.explore;

import dev.synchrony.core.Node;
import java.util.List;

/**
 * The parts a global state is made of, each interned once so that a state is a short array of ids: node states,
 * what each process's application has seen and still has to ask, what each process keeps on stable storage,
 * messages in flight, pending timers.
 */
final class StateParts {

    /** What the application of one process has seen and still has to ask. */
    record Application(List<Object> outputs, List<Object> pending) {}

    /**
     * A message in flight. In a timed exploration it may arrive from tick {@code earliest} and must have arrived
     * (or been lost) by tick {@code latest}; an untimed one has both 0.
     */
    record Envelope(int from, int to, Object message, int earliest, int latest) {
        Envelope(int from, int to, Object message) {
            this(from, to, message, 0, 0);
        }
    }

    /** A pending timer of one process; in a timed exploration it fires at tick {@code due}, else due is 0. */
    record TimerEntry(int node, Object timer, int due) {
        TimerEntry(int node, Object timer) {
            this(node, timer, 0);
        }
    }

    final Interner<Node<Object, Object, Object>> nodes = new Interner<>();
    final Interner<Application> applications = new Interner<>();
    final Interner<Envelope> envelopes = new Interner<>();
    final Interner<TimerEntry> timers = new Interner<>();
    final Interner<DurableValues> storages = new Interner<>();

    StateParts() {
        storages.intern(DurableValues.EMPTY); // id 0: a process that never wrote
    }
}
