package dev.synchrony.mutex;

import dev.synchrony.core.Context;
import dev.synchrony.core.LayeredContext;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Any number of locks, each known by a name and made on first use, in one node: the lecture's centralized
 * algorithm ({@link CentralizedMutex}) once per name, multiplexed over the same links. The coordinator of a name
 * is the member its hash picks ({@link #coordinatorOf}), so the names spread over the members instead of all
 * queueing at one.
 *
 * <p>Memory stays bounded by the locks in use, not by the names ever used: after each step a lock with nothing
 * to remember ({@link CentralizedMutex#idle()}: no request of this process, and as coordinator no holder and
 * nobody queued) is dropped, and made again when its name comes back. What an idle lock must not forget is its
 * fencing token, which has to keep increasing: a coordinator remembers one number for all its names, the largest
 * token it ever granted, and a lock made again starts above it. A message for a dropped lock meets a fresh one
 * that behaves as the dropped one would have: a release from a process that no longer holds is ignored by the
 * coordinator, a grant for a request the process no longer has is handed back.
 *
 * <p>Fault model: the centralized algorithm's (no coordinator crash, no loss: run it over the reliable link).
 * Messages are {@link Named}, commands {@link Command}, outputs {@link Output}. Value semantics per {@link Node}.
 */
public final class NamedLocks implements Node<NamedLocks.Message, NoTimer, NamedLocks.Command> {

    /** The protocol: one lock's message, with the lock's name. */
    public sealed interface Message {}

    /**
     * {@code inner} is a message of the lock {@code name}.
     *
     * @param name the lock the message belongs to; the receiver makes that lock if it has dropped it
     * @param inner the centralized algorithm's message, as that one lock sent it
     */
    public record Named(String name, CentralizedMutex.Message inner) implements Message {
        /**
         * Checks that both parts are there.
         *
         * @throws NullPointerException naming the missing part
         */
        public Named {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(inner, "inner");
        }
    }

    /**
     * {@code command} for the lock {@code name}.
     *
     * @param name the lock the application means: any non-empty string, the same at every member for the same lock
     * @param command what it wants of that lock; its request number names the request within that lock
     */
    public record Command(String name, MutexCommand command) {
        /**
         * Checks the name and the command.
         *
         * @throws IllegalArgumentException if the name is null or empty
         * @throws NullPointerException if the command is null
         */
        public Command {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a lock name must not be empty");
            }
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * {@code output} of the lock {@code name}.
     *
     * @param name the lock that answers
     * @param output its grant, release or loss, with the request number the application gave in its command
     */
    public record Output(String name, MutexOutput output) {}

    private final Map<String, CentralizedMutex> locks;
    private long tokenFloor;

    /** A process with no lock in memory yet: each is made when its name is first used here. */
    public NamedLocks() {
        this(new HashMap<>(), 0);
    }

    private NamedLocks(Map<String, CentralizedMutex> locks, long tokenFloor) {
        this.locks = locks;
        this.tokenFloor = tokenFloor;
    }

    /**
     * The member that coordinates {@code name}: its hash over the members (String.hashCode is the same in every
     * JVM, so every member picks the same one without asking).
     *
     * @param name the lock's name
     * @param members the group in the order every member sees it ({@code context.members()})
     * @return the member whose queue the lock's requests join
     */
    public static NodeId coordinatorOf(String name, List<NodeId> members) {
        return members.get(Math.floorMod(name.hashCode(), members.size()));
    }

    @Override
    public void onStart(Context<Message, NoTimer> context) {
        // Nothing before the first name is used.
    }

    @Override
    public void onCommand(Command command, Context<Message, NoTimer> context) {
        step(command.name(), context, (lock, scoped) -> lock.onCommand(command.command(), scoped));
    }

    @Override
    public void onMessage(NodeId from, Message message, Context<Message, NoTimer> context) {
        switch (message) {
            case Named named ->
                step(named.name(), context, (lock, scoped) -> lock.onMessage(from, named.inner(), scoped));
        }
    }

    @Override
    public void onTimer(NoTimer timer, Context<Message, NoTimer> context) {
        // The centralized algorithm has no timers.
    }

    private interface Step {
        void run(CentralizedMutex lock, Context<CentralizedMutex.Message, NoTimer> scoped);
    }

    /** Runs one step of the lock {@code name} (made if absent), then drops it if it has nothing to remember. */
    private void step(String name, Context<Message, NoTimer> context, Step step) {
        CentralizedMutex lock = locks.get(name);
        if (lock == null) {
            lock = CentralizedMutex.resumed(coordinatorOf(name, context.members()), tokenFloor);
            locks.put(name, lock);
        }
        step.run(lock, new Scoped(name, context));
        if (lock.idle()) {
            locks.remove(name);
            tokenFloor = Math.max(tokenFloor, lock.grants());
        }
    }

    /** The context one named lock sees: its messages and outputs carry its name. */
    private static final class Scoped extends LayeredContext<CentralizedMutex.Message, NoTimer> {
        private final String name;
        private final Context<Message, NoTimer> below;

        Scoped(String name, Context<Message, NoTimer> below) {
            super(below);
            this.name = name;
            this.below = below;
        }

        @Override
        public void send(NodeId to, CentralizedMutex.Message message) {
            below.send(to, new Named(name, message));
        }

        @Override
        public void setTimer(NoTimer timer, long delayNanos) {
            throw new IllegalStateException("the centralized algorithm sets no timers");
        }

        @Override
        public void cancelTimer(NoTimer timer) {}

        @Override
        public void deliver(Object output) {
            below.deliver(new Output(name, (MutexOutput) output));
        }

        @Override
        public void record(Object event) {
            below.record(new NamedEvent(name, event));
        }
    }

    /**
     * A trace event of the lock {@code name}.
     *
     * @param name the lock that recorded it
     * @param event what the centralized algorithm recorded, e.g. a {@link CriticalSection.Entered}
     */
    public record NamedEvent(String name, Object event) {}

    /**
     * How many locks this process holds state for now (the others are idle and dropped).
     *
     * @return the locks with a request of this process, or (as coordinator) a holder or a queue; it follows the
     *     locks in use, not every name ever used
     */
    public int locksInMemory() {
        return locks.size();
    }

    /** The largest fencing token this process granted as coordinator of a lock it has since dropped. */
    long tokenFloor() {
        return tokenFloor;
    }

    @Override
    public NamedLocks copy() {
        Map<String, CentralizedMutex> copies = new HashMap<>();
        locks.forEach((name, lock) -> copies.put(name, lock.copy()));
        return new NamedLocks(copies, tokenFloor);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NamedLocks that && locks.equals(that.locks) && tokenFloor == that.tokenFloor;
    }

    @Override
    public int hashCode() {
        return Objects.hash(locks, tokenFloor);
    }

    @Override
    public String toString() {
        return "NamedLocks{" + locks.size() + " in memory, token floor " + tokenFloor + "}";
    }
}
