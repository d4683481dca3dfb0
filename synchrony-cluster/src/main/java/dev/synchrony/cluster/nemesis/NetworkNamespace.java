package dev.synchrony.cluster.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace of the run's own ({@code ip netns add}), with its loopback up: every member runs inside it
 * on its own loopback address (127.0.0.1, .2, ...), and packet filters and queueing disciplines set inside it touch
 * nothing of the machine's own network. Deleted on close (and, should the launcher be stopped, by a shutdown hook).
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final Thread cleanup;
    private boolean closed;

    private NetworkNamespace(String name) {
        this.name = name;
        this.cleanup = new Thread(this::delete, "delete " + name);
    }

    /**
     * Why namespaces cannot be made here, in one line (not root, or ip or nft missing), or empty when they can.
     * Tests turn this into a JUnit assumption; the command refuses with it.
     */
    public static Optional<String> unavailable() {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return Optional.of("network namespaces need Linux (this is " + System.getProperty("os.name") + ")");
        }
        if (!Commands.root()) {
            return Optional.of("network namespaces and packet filters need root (run as uid 0)");
        }
        for (String tool : List.of("ip", "nft")) {
            if (Commands.find(tool).isEmpty()) {
                return Optional.of("'" + tool + "' is not installed (Debian: apt-get install "
                        + (tool.equals("ip") ? "iproute2" : "nftables") + ")");
            }
        }
        return Optional.empty();
    }

    /** Creates the namespace and brings its loopback up. */
    public static NetworkNamespace create() {
        unavailable().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        String name = "synchrony-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Commands.run("ip", "netns", "add", name);
        NetworkNamespace namespace = new NetworkNamespace(name);
        Runtime.getRuntime().addShutdownHook(namespace.cleanup);
        try {
            namespace.run("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            namespace.close();
            throw e;
        }
        return namespace;
    }

    public String name() {
        return name;
    }

    /** {@code command} as run inside the namespace ({@code ip netns exec NAME ...}: the same process, no fork). */
    public List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /** Runs a tool inside the namespace and waits for it. */
    public String run(String... command) {
        return Commands.run(inside(List.of(command)), "");
    }

    /** Runs a tool inside the namespace with {@code input} on its standard input. */
    String runWithInput(String input, String... command) {
        return Commands.run(inside(List.of(command)), input);
    }

    /** Whether the kernel offers tc's netem queueing discipline (needed for delay; loss works without it). */
    public boolean hasNetem() {
        if (Commands.find("tc").isEmpty()) {
            return false;
        }
        try {
            run("tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "0ms");
            run("tc", "qdisc", "del", "dev", "lo", "root");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private synchronized void delete() {
        if (!closed) {
            closed = true;
            try {
                Commands.run("ip", "netns", "del", name);
            } catch (IllegalStateException e) {
                System.err.println(
                        "synchrony cluster: could not delete network namespace " + name + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running, and deletes it
        }
    }
}
