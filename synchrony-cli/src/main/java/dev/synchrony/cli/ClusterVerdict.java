package dev.synchrony.cli;

import dev.synchrony.cluster.ClusterRun;
import dev.synchrony.core.NodeId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a cluster run is a run at all. A member that exits on its own with a non-zero code failed (a killed one,
 * by --kill, did what it was asked), and a run with no event checked nothing: either way the checks' HELD would
 * be a false pass, so the command fails with each member's own last message.
 */
final class ClusterVerdict {

    /** One member that failed: its exit code, the last line it printed, and its log. */
    record MemberFailure(NodeId member, int exitCode, String lastMessage, Path log) {
        String line() {
            return "member " + member + " exited with code " + exitCode
                    + (lastMessage.isEmpty() ? "" : ": " + lastMessage) + " (log: " + log + ")";
        }
    }

    private ClusterVerdict() {}

    static List<MemberFailure> failures(ClusterRun.Outcome outcome, Set<NodeId> killed) {
        List<MemberFailure> failures = new ArrayList<>();
        for (Map.Entry<NodeId, Integer> exit : outcome.exitCodes().entrySet()) {
            if (exit.getValue() != 0 && !killed.contains(exit.getKey())) {
                Path log = outcome.directory().resolve(exit.getKey() + ".log");
                failures.add(new MemberFailure(exit.getKey(), exit.getValue(), lastLine(log), log));
            }
        }
        return failures;
    }

    /** The last non-blank line of a member's log: its own error message when it failed. */
    static String lastLine(Path log) {
        try {
            List<String> lines =
                    Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.getLast().strip();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The exit code: 2 when a member refused its configuration (it exits 2 on bad usage, as the CLI does),
     * 1 when members failed otherwise or no event was recorded, else the checks' verdict.
     */
    static int exitCode(ClusterRun.Outcome outcome, List<MemberFailure> failures) {
        if (failures.stream().anyMatch(f -> f.exitCode() == ExitCodes.USAGE)) {
            return ExitCodes.USAGE;
        }
        if (!failures.isEmpty() || outcome.run().trace().size() == 0) {
            return ExitCodes.VIOLATION;
        }
        return outcome.violated() ? ExitCodes.VIOLATION : ExitCodes.OK;
    }
}
