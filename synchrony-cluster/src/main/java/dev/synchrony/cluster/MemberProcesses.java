package dev.synchrony.cluster;

import dev.synchrony.catalog.Durations;
import dev.synchrony.cluster.nemesis.Nemesis;
import dev.synchrony.cluster.nemesis.NetworkNamespace;
import dev.synchrony.core.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The member JVMs of one cluster run: how each is started (the same java and class path as this one, its clock's
 * rate and offset, inside the run's network namespace when there is one), its lives (a restart is a new JVM on the
 * same storage, with a trace folder and a log of its own), and which member leads according to their logs. While a
 * restarted member has not linked again, a hold file keeps every member running past its duration
 * ({@link MemberProcess#withHoldWhile}), so that a JVM that starts slowly still finds its peers.
 */
final class MemberProcesses implements Nemesis.Members {

    private static final Pattern LEADERSHIP = Pattern.compile(
            "^(n\\d+): (" + MemberProcess.LEADS + "|" + MemberProcess.LEADS_NO_MORE + "|follows) .*at mono (-?\\d+)$");

    /** How one member is started: its address and clock. */
    record Launch(NodeId id, String host, double rate, long offsetNanos) {}

    private final Map<NodeId, Launch> launches = new LinkedHashMap<>();
    private final Map<NodeId, List<Process>> lives = new LinkedHashMap<>();
    private final Path configFile;
    private final Path directory;
    private final List<String> javaOptions;
    private final boolean reliableLinks;
    private final long durationNanos;
    private final NetworkNamespace namespace;
    private long startedMono;
    /** When the latest restart was launched ({@link System#nanoTime()}), or 0 before any. */
    private long lastRestartMono;

    /** How long after the latest restart the hold is lifted even if a restarted member never said it started. */
    static final long HOLD_RELEASE_LIMIT_NANOS = 25_000_000_000L;

    /** How long the members stay on together after the restarted ones started their nodes. */
    static final long HOLD_GRACE_NANOS = 1_000_000_000L;

    MemberProcesses(
            List<Launch> launches,
            Path configFile,
            Path directory,
            List<String> javaOptions,
            boolean reliableLinks,
            long durationNanos,
            NetworkNamespace namespace) {
        launches.forEach(l -> this.launches.put(l.id(), l));
        this.configFile = configFile;
        this.directory = directory;
        this.javaOptions = List.copyOf(javaOptions);
        this.reliableLinks = reliableLinks;
        this.durationNanos = durationNanos;
        this.namespace = namespace;
    }

    /** Starts every member's first life. */
    void startAll() {
        for (NodeId id : launches.keySet()) {
            lives.put(id, new ArrayList<>(List.of(start(id, 0, durationNanos))));
        }
    }

    /** Notes when every member had started (the nemesis's and a restart's times count from then). */
    void startedAt(long mono) {
        this.startedMono = mono;
    }

    /** The trace folder of a life: {@code traces/} for the first, {@code traces/life-K/} for the K-th restart. */
    Path traces(int life) {
        return life == 0
                ? directory.resolve("traces")
                : directory.resolve("traces").resolve("life-" + life);
    }

    /** The log of a life: {@code ID.log} for the first, {@code ID-K.log} for the K-th restart. */
    Path log(NodeId id, int life) {
        return directory.resolve(life == 0 ? id + ".log" : id + "-" + life + ".log");
    }

    private Process start(NodeId id, int life, long runFor) {
        Launch launch = launches.get(id);
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        command.addAll(javaOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                MemberMain.class.getName(),
                "--config",
                configFile.toString(),
                "--id",
                id.name(),
                "--trace",
                traces(life).toString(),
                "--duration",
                Durations.format(runFor),
                "--clock-rate",
                Double.toString(launch.rate()),
                "--clock-offset",
                Long.toString(launch.offsetNanos()),
                "--hold-while",
                holdFile().toString()));
        if (reliableLinks) {
            command.add("--reliable-links");
        }
        if (namespace != null) {
            command = namespace.inside(command);
        }
        try {
            Files.createDirectories(traces(life));
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log(id, life).toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start member " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<NodeId> ids() {
        return List.copyOf(launches.keySet());
    }

    @Override
    public String address(NodeId id) {
        return launches.get(id).host();
    }

    @Override
    public Process process(NodeId id) {
        return lives.get(id).getLast();
    }

    /** Every life of every member, first lives first. */
    List<Process> all() {
        List<Process> all = new ArrayList<>();
        lives.values().forEach(all::addAll);
        return all;
    }

    /** How many times the member was started again. */
    int restarts(NodeId id) {
        return lives.get(id).size() - 1;
    }

    /** The file whose presence keeps the members on past their duration (see {@link #releaseHold}). */
    Path holdFile() {
        return directory.resolve("restarting.hold");
    }

    /**
     * A new life on the same storage, running until the others stop (at least 1 s). Until {@link #releaseHold},
     * the other members stay on past their duration for it.
     */
    @Override
    public Process restart(NodeId id) {
        try {
            if (!Files.exists(holdFile())) {
                Files.createFile(holdFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + holdFile() + ": " + e.getMessage(), e);
        }
        lastRestartMono = System.nanoTime();
        long left = startedMono + durationNanos - System.nanoTime();
        Process process = start(id, lives.get(id).size(), Math.max(1_000_000_000L, left));
        lives.get(id).add(process);
        return process;
    }

    /**
     * Once every restarted member's latest life has started its node (it prints so after linking with its peers,
     * or after giving up on them) or has exited, waits {@link #HOLD_GRACE_NANOS} and removes the hold file, so
     * that the members past their duration stop. Gives up waiting {@link #HOLD_RELEASE_LIMIT_NANOS} after the latest
     * restart. Without a restart there is no hold and this returns at once.
     */
    void releaseHold() {
        if (!Files.exists(holdFile())) {
            return;
        }
        long limit = lastRestartMono + HOLD_RELEASE_LIMIT_NANOS;
        try {
            while (System.nanoTime() < limit && !restartsStarted()) {
                Thread.sleep(50);
            }
            Thread.sleep(HOLD_GRACE_NANOS / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: lift the hold at once
        }
        try {
            Files.deleteIfExists(holdFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + holdFile() + ": " + e.getMessage(), e);
        }
    }

    private boolean restartsStarted() {
        for (NodeId id : launches.keySet()) {
            int life = restarts(id);
            if (life == 0 || !process(id).isAlive()) {
                continue;
            }
            try {
                Path log = log(id, life);
                if (!Files.exists(log) || !Files.readString(log).contains(MemberProcess.STARTED)) {
                    return false;
                }
            } catch (IOException | UncheckedIOException e) {
                return false; // a log being written: read it next time
            }
        }
        return true;
    }

    /** The member whose latest log line about leadership says it leads, the most recent of them. */
    @Override
    public Optional<NodeId> leader() {
        NodeId best = null;
        long bestMono = Long.MIN_VALUE;
        for (NodeId id : launches.keySet()) {
            Path log = log(id, restarts(id));
            try {
                if (!Files.exists(log) || !process(id).isAlive()) {
                    continue;
                }
                String state = null;
                long mono = 0;
                for (String line : Files.readAllLines(log)) {
                    Matcher m = LEADERSHIP.matcher(line);
                    if (m.matches() && m.group(1).equals(id.name())) {
                        state = m.group(2);
                        mono = Long.parseLong(m.group(3));
                    }
                }
                if (MemberProcess.LEADS.equals(state) && mono > bestMono) {
                    best = id;
                    bestMono = mono;
                }
            } catch (IOException | UncheckedIOException e) {
                // a log being written: read it next time
            }
        }
        return Optional.ofNullable(best);
    }
}
