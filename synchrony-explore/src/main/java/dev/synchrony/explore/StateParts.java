package dev.synchrony.explore;

import dev.synchrony.core.Node;
import java.util.List;

/**
 * The parts a global state is made of, each interned once so that a state is a short array of ids: node states,
 * what each process's application has seen and still has to ask, messages in flight, pending timers.
 */
final class StateParts {

    /** What the application of one process has seen and still has to ask. */
    record Application(List<Object> outputs, List<Object> pending) {}

    /** A message in flight. */
    record Envelope(int from, int to, Object message) {}

    /** A pending timer of one process. */
    record TimerEntry(int node, Object timer) {}

    final Interner<Node<Object, Object, Object>> nodes = new Interner<>();
    final Interner<Application> applications = new Interner<>();
    final Interner<Envelope> envelopes = new Interner<>();
    final Interner<TimerEntry> timers = new Interner<>();
}
