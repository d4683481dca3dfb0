package dev.synchrony.sim.spec;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one algorithm adds to its family's harness: a harness that hands everything to the family's and overrides
 * only what the algorithm adds (a check of its own, a line of its summary). Overrides usually call the family's
 * method and extend its result.
 */
public abstract class HarnessExtras implements Harness {

    protected final Harness family;

    protected HarnessExtras(Harness family) {
        this.family = family;
    }

    @Override
    public Workload workload(RunSetup setup) {
        return family.workload(setup);
    }

    @Override
    public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        return family.scriptCommand(fields, setup);
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        return family.checks(setup);
    }

    @Override
    public void summarize(RunResult run, Summary summary) {
        family.summarize(run, summary);
    }

    @Override
    public boolean referenceClock(NodeId node, RunSetup setup) {
        return family.referenceClock(node, setup);
    }

    @Override
    public long clockWanderPeriodNanos(RunSetup setup) {
        return family.clockWanderPeriodNanos(setup);
    }

    @Override
    public void writeExtraFiles(RunResult run, Path directory) throws IOException {
        family.writeExtraFiles(run, directory);
    }
}
