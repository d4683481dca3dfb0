package dev.synchrony.cli;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Catalog;
import dev.synchrony.catalog.ParamSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists the algorithms, one line each (with --options, their own options too).")
final class ListCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--options", description = "Also list each algorithm's own options and defaults.")
    boolean options;

    @Override
    public Integer call() {
        var out = command.commandLine().getOut();
        for (Algorithm spec : Catalog.all()) {
            out.printf("%-18s %s%n", spec.name(), spec.description());
            if (options) {
                for (ParamSpec param : spec.params()) {
                    out.printf(
                            "%-18s   --%s (default %s)%s: %s%n",
                            "",
                            param.name(),
                            param.defaultValue(),
                            param.choices().isEmpty() ? "" : " [" + String.join("|", param.choices()) + "]",
                            param.description());
                }
            }
        }
        return ExitCodes.OK;
    }
}
