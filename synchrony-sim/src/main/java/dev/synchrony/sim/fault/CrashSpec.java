package dev.synchrony.sim.fault;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;

/**
 * A process crash: at {@code atNanos} the process stops (its timers die, messages to it are lost); at
 * {@code recoverAtNanos}, if any, it starts again with its volatile state lost. Written {@code n3@2s} or
 * {@code n3@2s..5s}.
 */
public record CrashSpec(NodeId node, long atNanos, long recoverAtNanos) {

    public static final long NEVER = Long.MAX_VALUE;

    public CrashSpec {
        if (recoverAtNanos <= atNanos) {
            throw new IllegalArgumentException("--crash " + node + ": it recovers before it crashes");
        }
    }

    public boolean recovers() {
        return recoverAtNanos != NEVER;
    }

    public static CrashSpec parse(String text) {
        int at = text.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException(
                    "--crash " + text + ": write NODE@TIME or NODE@TIME..RECOVERY, e.g. n3@2s..5s");
        }
        NodeId node = PartitionSpec.parseNode(text.substring(0, at).trim(), "--crash " + text);
        long[] window = PartitionSpec.parseWindow(text.substring(at + 1), "--crash " + text);
        return new CrashSpec(node, window[0], window[1]);
    }

    public String format() {
        return node + "@" + Durations.format(atNanos) + (recovers() ? ".." + Durations.format(recoverAtNanos) : "");
    }
}
