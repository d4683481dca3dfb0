package dev.synchrony.api;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.net.runtime.NodeHost;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Leader election among the members of a cluster, run by the algorithm the configuration names (bully, ring):
 * every member hosts that algorithm's node, and this object follows its {@link LeaderElected} outputs.
 *
 * <p>Each new coordinator comes with a term that grows with every election and doubles as a fencing token: a
 * leader passes its term to a {@link FencedResource}, so a deposed leader that has not noticed yet cannot
 * overwrite its successor's work. This object never goes back to an older term: an output with a lower term
 * than one already seen (a late message) is ignored.
 *
 * <p>Thread-safe. Listeners run on the election's event loop: never block in them.
 */
public final class LeaderElection {

    private final String name;
    private final NodeHost host;
    private final NodeId self;
    private final List<Consumer<LeaderElected>> listeners = new CopyOnWriteArrayList<>();
    private volatile LeaderElected current;
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

    public boolean isLeader() {
        LeaderElected now = current;
        return now != null && now.leader().equals(self);
    }

    public Optional<NodeId> currentLeader() {
        LeaderElected now = current;
        return now == null ? Optional.empty() : Optional.of(now.leader());
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

    private void onElected(LeaderElected elected) {
        CompletableFuture<Long> becameLeader = null;
        synchronized (this) {
            LeaderElected before = current;
            if (before != null && (elected.term() < before.term()
                    || (elected.term() == before.term() && elected.leader().equals(before.leader())))) {
                return;
            }
            current = elected;
            if (elected.leader().equals(self)) {
                becameLeader = leadership;
            } else if (leadership.isDone()) {
                leadership = new CompletableFuture<>();
            }
        }
        if (becameLeader != null) {
            becameLeader.complete(elected.term());
        }
        listeners.forEach(listener -> listener.accept(elected));
    }
}
