package dev.synchrony.explore;

import dev.synchrony.catalog.Family;
import dev.synchrony.core.NodeId;
import dev.synchrony.multicast.MulticastCommand;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workloads the explorer gives algorithms that name none, chosen by the algorithm's family in the catalog:
 * every mutual-exclusion node takes {@link MutexCommand}s, every multicast node {@link MulticastCommand}s, so one
 * workload serves each family.
 */
public final class GenericWorkloads {

    private GenericWorkloads() {}

    /**
     * The workload of {@code family}, with {@code count} commands per process. Timed, a mutual-exclusion process
     * holds what it is granted until it loses it ({@link #holdUntilLost}): the longest holds, where overlaps show.
     */
    static ExploreWorkload forFamily(Family family, int count, boolean timed) {
        return switch (family) {
            case MUTEX -> timed ? holdUntilLost(count) : mutex(count);
            case MULTICAST, REPLICATION -> multicast(count);
            default -> ExploreWorkload.NONE;
        };
    }

    /** Each process acquires the lock {@code requests} times, releasing it as soon as it is granted. */
    public static ExploreWorkload mutex(int requests) {
        return new ExploreWorkload() {
            @Override
            public List<Object> initialCommands(NodeId node) {
                return requests == 0 ? List.of() : List.of(new MutexCommand.Acquire(1));
            }

            @Override
            public List<Object> commandsAfter(NodeId node, Object output) {
                return output instanceof MutexOutput.Granted granted
                        ? releaseAndAskAgain(granted.requestId(), requests)
                        : List.of();
            }
        };
    }

    /**
     * Each process asks for the lock and keeps it for as long as the algorithm lets it: it releases a request only
     * once the grant is {@link MutexOutput.Lost lost} (to close it), then asks again, {@code requests} times in all.
     * In a timed exploration a lock is then held across the fault, which is where two holders would overlap.
     */
    public static ExploreWorkload holdUntilLost(int requests) {
        return new ExploreWorkload() {
            @Override
            public List<Object> initialCommands(NodeId node) {
                return requests == 0 ? List.of() : List.of(new MutexCommand.Acquire(1));
            }

            @Override
            public List<Object> commandsAfter(NodeId node, Object output) {
                return output instanceof MutexOutput.Lost lost
                        ? releaseAndAskAgain(lost.requestId(), requests)
                        : List.of();
            }
        };
    }

    /** Closes request {@code requestId} and, while fewer than {@code requests} were made, asks for the next. */
    private static List<Object> releaseAndAskAgain(long requestId, int requests) {
        List<Object> next = new ArrayList<>(2);
        next.add(new MutexCommand.Release(requestId));
        if (requestId < requests) {
            next.add(new MutexCommand.Acquire(requestId + 1));
        }
        return next;
    }

    /** Each process multicasts {@code messages} payloads, named {@code n1.1}, {@code n1.2}, ... */
    public static ExploreWorkload multicast(int messages) {
        return node -> {
            List<Object> publishes = new ArrayList<>(messages);
            for (int i = 1; i <= messages; i++) {
                publishes.add(new MulticastCommand.Publish(node + "." + i));
            }
            return publishes;
        };
    }

    /** Script fields for the shared command types, in the form the family's specs read (do: acquire). */
    static Map<String, Object> scriptFields(Object command) {
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (command) {
            case MutexCommand.Acquire acquire -> {
                fields.put("do", "acquire");
                fields.put("request", acquire.requestId());
            }
            case MutexCommand.Release release -> {
                fields.put("do", "release");
                fields.put("request", release.requestId());
            }
            case MulticastCommand.Publish publish -> {
                fields.put("do", "publish");
                fields.put("payload", String.valueOf(publish.payload()));
            }
            default -> {
                return null;
            }
        }
        return fields;
    }
}
