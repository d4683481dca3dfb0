package dev.synchrony.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code synchrony} command. {@link #run} returns the exit code so tests can call it in-process. */
@Command(
        name = "synchrony",
        mixinStandardHelpOptions = true,
        versionProvider = BuildVersion.class,
        description = "Synchronization algorithms of distributed systems: simulate, check and run them.",
        subcommands = {
            ListCommand.class,
            SimulateCommand.class,
            CheckCommand.class,
            CompareCommand.class,
            MutexRiskCommand.class,
            NtpCommand.class,
            NodeCommand.class,
            ClusterCommand.class,
            ExploreCommand.class,
            GeneralsTableCommand.class,
            ViewCommand.class,
            PlayCommand.class,
            CertsCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", ExitCodes.HELP_0, ExitCodes.HELP_1})
public final class Synchrony {

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Exit codes: see {@link ExitCodes}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Synchrony());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            String name = cmd.getCommandSpec().qualifiedName();
            if (exception instanceof IllegalArgumentException || exception instanceof java.io.UncheckedIOException) {
                cmd.getErr().println(name + ": " + exception.getMessage());
                return ExitCodes.USAGE;
            }
            return internalError(exception, cmd, InternalErrorLog.DEFAULT, args);
        });
        commandLine.setParameterExceptionHandler((exception, strings) -> {
            CommandLine cmd = exception.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr()
                    .println(name + ": "
                            + exception.getMessage().lines().findFirst().orElse("") + Suggestions.didYouMean(exception)
                            + " (see: " + name + " --help)");
            return ExitCodes.USAGE;
        });
        return commandLine.execute(args);
    }

    /** A bug, not bad usage: one line on the terminal, the stack trace in {@code log} for the bug report. */
    static int internalError(Exception exception, CommandLine cmd, Path log, String... args) {
        InternalErrorLog.write(
                log, List.of(new InternalErrorLog.Entry(Launcher.command() + " " + String.join(" ", args), exception)));
        cmd.getErr()
                .println(cmd.getCommandSpec().qualifiedName() + ": internal error "
                        + InternalErrorLog.oneLine(exception) + " (stack trace: " + log + ")");
        cmd.getErr().flush();
        return ExitCodes.INTERNAL;
    }
}
