package dev.synchrony.logical;

import dev.synchrony.core.Context;
import dev.synchrony.core.NodeId;
import java.util.List;

/**
 * The random behaviour of a demo process: events at exponentially distributed intervals (a Poisson process of
 * {@code eventsPerSecond}); each is a send to a random other process with probability {@code sendProbability},
 * otherwise a local event. A rate of 0 means the process only does what it is told.
 *
 * @param eventsPerSecond the rate of the Poisson process, 0 for none
 * @param sendProbability the chance an event is a send, in [0, 1]
 */
public record RandomActivity(double eventsPerSecond, double sendProbability) {

    /** No random event: the process does only what commands and scripts tell it. */
    public static final RandomActivity NONE = new RandomActivity(0, 0);

    /**
     * Checks the rate and the probability.
     *
     * @throws IllegalArgumentException when the rate is negative or the probability outside [0, 1]
     */
    public RandomActivity {
        if (!(eventsPerSecond >= 0) || !(sendProbability >= 0 && sendProbability <= 1)) {
            throw new IllegalArgumentException(
                    "bad random activity: rate " + eventsPerSecond + "/s, send probability " + sendProbability);
        }
    }

    /**
     * Whether the process has random events at all.
     *
     * @return true when the rate is positive
     */
    public boolean active() {
        return eventsPerSecond > 0;
    }

    /**
     * Arms the timer for the next event, if this activity has any.
     *
     * @param context the process's context, whose randomness draws the interval
     */
    public void scheduleNext(Context<?, ClockDemoTimer> context) {
        if (active()) {
            double seconds = -Math.log(1 - context.random().nextDouble()) / eventsPerSecond;
            context.setTimer(ClockDemoTimer.NEXT_EVENT, Math.max(1, Math.round(seconds * 1e9)));
        }
    }

    /**
     * The next event: a send to a random peer or a local event; {@code sequence} names it.
     *
     * @param context the process's context, whose randomness chooses
     * @param sequence the event's number at this process
     * @return what the process does now
     */
    public ClockDemoCommand nextEvent(Context<?, ClockDemoTimer> context, long sequence) {
        List<NodeId> members = context.members();
        String label = context.self() + "." + sequence;
        if (members.size() > 1 && context.random().nextDouble() < sendProbability) {
            int pick = context.random().nextInt(members.size() - 1);
            int selfIndex = members.indexOf(context.self());
            NodeId to = members.get(pick >= selfIndex ? pick + 1 : pick);
            return new ClockDemoCommand.SendTo(to, label);
        }
        return new ClockDemoCommand.LocalEvent(label);
    }
}
