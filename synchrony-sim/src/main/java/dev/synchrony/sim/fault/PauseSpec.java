package dev.synchrony.sim.fault;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;

/**
 * A process pause (a long garbage collection, a stopped VM, SIGSTOP): from {@code fromNanos} to {@code untilNanos}
 * the process executes nothing. Messages that arrive, timers that come due and commands given pile up and are
 * handled in arrival order when it resumes, with its state intact. Its physical clock keeps running, which is what
 * makes a pause dangerous for a lease: on resuming, the process may act on a lease that expired while it slept.
 * Written {@code n1@2s..4s}.
 */
public record PauseSpec(NodeId node, long fromNanos, long untilNanos) {

    public PauseSpec {
        if (untilNanos == Long.MAX_VALUE) {
            throw new IllegalArgumentException("--pause " + node + ": give the resume time too, e.g. " + node
                    + "@2s..4s (a process that never resumes is a crash: use --crash)");
        }
        if (untilNanos <= fromNanos) {
            throw new IllegalArgumentException("--pause " + node + ": it resumes before it pauses");
        }
    }

    public boolean overlaps(PauseSpec other) {
        return node.equals(other.node) && fromNanos < other.untilNanos && other.fromNanos < untilNanos;
    }

    public static PauseSpec parse(String text) {
        int at = text.indexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("--pause " + text + ": write NODE@FROM..UNTIL, e.g. n1@2s..4s");
        }
        NodeId node = PartitionSpec.parseNode(text.substring(0, at).trim(), "--pause " + text);
        long[] window = PartitionSpec.parseWindow(text.substring(at + 1), "--pause " + text);
        return new PauseSpec(node, window[0], window[1]);
    }

    public String format() {
        return node + "@" + Durations.format(fromNanos) + ".." + Durations.format(untilNanos);
    }
}
