package dev.synchrony.explore;

import dev.synchrony.core.NodeId;

/**
 * One move of the explored system: the explorer's unit of nondeterminism.
 *
 * @param node the process the step happens to (the receiver of a delivery or a loss)
 * @param peer the sender of a delivered or lost message, else null
 * @param subject the message, timer or command, else null
 */
public record Step(Kind kind, NodeId node, NodeId peer, Object subject) {

    public enum Kind {
        /** The processes start; the root of every path. */
        START,
        /** An in-flight message arrives. */
        DELIVER,
        /** An in-flight message is lost (with {@code --loss}). */
        LOSE,
        /** An in-flight message to a crashed process is dropped. */
        DROP,
        /** A pending timer fires. */
        FIRE,
        /** The application gives the process its next command. */
        COMMAND,
        /** The process crashes: its volatile state and timers are gone. */
        CRASH,
        /** A crashed process starts again with a fresh state. */
        RECOVER,
        /** Timed: time advances one tick ({@code subject} says to which, and which fault ends with it). */
        TICK,
        /** Timed: a partition cuts {@code subject} (a side) off from the others for a number of ticks. */
        PARTITION,
        /** Timed: the process stops executing for a number of ticks ({@code subject}). */
        PAUSE,
        /** Timed: the process is done for this tick (what it leaves in flight arrives in a later tick). */
        PASS
    }

    /** One line for people: "n2 receives Ack[round=2] from n1". */
    public String describe() {
        return switch (kind) {
            case START -> "the processes start";
            case DELIVER -> node + " receives " + subject + " from " + peer;
            case LOSE -> subject + " from " + peer + " to " + node + " is lost";
            case DROP -> subject + " from " + peer + " to " + node + " is dropped (" + node + " is down)";
            case FIRE -> node + ": timer " + subject + " fires";
            case COMMAND -> node + " is asked: " + subject;
            case CRASH -> node + " crashes";
            case RECOVER -> node + " recovers with a fresh state";
            case TICK -> "time advances to tick " + subject;
            case PARTITION -> "a partition cuts " + subject;
            case PAUSE -> node + " pauses for " + subject;
            case PASS -> node + " is done for this tick";
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
