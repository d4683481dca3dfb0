package dev.synchrony.sim;

import dev.synchrony.catalog.Durations;
import dev.synchrony.sim.script.Script;

/** The workload of a scripted run: exactly the script's commands, at the script's times. */
final class ScriptedWorkload implements Workload {

    private final Script script;
    private final SimulatedAlgorithm spec;
    private final RunSetup setup;

    ScriptedWorkload(Script script, SimulatedAlgorithm spec, RunSetup setup) {
        this.script = script;
        this.spec = spec;
        this.setup = setup;
    }

    @Override
    public void start(WorkloadContext context) {
        for (Script.ScriptEvent event : script.events()) {
            Object command;
            try {
                command = spec.scriptCommand(event.command(), setup);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        script.source() + ": event of " + event.node() + " at " + Durations.format(event.atNanos())
                                + ": " + e.getMessage(),
                        e);
            }
            context.command(event.node(), command, event.atNanos());
        }
    }
}
