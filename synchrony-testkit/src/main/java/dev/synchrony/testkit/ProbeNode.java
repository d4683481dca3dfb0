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

    /**
     * The one message: a text, sent point to point or to all others.
     *
     * @param text what the receiver reports
     */
    public record Note(String text) {
        /**
         * Checks the text.
         *
         * @throws NullPointerException when it is null
         */
        public Note {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The one timer kind: a named alarm.
     *
     * @param name which alarm, so several can be set and cancelled apart
     */
    public record Alarm(String name) {
        /**
         * Checks the name.
         *
         * @throws NullPointerException when it is null
         */
        public Alarm {
            Objects.requireNonNull(name, "name");
        }
    }

    /** What the test asks the node to do. */
    public sealed interface Command {}

    /**
     * Send a {@link Note} to one member.
     *
     * @param to the receiver
     * @param text the note's text
     */
    public record Send(NodeId to, String text) implements Command {}

    /**
     * Send a {@link Note} to every other member ({@code Context.sendToOthers}).
     *
     * @param text the note's text
     */
    public record SendToOthers(String text) implements Command {}

    /**
     * Set the alarm {@code name} to fire after {@code delayNanos} of the node's clock.
     *
     * @param name the alarm
     * @param delayNanos its delay
     */
    public record SetAlarm(String name, long delayNanos) implements Command {}

    /**
     * Cancel every pending firing of the alarm {@code name}.
     *
     * @param name the alarm
     */
    public record CancelAlarm(String name) implements Command {}

    /** Report the node's clock ({@link ClockRead}). */
    public record ReadClock() implements Command {}

    /** Draw a number from the node's randomness and report it ({@link Drew}). */
    public record Draw() implements Command {}

    /**
     * Record {@code text} in the trace and deliver it ({@link Echo}), to check the order of outputs.
     *
     * @param text what to echo
     */
    public record Output(String text) implements Command {}

    /**
     * Write {@code text} to the process's stable storage.
     *
     * @param text what to keep
     */
    public record Store(String text) implements Command {}

    /** Read back what the process's stable storage holds. */
    public record Recall() implements Command {}

    /** What the node tells its application. */
    public sealed interface Observation {}

    /**
     * The node started (first start or recovery) and saw this identity and membership.
     *
     * @param self the id its context gave
     * @param members the membership its context gave
     */
    public record Started(NodeId self, List<NodeId> members) implements Observation {}

    /**
     * A {@link Note} arrived.
     *
     * @param from the sender its context named
     * @param text the note's text
     */
    public record Received(NodeId from, String text) implements Observation {}

    /**
     * An alarm fired, {@code elapsedNanos} on the node's clock after it was last set.
     *
     * @param name the alarm
     * @param elapsedNanos the node's clock since the alarm was last set, or -1 when this node never set it
     */
    public record Fired(String name, long elapsedNanos) implements Observation {}

    /**
     * The node's clock, when asked.
     *
     * @param nanos its reading
     */
    public record ClockRead(long nanos) implements Observation {}

    /**
     * A number drawn from the node's randomness.
     *
     * @param value the number
     */
    public record Drew(long value) implements Observation {}

    /**
     * The text of an {@link Output} command, delivered back.
     *
     * @param text the text
     */
    public record Echo(String text) implements Observation {}

    /**
     * The write of a {@link Store} returned (so it is durable).
     *
     * @param text what was written
     */
    public record Stored(String text) implements Observation {}

    /**
     * What the stable storage held when asked, if anything.
     *
     * @param text the text last stored, or empty when nothing was
     */
    public record Recalled(Optional<String> text) implements Observation {}

    /**
     * The runtime offers no stable storage; {@code message} is what it said.
     *
     * @param message the exception's message, which should name the runtime
     */
    public record NoStableStorage(String message) implements Observation {}

    /** When each alarm was last set, on the node's clock: its whole (volatile) state. */
    private final TreeMap<String, Long> alarmSetAt;

    /** A probe with no alarm set: a process at its first start. */
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
