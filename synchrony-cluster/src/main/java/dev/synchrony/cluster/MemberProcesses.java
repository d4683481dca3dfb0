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
 * same storage, with a trace folder and a log of its own), and which member leads according to their logs.
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
                Long.toString(launch.offsetNanos())));
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

    /** A new life on the same storage, running until the others stop (at least 1 s). */
    @Override
    public Process restart(NodeId id) {
        long left = startedMono + durationNanos - System.nanoTime();
        Process process = start(id, lives.get(id).size(), Math.max(1_000_000_000L, left));
        lives.get(id).add(process);
        return process;
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
