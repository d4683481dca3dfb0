package dev.synchrony.net.runtime;

import dev.synchrony.core.Context;
import dev.synchrony.core.LocalClock;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.core.StableStorage;
import dev.synchrony.link.LinkReset;
import dev.synchrony.link.LinkTimer;
import dev.synchrony.link.SpuriousRetransmission;
import dev.synchrony.net.clock.SoftwareClock;
import dev.synchrony.net.codec.WireCodec;
import dev.synchrony.net.metrics.RuntimeMetrics;
import dev.synchrony.net.storage.FileNames;
import dev.synchrony.net.storage.FileStableStorage;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Hosts one I/O-free {@link Node} on one Netty event loop and is the {@link Context} it acts through. Every input
 * of the node (start, a message, a timer, an application command) runs on that loop, one at a time, so the
 * algorithm needs no lock; its outputs go to listeners, called on the loop too.
 *
 * <ul>
 *   <li>{@code send}: to itself, a later task on the loop; to a peer, encoded here and written to the
 *   {@link Member}'s authenticated link to that peer (lost when the link is down and its queue is full: the
 *   channel beneath is unreliable unless a link layer is stacked under the algorithm).</li>
 *   <li>{@code setTimer}: {@code EventLoop.schedule}, the delay converted from the node's clock to real time;
 *   cancelling cancels every pending firing of an equal timer.</li>
 *   <li>{@code clock()}: a {@link SoftwareClock} (slewable, steppable; the machine's clock is never set).</li>
 *   <li>{@code random()}: a generator seeded from the cluster seed and the member's id.</li>
 *   <li>{@code stableStorage()}: a {@link FileStableStorage} in the member's storage directory, in a
 *   subdirectory of this service (so two services' keys never collide); each write is fsync'd on the node's loop
 *   before it returns, so the node blocks for a disk flush, which is the price of "durable before the message
 *   that depends on it leaves".</li>
 * </ul>
 * Messages that arrive before the node has started wait and are handed over right after {@code onStart}.
 * A handler that throws is logged and the node keeps serving: one bad input never takes a member down.
 */
public final class NodeHost implements Context<Object, Object> {

    private final Member member;
    private final String service;
    private final int serviceIndex;
    private final NodeId self;
    private final int selfIndex;
    private final List<NodeId> members;
    private final EventLoop loop;
    private final SoftwareClock clock;
    private final RandomGenerator random;
    private final WireCodec codec;
    private final TraceSink trace;
    private final RuntimeMetrics metrics;
    private final Node<Object, Object, Object> node;
    private final List<Consumer<Object>> outputListeners = new CopyOnWriteArrayList<>();
    private final Map<Object, List<ScheduledFuture<?>>> timers = new HashMap<>();
    private final ArrayDeque<Runnable> beforeStart = new ArrayDeque<>();
    private boolean started;
    private volatile boolean stopped;
    private long lamport;
    private long sendSequence;
    private long handlerFailures;
    private int handlerDepth;
    private final List<io.netty.channel.Channel> toFlush = new ArrayList<>(4);
    private FileStableStorage storage;

    @SuppressWarnings("unchecked")
    NodeHost(
            Member member,
            String service,
            int serviceIndex,
            Node<?, ?, ?> node,
            WireCodec codec,
            EventLoop loop,
            SoftwareClock clock,
            long seed,
            TraceSink trace) {
        this.member = member;
        this.service = service;
        this.serviceIndex = serviceIndex;
        this.self = member.self();
        this.members = member.memberIds();
        this.selfIndex = members.indexOf(self);
        this.node = (Node<Object, Object, Object>) Objects.requireNonNull(node, "node");
        this.codec = codec;
        this.loop = loop;
        this.clock = clock;
        this.random =
                new SplittableRandom(seed * 0x9E3779B97F4A7C15L + self.name().hashCode() * 31L + serviceIndex);
        this.trace = trace;
        this.metrics = member.metrics();
    }

    /**
     * Where the member counts; the API adds its locks' and elections' figures here.
     *
     * @return the member's metrics
     */
    public RuntimeMetrics metrics() {
        return metrics;
    }

    /**
     * The service this host runs the node of.
     *
     * @return the service's name
     */
    public String service() {
        return service;
    }

    /**
     * The event loop every input of the node is handled on, one at a time.
     *
     * @return the node's loop
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * The codec the node's messages travel in.
     *
     * @return the service's codec
     */
    public WireCodec codec() {
        return codec;
    }

    int serviceIndex() {
        return serviceIndex;
    }

    /**
     * Called with every output the node delivers, on the node's loop.
     *
     * @param listener given each output; it must return quickly and never block
     */
    public void addOutputListener(Consumer<Object> listener) {
        outputListeners.add(listener);
    }

    /**
     * Gives the node an application command on its loop. The future completes when the handler has run (or
     * fails with what it threw); the command's effects come as outputs.
     *
     * <p>Commands run in the order they were given (from any mix of threads). Off the loop they wait in a queue
     * that one task drains: commands given while it is pending (e.g. an unlock's release and the next lock's
     * request) cost one wake-up of the loop and leave in one flush. On the loop a command runs at once, after
     * any that are still queued.
     *
     * @param command one of the node's commands
     * @return a future that completes when the node has handled it
     */
    public CompletableFuture<Void> command(Object command) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (loop.inEventLoop()) {
            handlerDepth++;
            try {
                drainCommands();
                acceptCommand(command, done);
            } finally {
                endHandler();
            }
            return done;
        }
        pendingCommands.add(new PendingCommand(command, done));
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(drainTask);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                drainScheduled.set(false);
                PendingCommand dropped;
                while ((dropped = pendingCommands.poll()) != null) {
                    dropped.done()
                            .completeExceptionally(new IllegalStateException(
                                    self + "/" + service + " is stopped: its event loop has shut down"));
                }
            }
        }
        return done;
    }

    private record PendingCommand(Object command, CompletableFuture<Void> done) {}

    private final java.util.concurrent.ConcurrentLinkedQueue<PendingCommand> pendingCommands =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable drainTask = () -> {
        handlerDepth++;
        try {
            drainScheduled.set(false);
            drainCommands();
        } finally {
            endHandler();
        }
    };

    /** On the loop: runs every queued command, in order (a command queued meanwhile runs too). */
    private void drainCommands() {
        PendingCommand next;
        while ((next = pendingCommands.poll()) != null) {
            acceptCommand(next.command(), next.done());
        }
    }

    private void acceptCommand(Object command, CompletableFuture<Void> done) {
        if (stopped) {
            done.completeExceptionally(new IllegalStateException(self + "/" + service + " is stopped"));
            return;
        }
        if (!started) {
            beforeStart.add(() -> runCommand(command, done));
            return;
        }
        runCommand(command, done);
    }

    private void runCommand(Object command, CompletableFuture<Void> done) {
        event("command", -1, -1, command);
        handlerDepth++;
        try {
            node.onCommand(command, this);
            done.complete(null);
        } catch (RuntimeException e) {
            handlerFailures++;
            member.warn("node " + self + "/" + service + " refused command " + command + ": " + e.getMessage());
            done.completeExceptionally(e);
        } finally {
            endHandler();
        }
    }

    /**
     * Inside a handler, frames are written without a flush and flushed together when the outermost handler
     * returns: a message and the acknowledgement of the link layer beneath travel in one TCP segment.
     */
    boolean batching() {
        return handlerDepth > 0;
    }

    /**
     * Holds the flushes of frames written on this loop until {@link #releaseFlushes()}: the member calls these
     * around a burst of frames read from one connection, so every answer to the burst leaves in one write.
     */
    void holdFlushes() {
        handlerDepth++;
    }

    void releaseFlushes() {
        endHandler();
    }

    void flushLater(io.netty.channel.Channel channel) {
        if (!toFlush.contains(channel)) {
            toFlush.add(channel);
        }
    }

    private void endHandler() {
        if (--handlerDepth == 0 && !toFlush.isEmpty()) {
            for (io.netty.channel.Channel channel : toFlush) {
                channel.flush();
            }
            toFlush.clear();
        }
    }

    /**
     * Runs {@code task} on the node's loop (at once when called from it).
     *
     * @param task what to run, with no other input of the node handled meanwhile
     */
    public void runOnLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /**
     * Runs a query of the node's state on its loop, e.g.
     * {@code host.inspect(n -> ((MutexParticipant) n).inCriticalSection())}.
     *
     * @param <R> what the query returns
     * @param query reads the node; it must not change it
     * @return a future of the query's result, or of what it threw
     */
    public <R> CompletableFuture<R> inspect(java.util.function.Function<Node<?, ?, ?>, R> query) {
        CompletableFuture<R> result = new CompletableFuture<>();
        runOnLoop(() -> {
            try {
                result.complete(query.apply(node));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    void start() {
        runOnLoop(() -> {
            if (started || stopped) {
                return;
            }
            started = true;
            event("start", -1, -1, null);
            guarded(() -> "start", () -> node.onStart(this));
            while (!beforeStart.isEmpty()) {
                beforeStart.poll().run();
            }
        });
    }

    /** Stops handling inputs: pending timers are cancelled, later messages and commands are dropped. */
    CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        runOnLoop(() -> {
            stopped = true;
            timers.values().forEach(list -> list.forEach(f -> f.cancel(false)));
            timers.clear();
            beforeStart.clear();
            done.complete(null);
        });
        return done;
    }

    /**
     * Whether the host has stopped handling inputs (its member is closing).
     *
     * @return true once stopped
     */
    public boolean stopped() {
        return stopped;
    }

    /** A message from the network (or from itself), on any thread. */
    void receive(NodeId from, long senderLamport, long messageId, Object message) {
        runOnLoop(() -> {
            if (stopped) {
                return;
            }
            if (!started) {
                beforeStart.add(() -> handleReceive(from, senderLamport, messageId, message));
                return;
            }
            handleReceive(from, senderLamport, messageId, message);
        });
    }

    private void handleReceive(NodeId from, long senderLamport, long messageId, Object message) {
        lamport = Math.max(lamport, senderLamport);
        event("receive", members.indexOf(from), messageId, message);
        if (!from.equals(self)) {
            metrics.messageReceived(service, from);
        }
        // The description is built only when the handler fails: every message's toString on every receive cost 5% of
        // the event loop under a saturating multicast (JFR, issue 12).
        guarded(() -> "message " + message + " from " + from, () -> node.onMessage(from, message, this));
    }

    private void guarded(java.util.function.Supplier<String> what, Runnable handler) {
        handlerDepth++;
        try {
            handler.run();
        } catch (RuntimeException e) {
            handlerFailures++;
            member.warn("node " + self + "/" + service + " failed handling " + what.get() + ": " + e);
        } finally {
            endHandler();
        }
    }

    /**
     * How many handler calls threw (logged, and the node kept serving).
     *
     * @return the failures so far
     */
    public long handlerFailures() {
        return handlerFailures;
    }

    private void event(String kind, int peer, long messageId, Object payload) {
        lamport++;
        if (trace != null) {
            trace.event(self, kind, clock.nanos(), lamport, peer < 0 ? null : members.get(peer), messageId, payload);
        }
    }

    private void requireLoop(String what) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException(what + " called off " + self + "'s event loop: only the node's handlers act"
                    + " through its context");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Context

    @Override
    public NodeId self() {
        return self;
    }

    @Override
    public List<NodeId> members() {
        return members;
    }

    @Override
    public void send(NodeId to, Object message) {
        requireLoop("send");
        if (stopped) {
            return;
        }
        int peer = members.indexOf(to);
        if (peer < 0) {
            throw new IllegalArgumentException(self + " sent " + message + " to " + to + ", which is not a member");
        }
        long messageId = ((long) selfIndex << 40) | ++sendSequence;
        event("send", peer, messageId, message);
        long stamp = lamport;
        if (to.equals(self)) {
            loop.execute(() -> receive(self, stamp, messageId, message));
            return;
        }
        metrics.messageSent(service, to);
        if (!member.send(to, serviceIndex, stamp, messageId, message, codec, this)) {
            if (trace != null) {
                trace.event(self, "loss", clock.nanos(), 0, to, messageId, message);
            }
        }
    }

    @Override
    public void setTimer(Object timer, long delayNanos) {
        requireLoop("setTimer");
        if (delayNanos < 0) {
            throw new IllegalArgumentException("negative timer delay " + delayNanos + " for " + timer);
        }
        if (stopped) {
            return;
        }
        long realDelay = clock.realDelayFor(delayNanos);
        List<ScheduledFuture<?>> pending = timers.computeIfAbsent(timer, t -> new ArrayList<>(1));
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = loop.schedule(() -> fire(timer, self[0]), realDelay, TimeUnit.NANOSECONDS);
        pending.add(self[0]);
    }

    private void fire(Object timer, ScheduledFuture<?> firing) {
        List<ScheduledFuture<?>> pending = timers.get(timer);
        if (stopped || pending == null || !pending.remove(firing)) {
            return;
        }
        if (pending.isEmpty()) {
            timers.remove(timer);
        }
        event("timer", -1, -1, timer);
        if (timer instanceof LinkTimer.Retransmit<?> retransmit) {
            metrics.retransmission(service, retransmit.peer());
        }
        guarded(() -> "timer " + timer, () -> node.onTimer(timer, this));
    }

    @Override
    public void cancelTimer(Object timer) {
        requireLoop("cancelTimer");
        List<ScheduledFuture<?>> pending = timers.remove(timer);
        if (pending != null) {
            pending.forEach(f -> f.cancel(false));
        }
    }

    @Override
    public LocalClock clock() {
        return clock;
    }

    /**
     * The node's clock with its runtime controls (rate, real delays), for clock demonstrations and tests.
     *
     * @return the same clock as {@link #clock()}
     */
    public SoftwareClock softwareClock() {
        return clock;
    }

    @Override
    public StableStorage stableStorage() {
        requireLoop("stableStorage");
        if (storage == null) {
            storage = new FileStableStorage(member.storageDirectory().resolve("service-" + FileNames.encode(service)));
        }
        return storage;
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public void deliver(Object output) {
        event("deliver", -1, -1, output);
        for (Consumer<Object> listener : outputListeners) {
            try {
                listener.accept(output);
            } catch (RuntimeException e) {
                member.warn("output listener of " + self + "/" + service + " failed on " + output + ": " + e);
            }
        }
    }

    @Override
    public void record(Object event) {
        event("internal", -1, -1, event);
        if (event instanceof SpuriousRetransmission spurious) {
            metrics.spuriousRetransmission(service, spurious.peer(), spurious.copies());
        }
        if (event instanceof LinkReset reset) {
            // A link layer that drops messages must not do it silently: the operator learns which peer and how many.
            member.log(
                    switch (reset.reason()) {
                        case GAVE_UP ->
                            "link layer of " + service + " gave up on " + reset.peer() + ": " + reset.droppedMessages()
                                    + " unacknowledged messages dropped after its retransmission bound";
                        case PEER_RESTARTED ->
                            "link layer of " + service + " to " + reset.peer() + " started afresh: "
                                    + "the peer restarted; " + reset.droppedMessages()
                                    + " messages for its old incarnation dropped";
                    });
        }
    }

    @Override
    public String toString() {
        return self + "/" + service;
    }
}
