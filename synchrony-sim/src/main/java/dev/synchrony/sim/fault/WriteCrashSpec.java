package dev.synchrony.sim.fault;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;

/**
 * A crash inside a stable-storage write: the process crashes during its {@code write}-th write of the run (1 =
 * its first), before the value reaches the disk (it is lost: the key keeps its old value) or after (it is kept),
 * and in both cases before the write call returns, so nothing the node meant to do after the write happens. If
 * {@code recoverAfterNanos} is not {@link #NEVER}, it restarts that long after the crash and reads back what the
 * disk holds. Written {@code n3@2:before+1s} (recovers a second later) or {@code n3@2:after} (stays down). A write
 * number the process never reaches does nothing.
 */
public record WriteCrashSpec(NodeId node, int write, boolean durable, long recoverAfterNanos) {

    public static final long NEVER = Long.MAX_VALUE;

    private static final String FORM = "write NODE@WRITE:before|after[+RECOVERY], e.g. n3@2:before+1s";

    public WriteCrashSpec {
        if (write < 1) {
            throw new IllegalArgumentException(
                    "--crash-in-write " + node + ": the write number counts from 1, got " + write);
        }
        if (recoverAfterNanos <= 0) {
            throw new IllegalArgumentException(
                    "--crash-in-write " + node + ": the recovery delay must be positive (or left out: no recovery)");
        }
    }

    public boolean recovers() {
        return recoverAfterNanos != NEVER;
    }

    public static WriteCrashSpec parse(String text) {
        String flag = "--crash-in-write " + text;
        int at = text.indexOf('@');
        int colon = text.indexOf(':', Math.max(at, 0));
        if (at <= 0 || colon < 0) {
            throw new IllegalArgumentException(flag + ": " + FORM);
        }
        NodeId node = PartitionSpec.parseNode(text.substring(0, at).trim(), flag);
        int write;
        try {
            write = Integer.parseInt(text.substring(at + 1, colon).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    flag + ": '" + text.substring(at + 1, colon) + "' is not a write number; " + FORM);
        }
        String rest = text.substring(colon + 1).trim();
        int plus = rest.indexOf('+');
        String when = (plus < 0 ? rest : rest.substring(0, plus)).trim();
        boolean durable = switch (when) {
            case "before" -> false;
            case "after" -> true;
            default ->
                throw new IllegalArgumentException(
                        flag + ": '" + when + "' is not before or after (the disk); " + FORM);
        };
        long recover =
                plus < 0 ? NEVER : Durations.parseNanos(rest.substring(plus + 1).trim(), flag);
        return new WriteCrashSpec(node, write, durable, recover);
    }

    public String format() {
        return node + "@" + write + ":" + (durable ? "after" : "before")
                + (recovers() ? "+" + Durations.format(recoverAfterNanos) : "");
    }

    /** For the trace: {@code in its write #2 (lease-lock/term-and-vote), before the value reached the disk}. */
    public String describe(String key) {
        return "in its write #" + write + " (" + key + "), " + (durable ? "after" : "before")
                + " the value reached the disk";
    }
}
