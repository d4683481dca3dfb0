package dev.synchrony.api;

import dev.synchrony.catalog.Durations;
import dev.synchrony.multicast.Delivered;
import dev.synchrony.multicast.MulticastCommand;
import dev.synchrony.net.runtime.NodeHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What both ordered multicasts share: {@code publish(bytes)} gives the local node a {@link MulticastCommand.Publish};
 * each {@link Delivered} output goes to the listeners, in delivery order. The publisher receives its own messages
 * too, in their place in the order.
 *
 * <p><b>Back-pressure.</b> A member may have at most {@link #window()} of its own messages published and not yet
 * delivered back to it (service params {@code publish-window}, default {@value #DEFAULT_WINDOW}). When the window is
 * full, {@link #publish} blocks until one of them is delivered, as a JGroups channel blocks a sender that has run
 * out of flow-control credits, for at most {@code publish-timeout} (default 30s), and then throws
 * {@link WindowFullException}: a fast publisher is slowed to the pace of the order instead of filling memory, and
 * a stuck group (a crashed member under {@code total-order}, a crashed sequencer) shows up as an exception rather
 * than a thread blocked for ever. On the service's own event loop (inside a listener) {@code publish} cannot wait,
 * since the deliveries that free the window run on that loop: there it throws at once when the window is full.
 *
 * <p>What the window bounds: own messages between {@code publish} and their delivery here, which is everything this
 * member has put into the order and not seen come out (its command queue, its node's queue or batch, the frames
 * not yet ordered). Under {@code total-order} and {@code sequencer-total-order} a message is delivered back to its
 * publisher only once it has been ordered; under {@code causal} a publisher delivers its own message at once, so
 * the window bounds only the commands waiting for the event loop. It does not wait for the other members' delivery:
 * a member much slower than the publisher's own order path lags behind, its frames queued in the link layer.
 */
public abstract sealed class OrderedMulticast permits TotalOrderMulticast, CausalMulticast {

    /** The default of {@code publish-window}: own messages published and not yet delivered back. */
    public static final int DEFAULT_WINDOW = 1024;

    /** The default of {@code publish-timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The service params this API reads (the algorithm never sees them). */
    static final Set<String> WINDOW_PARAMS = Set.of("publish-window", "publish-timeout");

    /** Thrown by {@link #publish} when the window stayed full for the whole timeout (or could not be waited for). */
    public static final class WindowFullException extends RuntimeException {
        WindowFullException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** How many own messages may be on their way, and how long {@code publish} waits for room. */
    public record Window(int size, Duration timeout) {
        public Window {
            if (size < 1) {
                throw new IllegalArgumentException("publish-window: " + size + " is below 1");
            }
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("publish-timeout: " + timeout + " is negative");
            }
        }

        public static Window defaults() {
            return new Window(DEFAULT_WINDOW, DEFAULT_TIMEOUT);
        }

        /** The window that the service params {@code publish-window} and {@code publish-timeout} ask for. */
        static Window of(Map<String, String> params, String where) {
            int size = DEFAULT_WINDOW;
            String given = params.get("publish-window");
            if (given != null) {
                try {
                    size = Integer.parseInt(given.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            where + ".params.publish-window: '" + given + "' is not a whole number");
                }
            }
            Duration timeout = DEFAULT_TIMEOUT;
            String wait = params.get("publish-timeout");
            if (wait != null) {
                timeout = Duration.ofNanos(Durations.parseNanos(wait, where + ".params.publish-timeout"));
            }
            try {
                return new Window(size, timeout);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".params." + e.getMessage(), e);
            }
        }
    }

    private final String name;
    private final NodeHost host;
    private final Window window;
    private final Semaphore room;
    private final List<MulticastListener> listeners = new CopyOnWriteArrayList<>();

    OrderedMulticast(String name, NodeHost host, Window window) {
        this.name = name;
        this.host = host;
        this.window = window;
        this.room = new Semaphore(window.size());
        host.addOutputListener(output -> {
            if (output instanceof Delivered delivered) {
                if (delivered.origin().equals(host.self())) {
                    room.release();
                }
                if (delivered.payload() instanceof byte[] bytes) {
                    listeners.forEach(l -> l.delivered(delivered.origin(), delivered.sequence(), bytes.clone()));
                }
            }
        });
    }

    public String name() {
        return name;
    }

    /** The back-pressure window of this service. */
    public Window window() {
        return window;
    }

    /** Own messages published and not yet delivered back to this member (at most {@link #window()}'s size). */
    public int inFlight() {
        return window.size() - room.availablePermits();
    }

    public void addListener(MulticastListener listener) {
        listeners.add(listener);
    }

    /**
     * Multicasts a copy of {@code payload} to every member, this one included. Blocks while {@link #window()} own
     * messages are on their way (see the class comment); the future completes when the local node has taken the
     * message.
     *
     * @throws WindowFullException if the window stayed full for the timeout, if the thread was interrupted while
     *     waiting (its interrupt status is kept), or at once when called on the service's event loop with the
     *     window full
     */
    public CompletableFuture<Void> publish(byte[] payload) {
        acquire();
        CompletableFuture<Void> taken = host.command(new MulticastCommand.Publish(payload.clone()));
        taken.whenComplete((done, failure) -> {
            if (failure != null) {
                room.release(); // never ordered, never delivered
            }
        });
        return taken;
    }

    private void acquire() {
        if (room.tryAcquire()) {
            return;
        }
        if (host.loop().inEventLoop()) {
            throw new WindowFullException(
                    name + ": publish-window of " + window.size() + " own messages is full and publish was called"
                            + " on the service's event loop, where it cannot wait for them to be delivered",
                    null);
        }
        try {
            if (!room.tryAcquire(window.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new WindowFullException(
                        name + ": publish-window of " + window.size() + " own messages still full after "
                                + window.timeout().toMillis() + " ms (publish-timeout): the group is not delivering",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WindowFullException(
                    name + ": interrupted while waiting for room in the publish-window of " + window.size(), e);
        }
    }
}
