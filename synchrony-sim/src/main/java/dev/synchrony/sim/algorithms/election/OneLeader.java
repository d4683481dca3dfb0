package dev.synchrony.sim.algorithms.election;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.ElectionStarted;
import dev.synchrony.election.LeaderElected;
import dev.synchrony.election.LeadershipLost;
import dev.synchrony.election.Resigned;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * "At most one leader at any instant", read from a trace alone, so that it judges a simulated run and the merged
 * trace of real processes alike.
 *
 * <p>A process is <em>leader</em> from its own announcement ({@link LeaderElected} naming itself) until the first
 * of: it announces the loss ({@link LeadershipLost}), a later leader is announced to it ({@link LeaderElected}
 * naming another), it gives the office up itself ({@link ElectionStarted} or {@link Resigned}: it names no
 * coordinator any more), it crashes or restarts, or the run ends. A paused leader stays leader through its pause
 * (it will act on resuming), except that one whose first act on resuming is to announce the loss (a lease leader
 * whose lease ran out while it slept) last acted as leader when it paused, so its leadership ends there.
 *
 * <p>Two leaderships of different processes that overlap violate the property, with one allowance for the lecture's
 * elections, which promise agreement only within their stabilisation bound S of a fault: a new coordinator leads a
 * little before its predecessor hears of it, a recovered process (its state lost) announces itself before it learns
 * the current term, and under message loss a falsely suspected coordinator is replaced until its next heartbeat is
 * heard. Two leaderships that overlap for at most {@code handoverNanos} (S for the lecture's elections; an overlap
 * still open at the end is measured to the end) are a <em>hand-over</em>: counted in the detail, not a violation. A
 * partition or a pause that outlasts it shows as a violation. The lease leadership gets no allowance (0): its
 * leases must make every overlap impossible.
 *
 * <p>On a merged trace of real processes, whose clocks are only approximately aligned, {@code toleranceNanos}
 * ignores overlaps no longer than the alignment error; the simulator passes 0 and judges by event order.
 */
public final class OneLeader implements PropertyCheck {

    /** The check's name in reports. */
    public static final String NAME = "one-leader";

    private final long handoverNanos;
    private final long toleranceNanos;

    /**
     * @param handoverNanos the longest two leaderships may overlap as a hand-over (0: never)
     * @param toleranceNanos overlaps up to this long are ignored (clock alignment of a merged trace; 0 in the simulator)
     */
    public OneLeader(long handoverNanos, long toleranceNanos) {
        if (handoverNanos < 0 || toleranceNanos < 0) {
            throw new IllegalArgumentException(
                    "one-leader: the hand-over allowance and the tolerance must not be negative");
        }
        this.handoverNanos = handoverNanos;
        this.toleranceNanos = toleranceNanos;
    }

    /** The strict check: no allowance, no tolerance (the lease leadership in the simulator). */
    public static OneLeader strict() {
        return new OneLeader(0, 0);
    }

    /**
     * One process's leadership: from the event that announced it to the event that ended it ({@code untilEventId}
     * -1 when it lasted to the end of the trace).
     */
    public record Leadership(
            NodeId leader,
            int node,
            long term,
            long fromNanos,
            long fromEventId,
            long untilNanos,
            long untilEventId,
            String endedBy) {

        /** Whether the two overlap in the trace's order of events (an end and a start at one instant are ordered). */
        boolean overlaps(Leadership other) {
            return fromEventId < other.untilId() && other.fromEventId < untilId();
        }

        private long untilId() {
            return untilEventId < 0 ? Long.MAX_VALUE : untilEventId;
        }

        long overlapNanos(Leadership other) {
            return Math.min(untilNanos, other.untilNanos) - Math.max(fromNanos, other.fromNanos);
        }

        public String describe() {
            return leader + " (term " + term + ") from " + Durations.human(fromNanos) + " to "
                    + (untilEventId < 0 ? "the end" : Durations.human(untilNanos) + " (" + endedBy + ")");
        }
    }

    /** Two leaderships at once; {@code handover} when it is within the allowance. */
    public record Overlap(Leadership earlier, Leadership later, boolean handover) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(RunResult run) {
        return check(run.trace(), run.endNanos());
    }

    /**
     * The check on a bare trace ending at {@code endNanos}: what a merged trace of real processes gives, with no
     * simulated run around it (e.g. {@code new OneLeader(0, clockErrorNanos).check(merged, end)} for a lease leader).
     */
    public CheckResult check(Trace trace, long endNanos) {
        List<Leadership> leaderships = leaderships(trace, endNanos);
        List<Overlap> overlaps = overlaps(leaderships);
        List<Overlap> violations = overlaps.stream().filter(o -> !o.handover()).toList();
        long handovers = overlaps.size() - violations.size();
        if (!violations.isEmpty()) {
            Overlap first = violations.get(0);
            List<Long> events = new ArrayList<>(
                    List.of(first.earlier().fromEventId(), first.later().fromEventId()));
            if (first.earlier().untilEventId() >= 0) {
                events.add(first.earlier().untilEventId());
            }
            return CheckResult.violated(
                    name(),
                    violations.size() + " time(s) two leaders at once; first: "
                            + first.earlier().describe() + ", while "
                            + first.later().describe(),
                    events);
        }
        long leaders = leaderships.stream().map(Leadership::node).distinct().count();
        return CheckResult.held(
                name(),
                leaderships.size(),
                leaderships.size() + " leadership(s) of " + leaders + " process(es), never two at once"
                        + (handovers == 0
                                ? ""
                                : "; " + handovers + " hand-over(s), two leaders for at most "
                                        + Durations.human(handoverNanos) + " each (the allowance)"));
    }

    /** The overlapping pairs of {@code leaderships}, each judged against the hand-over allowance and tolerance. */
    public List<Overlap> overlaps(List<Leadership> leaderships) {
        List<Overlap> overlaps = new ArrayList<>();
        for (int i = 0; i < leaderships.size(); i++) {
            for (int j = i + 1; j < leaderships.size(); j++) {
                Leadership a = leaderships.get(i);
                Leadership b = leaderships.get(j);
                if (a.node() == b.node() || !a.overlaps(b)) {
                    continue;
                }
                if (toleranceNanos > 0 && a.overlapNanos(b) <= toleranceNanos) {
                    continue;
                }
                Leadership earlier = a.fromEventId() < b.fromEventId() ? a : b;
                Leadership later = earlier == a ? b : a;
                // An overlap still open at the end is measured to the end: one that began less than the allowance
                // before it is a hand-over in progress, as the agreement check excuses a late departure.
                boolean handover = handoverNanos > 0 && a.overlapNanos(b) <= handoverNanos;
                overlaps.add(new Overlap(earlier, later, handover));
            }
        }
        return overlaps;
    }

    /** Every leadership of the trace, in the order they began; {@code endNanos} closes those still open. */
    public static List<Leadership> leaderships(Trace trace, long endNanos) {
        int n = trace.nodes().size();
        TraceEvent[] open = new TraceEvent[n];
        long[] term = new long[n];
        Set<Long> pausesEndingIt = pausesEndingLeadership(trace);
        List<Leadership> done = new ArrayList<>();
        for (TraceEvent event : trace.events()) {
            int node = event.node();
            if (node < 0 || node >= n) {
                continue;
            }
            String end = null;
            long endNanos0 = event.timeNanos();
            long endId = event.id();
            switch (event.kind()) {
                case CRASH -> end = "crashed";
                case START, RECOVER -> end = "restarted";
                case PAUSE -> {
                    if (open[node] != null && pausesEndingIt.contains(event.id())) {
                        end = "paused, and stepped down on resuming";
                    }
                }
                case DELIVER -> {
                    if (event.payload() instanceof LeaderElected elected) {
                        if (elected.leader().equals(trace.node(node))) {
                            if (open[node] == null) {
                                open[node] = event;
                            }
                            term[node] = elected.term(); // a re-announcement with a larger term continues it
                        } else {
                            end = "heard of leader " + elected.leader() + " (term " + elected.term() + ")";
                        }
                    } else if (event.payload() instanceof LeadershipLost lost) {
                        end = "lost it: " + lost.reason();
                    }
                }
                case INTERNAL -> {
                    if (event.payload() instanceof ElectionStarted) {
                        end = "started an election";
                    } else if (event.payload() instanceof Resigned) {
                        end = "resigned";
                    }
                }
                default -> {}
            }
            if (end != null && open[node] != null) {
                done.add(new Leadership(
                        trace.node(node),
                        node,
                        term[node],
                        open[node].timeNanos(),
                        open[node].id(),
                        endNanos0,
                        endId,
                        end));
                open[node] = null;
            }
        }
        for (int node = 0; node < n; node++) {
            if (open[node] != null) {
                done.add(new Leadership(
                        trace.node(node),
                        node,
                        term[node],
                        open[node].timeNanos(),
                        open[node].id(),
                        Math.max(endNanos, open[node].timeNanos()),
                        -1,
                        "still leading at the end"));
            }
        }
        done.sort(java.util.Comparator.comparingLong(Leadership::fromEventId));
        return done;
    }

    /** A lock holder's giving up its grant (a lease leader may also hold the lock): not an act of leadership. */
    private static boolean givesUpTheSection(TraceEvent event) {
        return event.payload() instanceof dev.synchrony.mutex.CriticalSection.Exited
                || event.payload() instanceof dev.synchrony.mutex.MutexOutput.Lost;
    }

    /**
     * The PAUSE events after which the process's first act on resuming (past the inputs that woke it) was to
     * announce {@link LeadershipLost}: it did not act as leader in between.
     */
    static Set<Long> pausesEndingLeadership(Trace trace) {
        Set<Long> ending = new HashSet<>();
        if (trace.count(EventKind.PAUSE) == 0) {
            return ending;
        }
        int n = trace.nodes().size();
        TraceEvent[] pause = new TraceEvent[n];
        boolean[] resumed = new boolean[n];
        for (TraceEvent event : trace.events()) {
            int node = event.node();
            if (node < 0 || node >= n) {
                continue;
            }
            EventKind kind = event.kind();
            if (kind == EventKind.PAUSE) {
                pause[node] = event;
                resumed[node] = false;
            } else if (kind == EventKind.RESUME && pause[node] != null) {
                resumed[node] = true;
            } else if (kind == EventKind.CRASH) {
                pause[node] = null;
            } else if (resumed[node]
                    && kind != EventKind.COMMAND
                    && kind != EventKind.RECEIVE
                    && kind != EventKind.TIMER
                    && kind != EventKind.LOSS
                    && !givesUpTheSection(event)) {
                if (kind == EventKind.DELIVER && event.payload() instanceof LeadershipLost) {
                    ending.add(pause[node].id());
                }
                pause[node] = null;
                resumed[node] = false;
            }
        }
        return ending;
    }
}
