package dev.synchrony.explore;

import java.util.Locale;
import java.util.Objects;

/**
 * Bounded discrete time for an exploration, so that timeouts, leases and grace periods run out: global time is a
 * tick count from 0 to {@link #horizon}; every process's clock reads {@code tick * tickNanos} (all clocks run at
 * the same rate); a message sent at tick t may arrive at any tick in {@code [t + minDelay, t + maxDelay]}, each
 * choice a branch; a timer fires at exactly the first tick at which its delay has passed on its process's clock;
 * and time advances one tick only when nothing is due at the current one (no timer due, no message at the end of
 * its window). {@link Fault} adds at most one partition or one pause, at a start and of a length chosen among all
 * within its bounds.
 *
 * @param tickNanos what one tick is on every process's clock
 * @param minDelay the shortest message delay, in ticks, at least 1: what processes do within one tick is then
 *     independent, which lets the explorer take them in one order and check the others when the tick ends
 * @param maxDelay the longest message delay, in ticks
 * @param horizon the last tick: time stops there, and the search covers every run up to it
 */
public record TimedModel(long tickNanos, int minDelay, int maxDelay, int horizon, Fault fault) {

    /** Which single fault the runs may have. */
    public enum FaultKind {
        /** No partition and no pause. */
        NONE,
        /** One side (at most half of the processes) is cut off from the rest: messages across the cut are lost. */
        PARTITION,
        /** One process stops executing: its timers and messages pile up and are handled when it resumes. */
        PAUSE
    }

    /**
     * At most one fault per run: it starts at some tick in {@code [firstStart, lastStart]} (or not at all) and
     * lasts some whole number of ticks in {@code [shortest, longest]}; every side (or process) and every such start
     * and length is a branch of the search.
     */
    public record Fault(FaultKind kind, int firstStart, int lastStart, int shortest, int longest) {

        public static final Fault NONE = new Fault(FaultKind.NONE, 0, 0, 1, 1);

        public Fault {
            Objects.requireNonNull(kind, "kind");
            String flag = "--" + kind.name().toLowerCase(Locale.ROOT) + "-once";
            if (firstStart < 0 || lastStart < firstStart) {
                throw new IllegalArgumentException(
                        flag + ": the start ticks " + firstStart + ".." + lastStart + " are not a range from 0 up");
            }
            if (shortest < 1 || longest < shortest) {
                throw new IllegalArgumentException(
                        flag + ": the lengths " + shortest + ".." + longest + " are not a range of at least 1 tick");
            }
        }

        /** One line for people: "one partition starting at tick 10..14, lasting 8..12 ticks". */
        public String describe() {
            return switch (kind) {
                case NONE -> "no partition, no pause";
                case PARTITION ->
                    "at most one partition (any minority side) starting at tick " + range(firstStart, lastStart)
                            + ", lasting " + range(shortest, longest) + " ticks";
                case PAUSE ->
                    "at most one pause of one process starting at tick " + range(firstStart, lastStart) + ", lasting "
                            + range(shortest, longest) + " ticks";
            };
        }

        private static String range(int from, int to) {
            return from == to ? Integer.toString(from) : from + ".." + to;
        }
    }

    public TimedModel {
        Objects.requireNonNull(fault, "fault");
        if (tickNanos < 1_000) {
            throw new IllegalArgumentException("--tick: must be at least 1us, got " + tickNanos + " ns");
        }
        if (minDelay < 1 || maxDelay < minDelay || maxDelay > 100) {
            throw new IllegalArgumentException("--delay: " + minDelay + ".." + maxDelay + " ticks is not a range in"
                    + " 1..100 (a message takes at least one tick, so what processes do within a tick is concurrent)");
        }
        if (horizon < 1 || horizon > 100_000) {
            throw new IllegalArgumentException("--horizon: " + horizon + " ticks is not in 1..100000");
        }
        if (fault.kind() != FaultKind.NONE && fault.firstStart() > horizon) {
            throw new IllegalArgumentException("--" + fault.kind().name().toLowerCase(Locale.ROOT) + "-once: its first"
                    + " start, tick " + fault.firstStart() + ", is past the horizon " + horizon);
        }
    }

    /** The clock reading of every process at {@code tick}. */
    long clockAt(int tick) {
        return tick * tickNanos;
    }

    /** The tick at which a timer set at {@code tick} for {@code delayNanos} on its process's clock fires. */
    int dueTick(int tick, long delayNanos) {
        long ticks = (delayNanos + tickNanos - 1) / tickNanos;
        return (int) Math.min(Integer.MAX_VALUE / 2, tick + ticks);
    }

    /** One line for people. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "timed: tick %s, delays %s ticks, horizon %d ticks, %s",
                dev.synchrony.catalog.Durations.human(tickNanos),
                minDelay == maxDelay ? Integer.toString(minDelay) : minDelay + ".." + maxDelay,
                horizon,
                fault.describe());
    }
}
