package dev.synchrony.sim.export;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The short names a diagram writes beside arrows and dots, in the lecture's words: a message is its kind
 * ({@code Request(8)}, {@code OK}, {@code Election}, {@code m1(ts=6)}), not its record's full text, which a
 * tooltip still gives. A payload carried by a layer ({@code Data[..., payload=Election[from=4]]}) is named by
 * what it carries.
 */
public final class ShortNames {

    private static final Pattern RECORD = Pattern.compile("^([A-Za-z_$][\\w$.]*)\\[(.*)]$", Pattern.DOTALL);
    private static final Pattern SINGLE_FIELD = Pattern.compile("^[A-Za-z_$][\\w$]*=([^,=\\[\\]]*)$");
    private static final String CARRIED = "payload=";
    /** Link acknowledgements, heartbeats and the like: how the algorithms keep going, not what they are about. */
    private static final Pattern PLUMBING =
            Pattern.compile("(^|[^a-z])(ack|tokenack|heartbeat|alive|ping|pong)", Pattern.CASE_INSENSITIVE);

    private ShortNames() {}

    /** Whether a message or timer is plumbing (its kind, or the kind of what a layer carries, says so). */
    public static boolean plumbing(Object payload) {
        return PLUMBING.matcher(payload.getClass().getSimpleName()).find()
                || PLUMBING.matcher(message(payload.toString())).find();
    }

    /** The name drawn on a message's arrow. */
    public static String message(String payload) {
        String text = carried(payload);
        Matcher record = RECORD.matcher(text);
        if (!record.matches()) {
            return shorten(text, 18);
        }
        String name = simple(record.group(1));
        Matcher single = SINGLE_FIELD.matcher(record.group(2).trim());
        if (name.equals("Ok")) {
            name = "OK";
        }
        return single.matches() && single.group(1).length() <= 8
                ? name + "(" + single.group(1).trim() + ")"
                : name;
    }

    /**
     * The text written beside a recorded event or a delivery. The events the lecture talks about are said in its
     * words ({@code enters the critical section}, {@code coordinator 6 (term 14)}); other records lose their
     * brackets ({@code Postponed origin=P0, ...}).
     */
    public static String event(String payload, int max) {
        String text = carried(payload);
        Matcher record = RECORD.matcher(text);
        if (record.matches()) {
            String name = simple(record.group(1));
            String fields = record.group(2);
            text = switch (name) {
                case "Entered" -> "enters the critical section";
                case "Exited" -> "leaves the critical section";
                case "LeaderElected" -> {
                    // Where the term does not fit, the coordinator alone: the star and the tooltip give the term.
                    String leader = "coordinator " + field(fields, "leader");
                    String withTerm = leader + " (term " + field(fields, "term") + ")";
                    yield withTerm.length() <= max ? withTerm : leader;
                }
                case "ElectionStarted" -> "starts an election";
                default -> name + (fields.isBlank() ? "" : " " + fields);
            };
        }
        return shorten(text, max);
    }

    /** The value of {@code name=value} among a record's top-level fields, or "?". */
    private static String field(String fields, String name) {
        Matcher m = Pattern.compile("(^|, )" + Pattern.quote(name) + "=([^,\\[\\]]*)")
                .matcher(fields);
        return m.find() ? m.group(2).trim() : "?";
    }

    /** The innermost payload a layer carries, or the text itself. */
    private static String carried(String payload) {
        String text = payload == null ? "" : payload.trim();
        int at = text.lastIndexOf(CARRIED);
        if (at >= 0) {
            String inner = text.substring(at + CARRIED.length());
            // Drop the closing brackets of the layers around it.
            int depth = 0;
            int end = inner.length();
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    if (depth == 0) {
                        end = i;
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    end = i;
                    break;
                }
            }
            String found = inner.substring(0, end).trim();
            if (!found.isEmpty() && !found.equals("null")) {
                return found;
            }
        }
        return text;
    }

    private static String simple(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(1, max - 1)) + "\u2026";
    }
}
