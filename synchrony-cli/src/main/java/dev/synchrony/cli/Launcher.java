package dev.synchrony.cli;

import dev.synchrony.sim.SimConfig;
import java.util.List;

/**
 * How the user started us, so that printed commands (replay lines) can be pasted back as they are:
 * {@code bin/synchrony} exports {@code SYNCHRONY_LAUNCHER} as the path it was called by.
 */
final class Launcher {

    private Launcher() {}

    /** {@code bin/synchrony}, {@code ./bin/synchrony}, ... or plain {@code synchrony} when not started by the script. */
    static String command() {
        String launcher = System.getenv("SYNCHRONY_LAUNCHER");
        return launcher == null || launcher.isBlank() ? "synchrony" : launcher;
    }

    /** The shell line that replays {@code config} with {@code simulate} (SimConfig reads the same variable). */
    static String replay(SimConfig config) {
        return config.replayCommand();
    }

    /** {@code LAUNCHER SUBCOMMAND ARGS...}, each argument quoted when the shell would split or expand it. */
    static String line(String subcommand, List<String> args) {
        StringBuilder line = new StringBuilder(command()).append(' ').append(subcommand);
        for (String arg : args) {
            line.append(' ')
                    .append(arg.matches("[A-Za-z0-9_./:=@,>+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
