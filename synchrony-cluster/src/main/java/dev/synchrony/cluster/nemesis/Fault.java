package dev.synchrony.cluster.nemesis;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;
import java.util.List;

/**
 * One fault of a nemesis schedule, with times counted from the moment every member's node has started. A member is
 * named ({@code n2}) or is {@code leader}: the member that most recently announced it leads, chosen when the fault
 * begins. Each fault is written the way {@link #parse(String)} reads it, e.g. {@code pause:leader@3s..4500ms}.
 */
public sealed interface Fault {

    /** The name {@code leader} stands for the member leading when the fault begins. */
    String LEADER = "leader";

    NemesisKind kind();

    /** When the fault begins, from the members' start. */
    long fromNanos();

    /** The written form, which {@link #parse(String)} reads back. */
    String format();

    /** Cuts {@code side} off from the other members from {@code fromNanos} until {@code untilNanos}. */
    record Partition(List<String> side, long fromNanos, long untilNanos) implements Fault {
        public Partition {
            side = List.copyOf(side);
            window("partition", fromNanos, untilNanos);
        }

        @Override
        public NemesisKind kind() {
            return NemesisKind.PARTITION;
        }

        @Override
        public String format() {
            return "partition:" + String.join(",", side) + "@" + span(fromNanos, untilNanos);
        }
    }

    /** Stops {@code who} (SIGSTOP) at {@code fromNanos} and lets it go on (SIGCONT) at {@code untilNanos}. */
    record Pause(String who, long fromNanos, long untilNanos) implements Fault {
        public Pause {
            window("pause", fromNanos, untilNanos);
        }

        @Override
        public NemesisKind kind() {
            return NemesisKind.PAUSE;
        }

        @Override
        public String format() {
            return "pause:" + who + "@" + span(fromNanos, untilNanos);
        }
    }

    /** Kills {@code who} with SIGKILL at {@code fromNanos}; with a {@code restartNanos}, starts it again then. */
    record Kill(String who, long fromNanos, long restartNanos) implements Fault {
        /** No restart. */
        public static final long NEVER = -1;

        public Kill {
            if (fromNanos < 0) {
                throw new IllegalArgumentException("kill " + who + ": the time must not be negative");
            }
            if (restartNanos != NEVER) {
                window("restart", fromNanos, restartNanos);
            }
        }

        public boolean restarts() {
            return restartNanos != NEVER;
        }

        @Override
        public NemesisKind kind() {
            return restarts() ? NemesisKind.RESTART : NemesisKind.KILL;
        }

        @Override
        public String format() {
            return restarts()
                    ? "restart:" + who + "@" + span(fromNanos, restartNanos)
                    : "kill:" + who + "@" + Durations.format(fromNanos);
        }
    }

    /**
     * Starts {@code node} with its software clock {@code offsetNanos} off the machine's and running at {@code
     * rate} (1 +/- drift). In force for the whole run.
     */
    record ClockSkew(NodeId node, long offsetNanos, double rate) implements Fault {
        public ClockSkew {
            if (!(rate > 0.5 && rate < 1.5)) {
                throw new IllegalArgumentException(
                        "clock-skew " + node + ": the rate must be in (0.5, 1.5), got " + rate);
            }
        }

        @Override
        public NemesisKind kind() {
            return NemesisKind.CLOCK_SKEW;
        }

        @Override
        public long fromNanos() {
            return 0;
        }

        /** How far the rate is from 1: the drift the algorithm must assume (its rho) for this to stay in its model. */
        public double drift() {
            return Math.abs(rate - 1);
        }

        @Override
        public String format() {
            return "clock-skew:" + node + "=" + (offsetNanos < 0 ? "-" : "") + Durations.format(Math.abs(offsetNanos))
                    + "/" + rate;
        }
    }

    /**
     * Drops {@code percent} of the packets between members from {@code fromNanos} until {@code untilNanos}, and with
     * a positive {@code delayNanos} delays the others by it (tc netem, where the kernel has it).
     */
    record Loss(int percent, long delayNanos, long fromNanos, long untilNanos) implements Fault {
        public Loss {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("loss: the share must be 0..100%, got " + percent + "%");
            }
            if (delayNanos < 0) {
                throw new IllegalArgumentException("loss: the delay must not be negative");
            }
            window("loss", fromNanos, untilNanos);
        }

        @Override
        public NemesisKind kind() {
            return NemesisKind.LOSS;
        }

        @Override
        public String format() {
            return "loss:" + percent + "%" + (delayNanos > 0 ? "/" + Durations.format(delayNanos) : "") + "@"
                    + span(fromNanos, untilNanos);
        }
    }

    /**
     * Reads one fault: {@code partition:WHO[,WHO...]@T1..T2}, {@code pause:WHO@T1..T2}, {@code kill:WHO@T},
     * {@code restart:WHO@T1..T2} (killed at T1, started again at T2), {@code clock-skew:NODE=[-]OFFSET/RATE},
     * {@code loss:P%[/DELAY]@T1..T2}; WHO is a member or {@code leader}.
     *
     * @throws IllegalArgumentException one line naming what is wrong
     */
    static Fault parse(String text) {
        String spec = text.trim();
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--fault: '" + text + "' is not KIND:..., e.g. pause:leader@3s..4s");
        }
        NemesisKind kind;
        try {
            kind = NemesisKind.parse(spec.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--fault " + text + ": " + e.getMessage().replaceFirst("^--nemesis: ", ""));
        }
        String rest = spec.substring(colon + 1);
        try {
            return switch (kind) {
                case PARTITION -> {
                    String[] at = split(rest, '@', "WHO,...@T1..T2");
                    long[] window = window(at[1]);
                    List<String> side = List.of(at[0].split(","));
                    side.forEach(Fault::requireWho);
                    yield new Partition(side, window[0], window[1]);
                }
                case PAUSE -> {
                    String[] at = split(rest, '@', "WHO@T1..T2");
                    long[] window = window(at[1]);
                    yield new Pause(requireWho(at[0]), window[0], window[1]);
                }
                case KILL -> {
                    String[] at = split(rest, '@', "WHO@T");
                    yield new Kill(requireWho(at[0]), Durations.parseNanos(at[1], "kill"), Kill.NEVER);
                }
                case RESTART -> {
                    String[] at = split(rest, '@', "WHO@KILL..START");
                    long[] window = window(at[1]);
                    yield new Kill(requireWho(at[0]), window[0], window[1]);
                }
                case CLOCK_SKEW -> {
                    String[] eq = split(rest, '=', "NODE=[-]OFFSET/RATE");
                    String[] slash = split(eq[1], '/', "NODE=[-]OFFSET/RATE");
                    boolean negative = slash[0].startsWith("-");
                    long offset = Durations.parseNanos(negative ? slash[0].substring(1) : slash[0], "clock-skew");
                    yield new ClockSkew(NodeId.of(eq[0]), negative ? -offset : offset, Double.parseDouble(slash[1]));
                }
                case LOSS -> {
                    String[] at = split(rest, '@', "P%[/DELAY]@T1..T2");
                    long[] window = window(at[1]);
                    String[] slash = at[0].split("/", 2);
                    if (!slash[0].endsWith("%")) {
                        throw new IllegalArgumentException("the share is written with %, e.g. 10%");
                    }
                    int percent = Integer.parseInt(slash[0].substring(0, slash[0].length() - 1));
                    long delay = slash.length > 1 ? Durations.parseNanos(slash[1], "loss") : 0;
                    yield new Loss(percent, delay, window[0], window[1]);
                }
            };
        } catch (IllegalArgumentException e) {
            String message = e instanceof NumberFormatException ? "not a number: " + e.getMessage() : e.getMessage();
            throw new IllegalArgumentException("--fault " + text + ": " + message);
        }
    }

    private static String requireWho(String who) {
        if (!who.equals(LEADER)) {
            NodeId.of(who);
        }
        return who;
    }

    private static String[] split(String text, char separator, String form) {
        int at = text.indexOf(separator);
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("write " + form);
        }
        return new String[] {text.substring(0, at), text.substring(at + 1)};
    }

    private static long[] window(String text) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            throw new IllegalArgumentException("'" + text + "' is not T1..T2");
        }
        return new long[] {
            Durations.parseNanos(text.substring(0, dots), "the start"),
            Durations.parseNanos(text.substring(dots + 2), "the end")
        };
    }

    private static void window(String what, long from, long until) {
        if (from < 0 || until <= from) {
            throw new IllegalArgumentException(what + ": the window must start at 0 or later and end after it starts");
        }
    }

    private static String span(long from, long until) {
        return Durations.format(from) + ".." + Durations.format(until);
    }
}
