package dev.synchrony.sim.algorithms.mutex;

import dev.synchrony.catalog.FaultClass;
import dev.synchrony.election.LeadershipLost;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.DecentralizedMutex;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The property checks of the mutual-exclusion runs, read from the trace's Entered/Exited records. */
public final class MutexChecks {

    private MutexChecks() {}

    static String describe(Trace trace, TraceEvent event) {
        return trace.node(event.node()) + " " + event.payload() + " at "
                + dev.synchrony.catalog.Durations.human(event.timeNanos());
    }

    /**
     * The PAUSE events of holders that, on resuming, left the critical section before doing anything else: the
     * first thing they did after the RESUME (past the inputs that triggered it) was their Exited. A paused process
     * executes nothing, so such a holder used the section for the last time when it paused; a lease lock's holder
     * does exactly this when its lease ran out during the pause (a leader holding its own grant first steps down,
     * announcing {@link LeadershipLost}, which is not a use of the section). A holder that does anything else first
     * is counted as inside throughout the pause.
     */
    static java.util.Set<Long> pausesThatEndedTheSection(Trace trace) {
        java.util.Set<Long> ended = new java.util.HashSet<>();
        Map<Integer, TraceEvent> inside = new LinkedHashMap<>();
        Map<Integer, TraceEvent> pausedInside = new LinkedHashMap<>();
        Map<Integer, TraceEvent> resumed = new LinkedHashMap<>();
        for (TraceEvent event : trace.events()) {
            int node = event.node();
            EventKind kind = event.kind();
            if (resumed.containsKey(node)
                    && kind != EventKind.COMMAND
                    && kind != EventKind.RECEIVE
                    && kind != EventKind.TIMER
                    && !(kind == EventKind.DELIVER && event.payload() instanceof LeadershipLost)) {
                TraceEvent pause = resumed.remove(node);
                if (kind == EventKind.INTERNAL && event.payload() instanceof CriticalSection.Exited) {
                    ended.add(pause.id());
                }
            }
            if (kind == EventKind.PAUSE && inside.containsKey(node)) {
                pausedInside.put(node, event);
            } else if (kind == EventKind.RESUME && pausedInside.containsKey(node)) {
                resumed.put(node, pausedInside.remove(node));
            } else if (kind == EventKind.CRASH) {
                inside.remove(node);
                pausedInside.remove(node);
                resumed.remove(node);
            } else if (kind == EventKind.INTERNAL && event.payload() instanceof CriticalSection.Entered) {
                inside.put(node, event);
            } else if (kind == EventKind.INTERNAL && event.payload() instanceof CriticalSection.Exited) {
                inside.remove(node);
            }
        }
        return ended;
    }

    /** The overlapping entries of a run: each is an Entered while another process was inside. */
    public static List<TraceEvent[]> overlaps(Trace trace) {
        Map<Integer, TraceEvent> inside = new LinkedHashMap<>();
        List<TraceEvent[]> overlaps = new ArrayList<>();
        java.util.Set<Long> pausesEnding =
                trace.count(EventKind.PAUSE) == 0 ? java.util.Set.of() : pausesThatEndedTheSection(trace);
        for (TraceEvent event : trace.events()) {
            if (event.kind() == EventKind.PAUSE && pausesEnding.contains(event.id())) {
                inside.remove(event.node()); // it left, as it showed on resuming, without acting again
            } else if (event.kind() == EventKind.CRASH) {
                inside.remove(event.node()); // a crashed process is no longer inside
            } else if (event.kind() == EventKind.INTERNAL) {
                if (event.payload() instanceof CriticalSection.Entered) {
                    for (TraceEvent other : inside.values()) {
                        if (other.node() != event.node()) {
                            overlaps.add(new TraceEvent[] {other, event});
                            break;
                        }
                    }
                    inside.put(event.node(), event);
                } else if (event.payload() instanceof CriticalSection.Exited) {
                    inside.remove(event.node());
                }
            }
        }
        return overlaps;
    }

    /** Never two processes in the critical section at the same virtual instant. */
    public static final class Safety implements PropertyCheck {
        @Override
        public String name() {
            return "safety";
        }

        @Override
        public CheckResult check(RunResult run) {
            Trace trace = run.trace();
            List<TraceEvent[]> overlaps = overlaps(trace);
            long entries = trace.withPayload(CriticalSection.Entered.class).size();
            if (overlaps.isEmpty()) {
                return CheckResult.held(name(), entries, entries + " entries, never two processes inside at once");
            }
            TraceEvent[] first = overlaps.get(0);
            long resets =
                    trace.withPayload(DecentralizedMutex.CoordinatorReset.class).size();
            return CheckResult.violated(
                    name(),
                    overlaps.size() + " of " + entries + " entries overlapped another"
                            + (resets > 0 ? " (" + resets + " coordinator resets)" : "") + "; first: "
                            + describe(trace, first[1]) + " while " + describe(trace, first[0]) + " was inside",
                    List.of(first[0].id(), first[1].id()));
        }
    }

    /**
     * Every request is granted (or withdrawn) within the run. A request of a process that crashed before it was
     * granted died with its process and is not judged. When requests are still waiting after a crash that the
     * algorithm's fault model leaves out (the lecture's central coordinator, a token holder of the ring), the check
     * says {@code BLOCKED}, "as this algorithm must"; after a crash inside the model (failover-mutex, lease-lock) a
     * request left waiting is a violation.
     */
    public static final class Liveness implements PropertyCheck {
        @Override
        public String name() {
            return "liveness";
        }

        @Override
        public CheckResult check(RunResult run) {
            Trace trace = run.trace();
            Map<String, TraceEvent> open = new LinkedHashMap<>();
            TraceEvent firstCrash = null;
            long diedWithRequester = 0;
            for (TraceEvent event : trace.events()) {
                Object payload = event.payload();
                if (event.kind() == EventKind.COMMAND && payload instanceof MutexCommand.Acquire acquire) {
                    open.put(event.node() + "/" + acquire.requestId(), event);
                } else if (event.kind() == EventKind.INTERNAL && payload instanceof CriticalSection.Entered entered) {
                    open.remove(event.node() + "/" + entered.requestId());
                } else if (event.kind() == EventKind.DELIVER && payload instanceof MutexOutput.Released released) {
                    open.remove(event.node() + "/" + released.requestId());
                } else if (event.kind() == EventKind.CRASH) {
                    firstCrash = firstCrash == null ? event : firstCrash;
                    String prefix = event.node() + "/";
                    int before = open.size();
                    open.keySet().removeIf(key -> key.startsWith(prefix));
                    diedWithRequester += before - open.size();
                }
            }
            long asked = trace.select(e -> e.kind() == EventKind.COMMAND && e.payload() instanceof MutexCommand.Acquire)
                    .size();
            String died =
                    diedWithRequester == 0 ? "" : "; " + diedWithRequester + " more died with their crashed requester";
            if (open.isEmpty()) {
                long judged = asked - diedWithRequester;
                return CheckResult.held(
                        name(),
                        judged,
                        judged == 0 && asked > 0
                                ? "every request died with its crashed requester: none left to judge"
                                : judged + " requests, all granted within the run" + died);
            }
            TraceEvent first = open.values().iterator().next();
            String waiting = open.size() + " of " + asked + " requests never granted; first: " + describe(trace, first);
            String blocked = firstCrash == null ? "" : blockedLabel(run);
            if (!blocked.isEmpty()) {
                return CheckResult.blocked(
                        name(),
                        waiting + ", after " + trace.node(firstCrash.node()) + " crashed at "
                                + dev.synchrony.catalog.Durations.human(firstCrash.timeNanos()) + died + "; "
                                + blocked,
                        List.of(firstCrash.id(), first.id()));
            }
            return CheckResult.violated(name(), waiting + died, List.of(first.id()));
        }

        /**
         * {@code blocked, as this algorithm must: outside its fault model (crash)} when the run's crashes lie outside
         * the algorithm's fault model, else empty.
         */
        static String blockedLabel(RunResult run) {
            List<String> crashes = run.setup().faultsOutsideModel().stream()
                    .filter(f -> f == FaultClass.CRASH || f == FaultClass.CRASH_RECOVERY)
                    .map(FaultClass::label)
                    .toList();
            return crashes.isEmpty()
                    ? ""
                    : "blocked, as this algorithm must: outside its fault model (" + String.join(", ", crashes) + ")";
        }
    }

    /** Fencing tokens strictly increase from entry to entry. */
    public static final class Fencing implements PropertyCheck {
        @Override
        public String name() {
            return "fencing";
        }

        @Override
        public CheckResult check(RunResult run) {
            Trace trace = run.trace();
            TraceEvent previous = null;
            List<TraceEvent> entries = trace.withPayload(CriticalSection.Entered.class);
            for (TraceEvent event : entries) {
                if (previous != null
                        && ((CriticalSection.Entered) event.payload()).fencingToken()
                                <= ((CriticalSection.Entered) previous.payload()).fencingToken()) {
                    return CheckResult.violated(
                            name(),
                            "fencing token did not increase: " + describe(trace, previous) + " then "
                                    + describe(trace, event),
                            List.of(previous.id(), event.id()));
                }
                previous = event;
            }
            return CheckResult.held(
                    name(), entries.size(), entries.size() + " grants with strictly increasing fencing tokens");
        }
    }

    /** Ricart-Agrawala: processes enter in (request timestamp, process index) order. */
    public static final class TimestampOrder implements PropertyCheck {
        @Override
        public String name() {
            return "ordering";
        }

        @Override
        public CheckResult check(RunResult run) {
            Trace trace = run.trace();
            TraceEvent previous = null;
            List<TraceEvent> entries = trace.withPayload(CriticalSection.Entered.class);
            for (TraceEvent event : entries) {
                if (previous != null && compare(previous, event) >= 0) {
                    return CheckResult.violated(
                            name(),
                            "entered out of (timestamp, id) order: " + describe(trace, previous) + " then "
                                    + describe(trace, event),
                            List.of(previous.id(), event.id()));
                }
                previous = event;
            }
            return CheckResult.held(name(), entries.size(), entries.size() + " entries in (timestamp, id) order");
        }

        private static int compare(TraceEvent a, TraceEvent b) {
            long ta = ((CriticalSection.Entered) a.payload()).requestTimestamp();
            long tb = ((CriticalSection.Entered) b.payload()).requestTimestamp();
            return ta != tb ? Long.compare(ta, tb) : Integer.compare(a.node(), b.node());
        }
    }
}
