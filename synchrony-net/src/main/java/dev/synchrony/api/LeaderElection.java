package dev.synchrony.api;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.ElectionCommand;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.net.runtime.NodeHost;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among the members of a cluster: run by the algorithm a configured service names (bully, ring),
 * every member hosting that algorithm's node, this object following its {@link LeaderElected} outputs; or, for an
 * election asked for by name with no service ({@code member.election("reports")}), by holding the lease lock
 * {@code election/NAME} (see {@link LeaseElection}): the member that holds it leads, with the grant's fencing
 * token as its term, until it resigns or its lease is lost.
 *
 * <p>Each new coordinator comes with a term that grows with every election and doubles as a fencing token: a
 * leader passes its term to a {@link FencedResource}, so a deposed leader that has not noticed yet cannot
 * overwrite its successor's work. This object never goes back to an older term: an output with a lower term
 * than one already seen (a late message) is ignored.
 *
 * <p>{@link #resign()} steps down and keeps this member out of the race until {@link #stand()}; bully supports it
 * (the successor is elected once the others' failure detectors notice the silence), ring-election refuses it (see
 * {@link dev.synchrony.election.RingElection}).
 *
 * <p>Thread-safe. Listeners run on the election's event loop: never block in them.
 */
public final class LeaderElection {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final String name;
    private final Port host;
    private final NodeId self;
    private final List<Consumer<LeaderElected>> listeners = new CopyOnWriteArrayList<>();
    private volatile LeaderElected current;
    private volatile boolean resigned;
    private CompletableFuture<Long> leadership = new CompletableFuture<>();

    /** What the election runs on: a hosted election node, or a lease lock ({@link LeaseElection}). */
    interface Port {
        void runOnLoop(Runnable task);

        dev.synchrony.net.metrics.RuntimeMetrics metrics();

        /** Steps down and stays out; throws {@link CompletionException} (with why) if the algorithm cannot. */
        void resign();

        void stand();

        /** Whether this member may still act as the leader it was elected (a lease lock: its lease not over). */
        default boolean stillLeads() {
            return true;
        }
    }

    /** The election of a configured service: the hosted node's {@link LeaderElected} outputs. */
    LeaderElection(String name, NodeHost host) {
        this(name, host.self(), new Port() {
            @Override
            public void runOnLoop(Runnable task) {
                host.runOnLoop(task);
            }

            @Override
            public dev.synchrony.net.metrics.RuntimeMetrics metrics() {
                return host.metrics();
            }

            @Override
            public void resign() {
                host.command(new ElectionCommand.Resign()).join();
            }

            @Override
            public void stand() {
                host.command(new ElectionCommand.Stand()).join();
            }
        });
        host.addOutputListener(output -> {
            if (output instanceof LeaderElected elected) {
                onElected(elected);
            }
        });
    }

    /** An election on {@code port}, whose owner passes it each new leader ({@link #onElected}). */
    LeaderElection(String name, NodeId self, Port port) {
        this.name = name;
        this.host = port;
        this.self = self;
    }

    public String name() {
        return name;
    }

    /**
     * Adds a listener, called with each new (leader, term) in increasing term order. It is first told the
     * current leader, if one is known, on the election's loop, so a listener added late misses nothing and hears
     * nothing twice. Close the returned subscription (or call {@link #removeListener}) to remove it.
     */
    public Subscription addListener(Consumer<LeaderElected> listener) {
        host.runOnLoop(() -> {
            listeners.add(listener);
            LeaderElected now = current;
            if (now != null) {
                listener.accept(now);
            }
        });
        return () -> removeListener(listener);
    }

    /** Removes a listener added with {@link #addListener} (no effect if it is not there). */
    public void removeListener(Consumer<LeaderElected> listener) {
        listeners.remove(listener);
    }

    /**
     * Whether this member leads: it was elected last and has not resigned since (and, for an election on a lease
     * lock, its lease is not over on this member's clock).
     */
    public boolean isLeader() {
        LeaderElected now = current;
        return !resigned && now != null && now.leader().equals(self) && host.stillLeads();
    }

    /**
     * Steps down: {@link #isLeader()} is false from now on, the node stops leading and stays out of the race
     * (it still follows whoever is elected) until {@link #stand()}. Others may follow this member for a while
     * (bully: up to the failure detector's timeout plus an answer timeout) until a successor with a larger term
     * is elected, so a leader that resigns must stop using its term at once; the successor's larger term fences
     * any late write.
     *
     * @throws UnsupportedOperationException if the election's algorithm cannot resign (ring-election), with why
     */
    public void resign() {
        synchronized (this) {
            resigned = true;
            if (leadership.isDone()) {
                leadership = new CompletableFuture<>();
            }
        }
        LOG.info("{}: resigns from election {}", self, name);
        try {
            host.resign();
        } catch (CompletionException e) {
            resigned = false;
            throw new UnsupportedOperationException(
                    "election " + name + " cannot resign: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Enters the race again after {@link #resign()} (the algorithm holds an election, which the heaviest wins). */
    public void stand() {
        resigned = false;
        host.stand();
    }

    /**
     * The leader as last heard here. An election on a lease lock knows only whether this member leads: empty
     * when it does not (it cannot tell which other member holds the lock).
     */
    public Optional<NodeId> currentLeader() {
        LeaderElected now = current;
        if (now == null || (now.leader().equals(self) && !host.stillLeads())) {
            return Optional.empty();
        }
        return Optional.of(now.leader());
    }

    /** The term of the current leader (0 before any election ended here). */
    public long term() {
        LeaderElected now = current;
        return now == null ? 0 : now.term();
    }

    /** Completes with the term when this member becomes leader. */
    public synchronized CompletableFuture<Long> leadershipAsync() {
        return leadership;
    }

    /** Blocks until this member is leader; returns its term (use it as a fencing token). */
    public long awaitLeadership() throws InterruptedException {
        try {
            return leadershipAsync().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** This member no longer leads (an election on a lease lock lost its grant): wait for the next leadership. */
    synchronized void deposed(String reason) {
        if (leadership.isDone()) {
            leadership = new CompletableFuture<>();
        }
        LOG.info("{}: election {}: no longer leads: {}", self, name, reason);
    }

    void onElected(LeaderElected elected) {
        CompletableFuture<Long> becameLeader = null;
        synchronized (this) {
            LeaderElected before = current;
            if (before != null
                    && (elected.term() < before.term()
                            || (elected.term() == before.term()
                                    && elected.leader().equals(before.leader())))) {
                return;
            }
            current = elected;
            if (elected.leader().equals(self) && !resigned) {
                becameLeader = leadership;
            } else if (leadership.isDone()) {
                leadership = new CompletableFuture<>();
            }
        }
        host.metrics().leaderChanged(name, elected.leader(), elected.term());
        LOG.info("{}: election {} follows {} (term {})", self, name, elected.leader(), elected.term());
        if (becameLeader != null) {
            becameLeader.complete(elected.term());
        }
        listeners.forEach(listener -> listener.accept(elected));
    }
}
