package dev.synchrony.sim;

import java.util.List;

/**
 * The outcome of one property check.
 *
 * @param eventIds the trace events that show a violation (empty otherwise)
 */
public record CheckResult(String property, Status status, String detail, List<Long> eventIds) {

    public enum Status { HELD, VIOLATED, SKIPPED }

    public CheckResult {
        eventIds = List.copyOf(eventIds);
    }

    public static CheckResult held(String property, String detail) {
        return new CheckResult(property, Status.HELD, detail, List.of());
    }

    public static CheckResult violated(String property, String detail, List<Long> eventIds) {
        return new CheckResult(property, Status.VIOLATED, detail, eventIds);
    }

    public static CheckResult skipped(String property, String why) {
        return new CheckResult(property, Status.SKIPPED, why, List.of());
    }

    public boolean violated() {
        return status == Status.VIOLATED;
    }
}
