package dev.synchrony.cli;

import dev.synchrony.sim.export.ViewerPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "view",
        mixinStandardHelpOptions = true,
        description = {
            "(Re)builds RUN_DIR/viewer.html from the run's summary.json and trace.jsonl and prints its path.",
            "The page works offline: open it in a browser to step through the run, see each process's state,",
            "click an event for its causal past and future, and jump to the events of a violated property.",
            "Exit 0: written; 2: RUN_DIR is not a run folder."
        },
        footer = {
            "",
            "Example:",
            "  synchrony simulate lamport --script examples/lamport-figure.yaml --out runs/lamport",
            "  synchrony view runs/lamport"
        })
final class ViewCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A folder written by simulate, check or cluster.")
    Path directory;

    @Override
    public Integer call() {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("RUN_DIR: " + directory + " is not a folder");
        }
        Path page = ViewerPage.writeForDirectory(directory);
        var stdout = command.commandLine().getOut();
        stdout.println("viewer: " + page.toAbsolutePath().toUri());
        stdout.flush();
        return ExitCodes.OK;
    }
}
