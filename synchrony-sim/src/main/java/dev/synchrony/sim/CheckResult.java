package dev.synchrony.sim;

import java.util.List;

/**
 * The outcome of one property check.
 *
 * @param eventIds the trace events that show a violation (empty otherwise)
 */
public record CheckResult(String property, Status status, String detail, List<Long> eventIds) {

    /**
     * {@code NOTHING_TO_CHECK}: the property held only because the run gave it nothing to judge (no timestamped
     * event, no delivery, no request); an empty run must not read as a pass. {@code BLOCKED}: a progress property did
     * not hold, because of a fault the algorithm's fault model says stops it (the lecture's central coordinator
     * crashed): what the algorithm must do, neither a pass nor a failure; the detail says which fault.
     */
    public enum Status {
        HELD,
        VIOLATED,
        SKIPPED,
        NOTHING_TO_CHECK,
        BLOCKED;

        @Override
        public String toString() {
            return this == NOTHING_TO_CHECK ? "NOTHING TO CHECK" : name();
        }
    }

    public CheckResult {
        eventIds = List.copyOf(eventIds);
    }

    public static CheckResult held(String property, String detail) {
        return new CheckResult(property, Status.HELD, detail, List.of());
    }

    /**
     * Held after judging {@code judged} events (or deliveries, requests...); with none judged, nothing to check.
     */
    public static CheckResult held(String property, long judged, String detail) {
        return judged == 0
                ? new CheckResult(property, Status.NOTHING_TO_CHECK, detail, List.of())
                : held(property, detail);
    }

    public static CheckResult violated(String property, String detail, List<Long> eventIds) {
        return new CheckResult(property, Status.VIOLATED, detail, eventIds);
    }

    /**
     * Progress that stopped as the algorithm must, after a fault outside its model; {@code detail} ends with the
     * label {@code blocked, as this algorithm must: outside its fault model (crash)}.
     */
    public static CheckResult blocked(String property, String detail, List<Long> eventIds) {
        return new CheckResult(property, Status.BLOCKED, detail, eventIds);
    }

    public static CheckResult skipped(String property, String why) {
        return new CheckResult(property, Status.SKIPPED, why, List.of());
    }

    public boolean violated() {
        return status == Status.VIOLATED;
    }
}
