package dev.synchrony.logical;

import dev.synchrony.core.Context;
import dev.synchrony.core.NodeId;
import java.util.List;

/**
 * The random behaviour of a demo process: events at exponentially distributed intervals (a Poisson process of
 * {@code eventsPerSecond}); each is a send to a random other process with probability {@code sendProbability},
 * otherwise a local event. A rate of 0 means the process only does what it is told.
 */
public record RandomActivity(double eventsPerSecond, double sendProbability) {

    public static final RandomActivity NONE = new RandomActivity(0, 0);

    public RandomActivity {
        if (!(eventsPerSecond >= 0) || !(sendProbability >= 0 && sendProbability <= 1)) {
            throw new IllegalArgumentException(
                    "bad random activity: rate " + eventsPerSecond + "/s, send probability " + sendProbability);
        }
    }

    public boolean active() {
        return eventsPerSecond > 0;
    }

    /** Arms the timer for the next event, if this activity has any. */
    public void scheduleNext(Context<?, ClockDemoTimer> context) {
        if (active()) {
            double seconds = -Math.log(1 - context.random().nextDouble()) / eventsPerSecond;
            context.setTimer(ClockDemoTimer.NEXT_EVENT, Math.max(1, Math.round(seconds * 1e9)));
        }
    }

    /** The next event: a send to a random peer or a local event; {@code sequence} names it. */
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
