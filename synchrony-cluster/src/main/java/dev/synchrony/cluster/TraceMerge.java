package dev.synchrony.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synchrony.cluster.nemesis.FaultLog;
import dev.synchrony.cluster.nemesis.FaultLog.Outage;
import dev.synchrony.cluster.nemesis.FaultLog.Pause;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.runtime.TracePayloads;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Merges the JSON-lines traces of the member processes of a loopback cluster into one {@link Trace}, so the
 * simulator's checks run on what the real processes did. Events are ordered by {@code System.nanoTime()}, which
 * all processes of one machine share; a receipt is never put before its send (a send is stamped before its
 * frame is written, a receipt after its frame is read, and the merge enforces it anyway). Payloads are decoded
 * from the wire codec back into the records the checks read. Times in the merged trace count from the first event,
 * and clock readings (wall-clock based) are put on the same base: a member whose clock is exact reads the trace's
 * time. (Clock values inside payloads, such as NTP timestamps, stay as the members saw them.)
 */
public final class TraceMerge {

    private TraceMerge() {}

    private record Raw(
            long mono,
            int node,
            EventKind kind,
            long clock,
            long lamport,
            int peer,
            long message,
            Object payload,
            int order) {}

    /** Reads {@code files} (one per member) and merges them over the member list {@code nodes}. */
    public static Trace merge(List<NodeId> nodes, List<Path> files) {
        return merge(nodes, files, Map.of());
    }

    /**
     * As {@link #merge(List, List)}, with a CRASH event for each member killed at the given
     * {@code System.nanoTime()} (by the launcher, on the same machine); the killed member's own events after it
     * (none, with SIGKILL) are dropped.
     */
    public static Trace merge(List<NodeId> nodes, List<Path> files, Map<NodeId, Long> killedAtMono) {
        return merged(nodes, files, killedAtMono).trace();
    }

    /** A merged trace and the monotonic time its time 0 stands for. */
    /**
     * A merged trace, the monotonic time its time 0 stands for, and the raw clock reading its clock 0 stands for (a
     * clock reading a member printed, minus {@code clockBase}, is on the trace's clock scale).
     */
    public record Merged(Trace trace, long originMono, long clockBase) {}

    public static Merged merged(List<NodeId> nodes, List<Path> files, Map<NodeId, Long> killedAtMono) {
        List<Outage> outages = new ArrayList<>();
        killedAtMono.forEach((node, at) -> outages.add(new Outage(node, at, FaultLog.NEVER)));
        return merged(nodes, files.stream().map(f -> new TraceFile(f, 0)).toList(), outages, List.of());
    }

    /** A member's trace file; {@code incarnation} counts its restarts (0: the first life). */
    public record TraceFile(Path file, int incarnation) {}

    /**
     * Merges member traces (several per member when it was restarted) with the outages and pauses a nemesis
     * caused: CRASH and RECOVER events at the kill and the restart (the member's own events between them, none
     * after a SIGKILL, are dropped), PAUSE and RESUME at the SIGSTOP and SIGCONT. A restarted member numbers its
     * messages from the start again, so its later lives' message ids are told apart by the incarnation in their
     * top bits, in its sends and in the receipts of them (those after its restart).
     */
    public static Merged merged(
            List<NodeId> nodes, List<TraceFile> traceFiles, List<Outage> outages, List<Pause> pauses) {
        ObjectMapper json = new ObjectMapper();
        TracePayloads payloads = new TracePayloads();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).name(), i);
        }
        Map<Integer, List<Long>> restarts = new HashMap<>();
        for (Outage outage : outages) {
            if (outage.restartMono() != FaultLog.NEVER) {
                restarts.computeIfAbsent(index.get(outage.node().name()), n -> new ArrayList<>())
                        .add(outage.restartMono());
            }
        }
        restarts.values().forEach(list -> list.sort(null));
        List<Raw> raw = new ArrayList<>();
        for (TraceFile traceFile : traceFiles) {
            Path file = traceFile.file();
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int lineNumber = 0;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode event;
                    try {
                        event = json.readTree(line);
                    } catch (IOException e) {
                        // A member killed mid-write leaves a torn last line: skip it.
                        continue;
                    }
                    Integer node = index.get(event.path("node").asText());
                    if (node == null) {
                        throw new IllegalArgumentException(file + ":" + lineNumber + ": unknown node "
                                + event.path("node").asText());
                    }
                    EventKind kind =
                            EventKind.valueOf(event.path("kind").asText().toUpperCase(Locale.ROOT));
                    int peer = event.has("peer")
                            ? index.getOrDefault(event.get("peer").asText(), -1)
                            : -1;
                    Object payload = null;
                    if (event.has("bin")) {
                        try {
                            List<String> roots = new ArrayList<>();
                            event.path("roots").forEach(root -> roots.add(root.asText()));
                            payload = payloads.decode(roots, event.get("bin").asText());
                        } catch (RuntimeException e) {
                            payload = event.path("payload").asText();
                        }
                    } else if (event.has("payload")) {
                        payload = event.get("payload").asText();
                    }
                    long mono = event.path("mono").asLong();
                    long message = event.has("msg") ? event.get("msg").asLong() : -1;
                    if (message >= 0 && kind == EventKind.SEND) {
                        message |= (long) traceFile.incarnation() << 56;
                    } else if (message >= 0 && restarts.containsKey(peer)) {
                        long life = restarts.get(peer).stream()
                                .filter(at -> at <= mono)
                                .count();
                        message |= life << 56;
                    }
                    raw.add(new Raw(
                            mono,
                            node,
                            kind,
                            event.path("clock").asLong(),
                            event.path("lamport").asLong(),
                            peer,
                            message,
                            payload,
                            raw.size()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read trace " + file + ": " + e.getMessage(), e);
            }
        }
        for (Outage outage : outages) {
            int node = index.get(outage.node().name());
            long at = outage.killMono();
            long back = outage.restartMono() == FaultLog.NEVER ? Long.MAX_VALUE : outage.restartMono();
            raw.removeIf(event -> event.node() == node && event.mono() > at && event.mono() < back);
            raw.add(new Raw(at, node, EventKind.CRASH, 0, 0, -1, -1, null, raw.size()));
            if (back != Long.MAX_VALUE) {
                raw.add(new Raw(back, node, EventKind.RECOVER, 0, 0, -1, -1, null, raw.size()));
            }
        }
        for (Pause pause : pauses) {
            int node = index.get(pause.node().name());
            raw.add(new Raw(pause.fromMono(), node, EventKind.PAUSE, 0, 0, -1, -1, "SIGSTOP", raw.size()));
            raw.add(new Raw(pause.untilMono(), node, EventKind.RESUME, 0, 0, -1, -1, "SIGCONT", raw.size()));
        }
        raw.sort(Comparator.comparingLong(Raw::mono).thenComparingInt(Raw::order));
        List<Raw> ordered = happenedBeforeSafe(raw);
        Trace trace = new Trace(nodes, true);
        long origin = ordered.isEmpty() ? 0 : ordered.get(0).mono();
        // Clocks read wall-clock (epoch) time; the trace's real time counts from its first event. Express the
        // readings on the same base, as in a simulation, so "clock minus real time" is each member's offset.
        java.time.Instant wall = java.time.Instant.now();
        long epochMinusMono = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - System.nanoTime();
        long clockBase = origin + epochMinusMono;
        for (Raw event : ordered) {
            boolean injected = event.kind() == EventKind.CRASH
                    || event.kind() == EventKind.RECOVER
                    || event.kind() == EventKind.PAUSE
                    || event.kind() == EventKind.RESUME;
            long clock = injected ? 0 : event.clock() - clockBase;
            trace.add(new TraceEvent(
                    trace.nextId(),
                    event.mono() - origin,
                    event.node(),
                    event.kind(),
                    clock,
                    event.lamport(),
                    event.peer(),
                    event.message(),
                    event.payload()));
        }
        return new Merged(trace, origin, clockBase);
    }

    /** Moves any receipt that sorted before its send to just after it; keeps everything else in time order. */
    private static List<Raw> happenedBeforeSafe(List<Raw> sorted) {
        Set<Long> sent = new HashSet<>();
        Map<Long, List<Raw>> waiting = new HashMap<>();
        Set<Long> allSends = new HashSet<>();
        for (Raw event : sorted) {
            if (event.kind() == EventKind.SEND) {
                allSends.add(event.message());
            }
        }
        List<Raw> out = new ArrayList<>(sorted.size());
        for (Raw event : sorted) {
            if (event.kind() == EventKind.RECEIVE
                    && allSends.contains(event.message())
                    && !sent.contains(event.message())) {
                waiting.computeIfAbsent(event.message(), m -> new ArrayList<>()).add(event);
                continue;
            }
            out.add(event);
            if (event.kind() == EventKind.SEND) {
                sent.add(event.message());
                List<Raw> late = waiting.remove(event.message());
                if (late != null) {
                    out.addAll(late);
                }
            }
        }
        waiting.values().forEach(out::addAll);
        return out;
    }
}
