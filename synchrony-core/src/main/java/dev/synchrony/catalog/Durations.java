package dev.synchrony.catalog;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints virtual durations such as {@code 250ms}, {@code 1.5s}, {@code 40us}, {@code 2m}: the one parser
 * of every duration flag and field. A unit is required (only 0 may go without).
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h)?");

    private Durations() {}

    /**
     * Reads a duration as users write it: a number and a unit ({@code 500ms}, {@code 2s}, {@code 1.5m}); only 0
     * may omit its unit.
     *
     * @param text the duration
     * @param what names the flag or field in the error message
     * @return the duration in nanoseconds
     * @throws IllegalArgumentException naming {@code what} when the text is not a duration
     */
    public static long parseNanos(String text, String what) {
        Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not a duration (examples: 500ms, 2s, 40us)");
        }
        double value = Double.parseDouble(matcher.group(1));
        if (matcher.group(2) == null && value != 0) {
            // A bare number used to mean milliseconds, silently: "--duration 10" ran for 10ms and checked nothing.
            throw new IllegalArgumentException(what + ": '" + text + "' has no unit (write e.g. " + matcher.group(1)
                    + "ms or " + matcher.group(1) + "s; units: ns, us, ms, s, m, h)");
        }
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        double nanos = value
                * switch (unit) {
                    case "ns" -> 1.0;
                    case "us" -> 1e3;
                    case "ms" -> 1e6;
                    case "s" -> 1e9;
                    case "m" -> 60e9;
                    case "h" -> 3600e9;
                    default -> throw new IllegalStateException(unit);
                };
        if (nanos > Long.MAX_VALUE / 4) {
            throw new IllegalArgumentException(what + ": '" + text + "' is too long");
        }
        return Math.round(nanos);
    }

    /**
     * The shortest exact form: {@code 2s}, {@code 250ms}, {@code 1500us}, {@code 7ns}.
     *
     * @param nanos a duration in nanoseconds
     * @return text that {@link #parseNanos} reads back to the same value
     */
    public static String format(long nanos) {
        if (nanos != 0 && nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }

    /**
     * A human reading with three significant decimals: {@code 12.345ms}.
     *
     * @param nanos a duration in nanoseconds
     * @return the reading in the largest unit that keeps it at least 1
     */
    public static String human(double nanos) {
        double magnitude = Math.abs(nanos);
        if (magnitude >= 1e9) {
            return String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
        }
        if (magnitude >= 1e6) {
            return String.format(Locale.ROOT, "%.3fms", nanos / 1e6);
        }
        if (magnitude >= 1e3) {
            return String.format(Locale.ROOT, "%.3fus", nanos / 1e3);
        }
        return String.format(Locale.ROOT, "%.0fns", nanos);
    }
}
