package dev.synchrony.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code synchrony} command. {@link #run} returns the exit code so tests can call it in-process. */
@Command(name = "synchrony", mixinStandardHelpOptions = true, version = "synchrony 0.1.0",
        description = "Synchronization algorithms of distributed systems: simulate, check and run them.",
        subcommands = {ListCommand.class, SimulateCommand.class, CheckCommand.class, CompareCommand.class,
                MutexRiskCommand.class, NtpCommand.class, NodeCommand.class, ClusterCommand.class,
                ExploreCommand.class, GeneralsTableCommand.class, ViewCommand.class, PlayCommand.class,
                CommandLine.HelpCommand.class})
public final class Synchrony {

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Exit codes: 0 all properties held, 1 a property was violated, 2 bad usage. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Synchrony());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof IllegalArgumentException || exception instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("synchrony " + cmd.getCommandName() + ": " + exception.getMessage());
                return ExitCodes.USAGE;
            }
            throw exception;
        });
        commandLine.setParameterExceptionHandler((exception, strings) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("synchrony " + cmd.getCommandName() + ": " + exception.getMessage()
                    + " (see: synchrony " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help)");
            return ExitCodes.USAGE;
        });
        return commandLine.execute(args);
    }
}
