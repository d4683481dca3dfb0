package dev.synchrony.cluster.nemesis;

import dev.synchrony.catalog.Durations;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.election.LeadershipLost;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lock and the leadership as the members' applications saw them, judged on the merged trace of a cluster run.
 * Every member stamps each event with {@code System.nanoTime()} (CLOCK_MONOTONIC, one clock for every process of one
 * Linux machine), so the intervals of different processes compare in real time. A member holds from the delivery of
 * its {@code Granted} (with its fencing token) to the delivery of its {@code Released} or {@code Lost}; it leads from
 * its {@code LeaderElected} naming itself to its {@code LeadershipLost}, to a {@code LeaderElected} naming another, or
 * to its crash.
 *
 * <p>A member that was paused (SIGSTOP) executes nothing until SIGCONT: when the first things it does on resuming
 * are to give up the lock or the leadership (a lease that ran out while it slept), it last acted as holder or leader
 * when it was stopped, and its interval ends there, as the simulator's safety check counts a paused holder. Any other
 * first act keeps it holding or leading throughout the pause.
 *
 * <p>The counts: entries (grants delivered), double grants (a grant delivered while another member held), fencing
 * regressions (a grant whose token is not above every token delivered before it, in real time), leaderships and
 * double leaders (a leadership begun while another member led).
 */
public record ClientHistory(
        long entries,
        long doubleGrants,
        long fencingRegressions,
        long leaderships,
        long doubleLeaders,
        List<CheckResult> checks) {

    public ClientHistory {
        checks = List.copyOf(checks);
    }

    public static final String ONE_HOLDER = "history: one holder";
    public static final String TOKEN_ORDER = "history: token order";
    public static final String ONE_LEADER = "history: one leader";

    public long violations() {
        return doubleGrants + fencingRegressions + doubleLeaders;
    }

    /** The history of a trace whose clock readings need no rebasing (a simulation's, or a test's). */
    public static ClientHistory of(Trace trace) {
        return of(trace, 0);
    }

    /** An interval in which a member held the lock or led; {@code end} is Long.MAX_VALUE while open. */
    private static final class Interval {
        final TraceEvent start;
        long end = Long.MAX_VALUE;

        Interval(TraceEvent start) {
            this.start = start;
        }

        void endAt(long time) {
            end = Math.min(end, Math.max(start.timeNanos(), time));
        }
    }

    /**
     * @param clockBase the raw clock reading the trace's clock 0 stands for ({@code TraceMerge.Merged.clockBase}):
     *     a lease lock's {@code Lost} and {@code LeadershipLost} carry the reading of its own clock at which the
     *     lease ended ({@code leaseEndedAt}); the interval ends there when the notice came later (a busy machine runs a timer
     *     late, and an application that checks the lease before each use stops at its end)
     */
    public static ClientHistory of(Trace trace, long clockBase) {
        Set<Long> holdEnded = new HashSet<>();
        Set<Long> leadEnded = new HashSet<>();
        pausesThatEnded(trace, holdEnded, leadEnded);
        Map<Integer, Interval> holding = new LinkedHashMap<>();
        Map<Integer, Interval> leading = new LinkedHashMap<>();
        List<Interval> holds = new ArrayList<>();
        List<Interval> leads = new ArrayList<>();
        long withTokens = 0;
        long regressions = 0;
        long maxToken = Long.MIN_VALUE;
        TraceEvent maxTokenEvent = null;
        List<Long> firstRegression = List.of();
        String regressionText = "";
        for (TraceEvent event : trace.events()) {
            int node = event.node();
            switch (event.kind()) {
                case CRASH -> {
                    end(holding.remove(node), event.timeNanos());
                    end(leading.remove(node), event.timeNanos());
                }
                case PAUSE -> {
                    if (holdEnded.contains(event.id())) {
                        end(holding.remove(node), event.timeNanos());
                    }
                    if (leadEnded.contains(event.id())) {
                        end(leading.remove(node), event.timeNanos());
                    }
                }
                case DELIVER -> {
                    Object output = event.payload();
                    if (output instanceof MutexOutput.Granted granted) {
                        end(holding.remove(node), event.timeNanos());
                        Interval hold = new Interval(event);
                        holding.put(node, hold);
                        holds.add(hold);
                        if (granted.fencingToken() > 0) {
                            withTokens++;
                            if (granted.fencingToken() <= maxToken) {
                                regressions++;
                                if (firstRegression.isEmpty()) {
                                    firstRegression = List.of(maxTokenEvent.id(), event.id());
                                    regressionText =
                                            describe(trace, event) + " after " + describe(trace, maxTokenEvent);
                                }
                            } else {
                                maxToken = granted.fencingToken();
                                maxTokenEvent = event;
                            }
                        }
                    } else if (output instanceof MutexOutput.Lost lost) {
                        end(holding.remove(node), leaseEnd(event, lost.leaseEndedAt(), clockBase));
                    } else if (output instanceof MutexOutput.Released) {
                        end(holding.remove(node), event.timeNanos());
                    } else if (output instanceof LeaderElected elected) {
                        if (!elected.leader().equals(trace.node(node))) {
                            end(leading.remove(node), event.timeNanos());
                        } else if (!leading.containsKey(node)) {
                            Interval lead = new Interval(event);
                            leading.put(node, lead);
                            leads.add(lead);
                        }
                    } else if (output instanceof LeadershipLost lost
                            && lost.leader().equals(trace.node(node))) {
                        end(leading.remove(node), leaseEnd(event, lost.leaseEndedAt(), clockBase));
                    }
                }
                default -> {}
            }
        }
        List<Interval[]> doubleGrants = overlaps(holds);
        List<Interval[]> doubleLeaders = overlaps(leads);
        long entries = holds.size();
        List<CheckResult> checks = new ArrayList<>();
        checks.add(
                doubleGrants.isEmpty()
                        ? CheckResult.held(ONE_HOLDER, entries, entries + " grants, never two members holding at once")
                        : CheckResult.violated(
                                ONE_HOLDER,
                                doubleGrants.size() + " of " + entries + " grants while another member held; first: "
                                        + describe(trace, doubleGrants.get(0), "held"),
                                ids(doubleGrants.get(0))));
        checks.add(
                regressions == 0
                        ? CheckResult.held(
                                TOKEN_ORDER, withTokens, withTokens + " tokens, strictly increasing in real time")
                        : CheckResult.violated(
                                TOKEN_ORDER,
                                regressions + " of " + withTokens + " grants with a token not above an earlier one;"
                                        + " first: " + regressionText,
                                firstRegression));
        checks.add(
                doubleLeaders.isEmpty()
                        ? CheckResult.held(
                                ONE_LEADER, leads.size(), leads.size() + " leaderships, never two leaders at once")
                        : CheckResult.violated(
                                ONE_LEADER,
                                doubleLeaders.size() + " of " + leads.size()
                                        + " leaderships began while another member led; first: "
                                        + describe(trace, doubleLeaders.get(0), "led"),
                                ids(doubleLeaders.get(0))));
        return new ClientHistory(entries, doubleGrants.size(), regressions, leads.size(), doubleLeaders.size(), checks);
    }

    private static void end(Interval interval, long time) {
        if (interval != null) {
            interval.endAt(time);
        }
    }

    /**
     * When a lost lease ended on the trace's time scale: the notice's time less how far the member's clock had gone
     * past the reading at which the lease ran out; the notice's time when the loss was not a lease running out.
     */
    private static long leaseEnd(TraceEvent notice, Optional<Long> leaseEndedAt, long clockBase) {
        if (leaseEndedAt.isEmpty()) {
            return notice.timeNanos();
        }
        long late = notice.clockNanos() - (leaseEndedAt.get() - clockBase);
        return late > 0 ? notice.timeNanos() - late : notice.timeNanos();
    }

    /** Each interval that began while another member's interval was open, with that one. */
    private static List<Interval[]> overlaps(List<Interval> intervals) {
        List<Interval[]> overlaps = new ArrayList<>();
        for (Interval later : intervals) {
            for (Interval earlier : intervals) {
                if (earlier != later
                        && earlier.start.node() != later.start.node()
                        && earlier.start.timeNanos() <= later.start.timeNanos()
                        && earlier.start.id() < later.start.id()
                        && later.start.timeNanos() < earlier.end) {
                    overlaps.add(new Interval[] {earlier, later});
                    break;
                }
            }
        }
        return overlaps;
    }

    private static List<Long> ids(Interval[] pair) {
        return List.of(pair[0].start.id(), pair[1].start.id());
    }

    private static String describe(Trace trace, Interval[] pair, String verb) {
        return describe(trace, pair[1].start) + " while " + describe(trace, pair[0].start) + " " + verb
                + (pair[0].end == Long.MAX_VALUE ? " to the end" : " until " + Durations.human(pair[0].end));
    }

    private static String describe(Trace trace, TraceEvent event) {
        return trace.node(event.node()) + " " + event.payload() + " at " + Durations.human(event.timeNanos());
    }

    /**
     * The PAUSE events after which the member's first acts on resuming (past the inputs that woke it) gave up the
     * lock ({@code holdEnded}) or the leadership ({@code leadEnded}).
     */
    private static void pausesThatEnded(Trace trace, Set<Long> holdEnded, Set<Long> leadEnded) {
        Map<Integer, TraceEvent> pauses = new LinkedHashMap<>();
        Map<Integer, TraceEvent> resumed = new LinkedHashMap<>();
        for (TraceEvent event : trace.events()) {
            int node = event.node();
            switch (event.kind()) {
                case PAUSE -> pauses.put(node, event);
                case RESUME -> {
                    TraceEvent pause = pauses.remove(node);
                    if (pause != null) {
                        resumed.put(node, pause);
                    }
                }
                case CRASH -> resumed.remove(node);
                case COMMAND, RECEIVE, TIMER -> {}
                default -> {
                    TraceEvent pause = resumed.get(node);
                    if (pause == null) {
                        break;
                    }
                    Object payload = event.payload();
                    if (event.kind() == EventKind.INTERNAL && payload instanceof CriticalSection.Exited
                            || event.kind() == EventKind.DELIVER
                                    && (payload instanceof MutexOutput.Lost
                                            || payload instanceof MutexOutput.Released)) {
                        holdEnded.add(pause.id());
                    } else if (event.kind() == EventKind.DELIVER
                            && payload instanceof LeadershipLost lost
                            && lost.leader().equals(trace.node(node))) {
                        leadEnded.add(pause.id());
                    } else {
                        resumed.remove(node); // it acted otherwise first: whatever it held, it held throughout
                    }
                }
            }
        }
    }
}
