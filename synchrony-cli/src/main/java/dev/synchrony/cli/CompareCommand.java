package dev.synchrony.cli;

import picocli.CommandLine.Command;

/** {@code synchrony compare SUBJECT}: measured costs of the algorithms of one area, beside the analytic ones. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Measures the algorithms of one area in the simulator, beside the lecture's analytic figures.",
        subcommands = {CompareMutexCommand.class, CompareElectionCommand.class})
final class CompareCommand {}
