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
 * Leader election among the members of a cluster, run by the algorithm the configuration names (bully, ring):
 * every member hosts that algorithm's node, and this object follows its {@link LeaderElected} outputs.
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
    private final NodeHost host;
    private final NodeId self;
    private final List<Consumer<LeaderElected>> listeners = new CopyOnWriteArrayList<>();
    private volatile LeaderElected current;
    private volatile boolean resigned;
    private CompletableFuture<Long> leadership = new CompletableFuture<>();

    LeaderElection(String name, NodeHost host) {
        this.name = name;
        this.host = host;
        this.self = host.self();
        host.addOutputListener(output -> {
            if (output instanceof LeaderElected elected) {
                onElected(elected);
            }
        });
    }

    /**
     * The election's service name.
     *
     * @return the name the election was asked for by
     */
    public String name() {
        return name;
    }

    /**
     * Adds a listener, called with each new (leader, term) in increasing term order. It is first told the
     * current leader, if one is known, on the election's loop, so a listener added late misses nothing and hears
     * nothing twice. Close the returned subscription (or call {@link #removeListener}) to remove it.
     *
     * @param listener told of each new leader and term on the election's loop; it must return quickly
     * @return what removes the listener when closed
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

    /**
     * Removes a listener added with {@link #addListener} (no effect if it is not there).
     *
     * @param listener the listener to remove
     */
    public void removeListener(Consumer<LeaderElected> listener) {
        listeners.remove(listener);
    }

    /**
     * Whether this member leads: it was elected last and has not resigned since.
     *
     * @return true while this member is the leader it knows of
     */
    public boolean isLeader() {
        LeaderElected now = current;
        return !resigned && now != null && now.leader().equals(self);
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
            host.command(new ElectionCommand.Resign()).join();
        } catch (CompletionException e) {
            resigned = false;
            throw new UnsupportedOperationException(
                    "election " + name + " cannot resign: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Enters the race again after {@link #resign()} (the algorithm holds an election, which the heaviest wins). */
    public void stand() {
        resigned = false;
        host.command(new ElectionCommand.Stand()).join();
    }

    /**
     * Who this member believes leads (others may briefly believe otherwise: fence with the term).
     *
     * @return the leader of the latest term heard of here, or empty before any election ended here
     */
    public Optional<NodeId> currentLeader() {
        LeaderElected now = current;
        return now == null ? Optional.empty() : Optional.of(now.leader());
    }

    /**
     * The term of the current leader (0 before any election ended here).
     *
     * @return the term, which grows with each election and serves as a fencing token
     */
    public long term() {
        LeaderElected now = current;
        return now == null ? 0 : now.term();
    }

    /**
     * Completes with the term when this member becomes leader.
     *
     * @return a future of this member's term as leader (a new one after {@link #resign()})
     */
    public synchronized CompletableFuture<Long> leadershipAsync() {
        return leadership;
    }

    /**
     * Blocks until this member is leader; returns its term (use it as a fencing token).
     *
     * @return the term of this member's leadership
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public long awaitLeadership() throws InterruptedException {
        try {
            return leadershipAsync().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void onElected(LeaderElected elected) {
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
