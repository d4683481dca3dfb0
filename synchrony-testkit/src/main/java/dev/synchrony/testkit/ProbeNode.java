package dev.synchrony.testkit;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A node that does, on command, one thing its {@link Context} offers and tells its application what it saw, so
 * that a contract test can compare runtimes by their outputs alone. It holds no algorithm: every observation is a
 * direct report of what the context did.
 */
public final class ProbeNode implements Node<ProbeNode.Note, ProbeNode.Alarm, ProbeNode.Command> {

    /** The one message: a text, sent point to point or to all others. */
    public record Note(String text) {
        public Note {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The one timer kind: a named alarm. */
    public record Alarm(String name) {
        public Alarm {
            Objects.requireNonNull(name, "name");
        }
    }

    /** What the test asks the node to do. */
    public sealed interface Command {}

    public record Send(NodeId to, String text) implements Command {}

    public record SendToOthers(String text) implements Command {}

    public record SetAlarm(String name, long delayNanos) implements Command {}

    public record CancelAlarm(String name) implements Command {}

    public record ReadClock() implements Command {}

    public record Draw() implements Command {}

    public record Output(String text) implements Command {}

    /** Write {@code text} to the process's stable storage. */
    public record Store(String text) implements Command {}

    /** Read back what the process's stable storage holds. */
    public record Recall() implements Command {}

    /** What the node tells its application. */
    public sealed interface Observation {}

    /** The node started (first start or recovery) and saw this identity and membership. */
    public record Started(NodeId self, List<NodeId> members) implements Observation {}

    public record Received(NodeId from, String text) implements Observation {}

    /** An alarm fired, {@code elapsedNanos} on the node's clock after it was last set. */
    public record Fired(String name, long elapsedNanos) implements Observation {}

    public record ClockRead(long nanos) implements Observation {}

    public record Drew(long value) implements Observation {}

    public record Echo(String text) implements Observation {}

    /** The write of a {@link Store} returned (so it is durable). */
    public record Stored(String text) implements Observation {}

    /** What the stable storage held when asked, if anything. */
    public record Recalled(Optional<String> text) implements Observation {}

    /** The runtime offers no stable storage; {@code message} is what it said. */
    public record NoStableStorage(String message) implements Observation {}

    /** When each alarm was last set, on the node's clock: its whole (volatile) state. */
    private final TreeMap<String, Long> alarmSetAt;

    public ProbeNode() {
        this(new TreeMap<>());
    }

    private ProbeNode(TreeMap<String, Long> alarmSetAt) {
        this.alarmSetAt = alarmSetAt;
    }

    @Override
    public void onStart(Context<Note, Alarm> context) {
        context.deliver(new Started(context.self(), List.copyOf(context.members())));
    }

    @Override
    public void onMessage(NodeId from, Note message, Context<Note, Alarm> context) {
        context.deliver(new Received(from, message.text()));
    }

    @Override
    public void onTimer(Alarm timer, Context<Note, Alarm> context) {
        long setAt = alarmSetAt.getOrDefault(timer.name(), Long.MIN_VALUE);
        context.deliver(new Fired(timer.name(), setAt == Long.MIN_VALUE ? -1 : context.localTimeNanos() - setAt));
    }

    @Override
    public void onCommand(Command command, Context<Note, Alarm> context) {
        switch (command) {
            case Send send -> context.send(send.to(), new Note(send.text()));
            case SendToOthers all -> context.sendToOthers(new Note(all.text()));
            case SetAlarm set -> {
                alarmSetAt.put(set.name(), context.localTimeNanos());
                context.setTimer(new Alarm(set.name()), set.delayNanos());
            }
            case CancelAlarm cancel -> context.cancelTimer(new Alarm(cancel.name()));
            case ReadClock read -> context.deliver(new ClockRead(context.localTimeNanos()));
            case Draw draw -> context.deliver(new Drew(context.random().nextLong()));
            case Output output -> {
                context.record(new Echo(output.text()));
                context.deliver(new Echo(output.text()));
            }
            case Store store ->
                storage(context, () -> {
                    context.stableStorage().write(STORAGE_KEY, store.text().getBytes(StandardCharsets.UTF_8));
                    context.deliver(new Stored(store.text()));
                });
            case Recall recall ->
                storage(
                        context,
                        () -> context.deliver(new Recalled(context.stableStorage()
                                .read(STORAGE_KEY)
                                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)))));
        }
    }

    private static final String STORAGE_KEY = "probe";

    /** Runs a use of stable storage, reporting a runtime that has none instead of failing the handler. */
    private static void storage(Context<Note, Alarm> context, Runnable use) {
        try {
            use.run();
        } catch (UnsupportedOperationException e) {
            context.deliver(new NoStableStorage(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public ProbeNode copy() {
        return new ProbeNode(new TreeMap<>(alarmSetAt));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProbeNode probe && probe.alarmSetAt.equals(alarmSetAt);
    }

    @Override
    public int hashCode() {
        return alarmSetAt.hashCode();
    }

    @Override
    public String toString() {
        return "ProbeNode" + alarmSetAt;
    }
}
