package dev.synchrony.explore;

/** The verdict on one {@link LivenessGoal}. */
public record LivenessOutcome(String goal, Status status, String detail, Counterexample counterexample) {

    public enum Status {
        HELD,
        VIOLATED,
        SKIPPED
    }

    public static LivenessOutcome held(String goal, String detail) {
        return new LivenessOutcome(goal, Status.HELD, detail, null);
    }

    public static LivenessOutcome violated(String goal, String detail, Counterexample counterexample) {
        return new LivenessOutcome(goal, Status.VIOLATED, detail, counterexample);
    }

    public static LivenessOutcome skipped(String goal, String why) {
        return new LivenessOutcome(goal, Status.SKIPPED, why, null);
    }
}
