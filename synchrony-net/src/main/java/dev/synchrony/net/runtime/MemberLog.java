package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member's log: one line per event, prefixed with the member's id, through SLF4J (logger
 * {@code dev.synchrony.net.runtime.Member}; INFO for links and connections, WARN for a hosted node that refused a
 * command or whose handler threw). An optional copy of each line goes to a {@code Consumer} (tests read it).
 *
 * <p>Two defences, because a line may quote what a peer sent before it proved anything:
 * <ul>
 *   <li>{@link #quote} escapes peer-supplied text (control characters, quotes, backslashes and anything outside
 *   printable ASCII become escapes) and cuts it to {@value #QUOTE_LIMIT} characters, and every line is passed
 *   through the same escaping of control characters as a backstop, so no peer can end a line and forge the
 *   next one (a cluster name with a newline in it did exactly that).</li>
 *   <li>{@link #refusal} rate-limits refusals: at most {@value #REFUSALS_PER_WINDOW} lines per
 *   {@value #WINDOW_SECONDS} s window; the rest are counted (every refusal still counts in
 *   {@code Member.refusedConnections()}) and the next logged refusal says how many were left out, so a flood of
 *   bad connections cannot flood the log.</li>
 * </ul>
 */
final class MemberLog {

    static final int QUOTE_LIMIT = 64;
    static final int LINE_LIMIT = 1_000;
    static final int REFUSALS_PER_WINDOW = 10;
    static final long WINDOW_SECONDS = 10;
    private static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(Member.class);

    private final String prefix;
    private final Consumer<String> copy;
    private final LongSupplier nanoTime;
    private long windowStart;
    private boolean windowOpen;
    private int loggedInWindow;
    private long suppressed;

    /** @param copy also given each line (null for none) */
    MemberLog(NodeId self, Consumer<String> copy, LongSupplier nanoTime) {
        this.prefix = self + ": ";
        this.copy = copy;
        this.nanoTime = nanoTime;
    }

    void info(String line) {
        String full = prefix + escapeControls(line);
        LOG.info(full);
        if (copy != null) {
            copy.accept(full);
        }
    }

    void warn(String line) {
        String full = prefix + escapeControls(line);
        LOG.warn(full);
        if (copy != null) {
            copy.accept(full);
        }
    }

    /** Logs a refused connection unless this window's share of refusal lines is used up. */
    void refusal(String line) {
        String note;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (!windowOpen || now - windowStart >= WINDOW_NANOS) {
                windowOpen = true;
                windowStart = now;
                loggedInWindow = 0;
            }
            if (loggedInWindow >= REFUSALS_PER_WINDOW) {
                suppressed++;
                return;
            }
            loggedInWindow++;
            note = suppressed == 0
                    ? ""
                    : " (" + suppressed + " earlier refusals not logged: more than " + REFUSALS_PER_WINDOW + " in "
                            + WINDOW_SECONDS + " s)";
            suppressed = 0;
        }
        info(line + note);
    }

    /** Peer-supplied text, safe to put in a log line: quoted, escaped, and cut to {@value #QUOTE_LIMIT} chars. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("'");
        int shown = Math.min(text.length(), QUOTE_LIMIT);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('\'');
        if (text.length() > shown) {
            out.append("... (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /**
     * Escapes line breaks and other control characters, so one call is one line whatever it quotes, and cuts
     * the line at {@value #LINE_LIMIT} characters.
     */
    static String escapeControls(String full) {
        String line = full.length() <= LINE_LIMIT ? full : full.substring(0, LINE_LIMIT) + "... (cut)";
        StringBuilder out = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(line.length() + 8).append(line, 0, i);
            }
            if (out != null) {
                if (control) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? line : out.toString();
    }
}
