package dev.synchrony.sim.algorithms.mutex;

import dev.synchrony.catalog.Durations;
import dev.synchrony.catalog.MutexEntries;
import dev.synchrony.catalog.Params;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.DecentralizedMutex;
import dev.synchrony.mutex.FailoverMutex;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.TokenRingMutex;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.Workload;
import dev.synchrony.sim.algorithms.election.OneLeader;
import dev.synchrony.sim.spec.Harness;
import dev.synchrony.sim.spec.HarnessExtras;
import dev.synchrony.sim.spec.ScriptFields;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The harness of the mutual exclusion family: processes request the resource at random and hold it for a while
 * ({@code --rate}, {@code --hold}), or as a script says ({@code do: acquire}, {@code do: release}); every mutex is
 * checked for safety, liveness and fencing, and summarized by its cost (messages per entry, delay before entry).
 * Algorithms with more to show add it in their extras.
 */
public final class MutexHarness implements Harness {

    @Override
    public Workload workload(RunSetup setup) {
        Params params = setup.params();
        return new MutexWorkload(
                params.decimal("rate"),
                params.durationNanos("hold"),
                params.decimal("hold-spread"),
                params.durationNanos("quiet"));
    }

    @Override
    public Object scriptCommand(Map<String, Object> fields, RunSetup setup) {
        ScriptFields command = new ScriptFields(fields, setup);
        return switch (command.action()) {
            case "acquire" -> new MutexCommand.Acquire(command.integer("request"));
            case "release" -> new MutexCommand.Release(command.integer("request"));
            default -> throw command.unknownAction("acquire", "release");
        };
    }

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        return List.of(new MutexChecks.Safety(), new MutexChecks.Liveness(), new MutexChecks.Fencing());
    }

    @Override
    public void summarize(RunResult run, Summary summary) {
        MutexStats stats = MutexStats.of(run);
        summary.line(String.format(
                Locale.ROOT,
                "%d entries, %.2f messages per entry+exit, delay before entry "
                        + "mean %.2f / median %.2f transit times, %.1f entries per virtual second",
                stats.entries(),
                stats.messagesPerEntry(),
                stats.meanDelayTransits(),
                stats.medianDelayTransits(),
                stats.entriesPerSecond()));
        List<TraceEvent> entered = run.trace().withPayload(CriticalSection.Entered.class);
        if (entered.size() <= 12) {
            List<String> order = new ArrayList<>();
            for (TraceEvent event : entered) {
                CriticalSection.Entered entry = (CriticalSection.Entered) event.payload();
                order.add(run.trace().node(event.node()) + "@" + Durations.human(event.timeNanos()) + "(token "
                        + entry.fencingToken() + ")");
            }
            summary.line("entries: " + String.join(", ", order));
        }
        summary.value("entries", stats.entries());
        summary.value("messagesPerEntry", stats.messagesPerEntry());
        summary.value("meanDelayTransits", stats.meanDelayTransits());
        summary.value("entriesPerSecond", stats.entriesPerSecond());
        summary.value("overlaps", stats.overlaps());
        summary.value(
                "entryOrder",
                entered.stream().map(e -> run.trace().node(e.node()).name()).toList());
    }

    /** What {@code failover-mutex} adds: the coordinators that finished their recovery, and when. */
    public static final class FailoverExtras extends HarnessExtras {

        public FailoverExtras(Harness family) {
            super(family);
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            family.summarize(run, summary);
            List<TraceEvent> recoveries = run.trace().withPayload(FailoverMutex.RecoveryFinished.class);
            List<String> coordinators = new ArrayList<>();
            for (TraceEvent event : recoveries) {
                FailoverMutex.RecoveryFinished finished = (FailoverMutex.RecoveryFinished) event.payload();
                coordinators.add(run.trace().node(event.node()) + "@" + Durations.human(event.timeNanos())
                        + "(term " + finished.term()
                        + (finished.holder() == null ? "" : ", kept holder " + finished.holder()) + ")");
            }
            summary.line("coordinators ready: " + String.join(", ", coordinators));
            summary.value("recoveries", recoveries.size());
        }
    }

    /**
     * What {@code lease-lock} adds: its leadership, judged strictly (no hand-over allowance: the leader leases must
     * make two leaders at once impossible).
     */
    public static final class LeaseLockExtras extends HarnessExtras {

        public LeaseLockExtras(Harness family) {
            super(family);
        }

        @Override
        public List<PropertyCheck> checks(RunSetup setup) {
            List<PropertyCheck> checks = new ArrayList<>(family.checks(setup));
            checks.add(OneLeader.strict());
            return checks;
        }
    }

    /** What {@code decentral-mutex} adds: its quorum, failed attempts and coordinator resets. */
    public static final class DecentralizedExtras extends HarnessExtras {

        public DecentralizedExtras(Harness family) {
            super(family);
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            family.summarize(run, summary);
            MutexStats stats = MutexStats.of(run);
            long backoffs =
                    run.trace().withPayload(DecentralizedMutex.Backoff.class).size();
            summary.line("quorum m=" + MutexEntries.quorum(run.setup().environment()) + " of n="
                    + run.setup().members().size() + "; "
                    + backoffs + " failed attempts (backoff); " + stats.coordinatorResets() + " coordinator resets; "
                    + stats.overlaps() + " safety violations"
                    + (stats.coordinatorResets() > 0 ? " (expected: a reset coordinator forgets its vote)" : ""));
            summary.value("coordinatorResets", stats.coordinatorResets());
            summary.value("backoffs", backoffs);
        }
    }

    /** What {@code ricart-agrawala} adds: entries in (timestamp, id) order. */
    public static final class RicartAgrawalaExtras extends HarnessExtras {

        public RicartAgrawalaExtras(Harness family) {
            super(family);
        }

        @Override
        public List<PropertyCheck> checks(RunSetup setup) {
            List<PropertyCheck> checks = new ArrayList<>(family.checks(setup));
            checks.add(new MutexChecks.TimestampOrder());
            return checks;
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            family.summarize(run, summary);
            List<TraceEvent> entered = run.trace().withPayload(CriticalSection.Entered.class);
            if (entered.size() <= 12 && !entered.isEmpty()) {
                summary.line("request timestamps in entry order: "
                        + String.join(
                                ", ",
                                entered.stream()
                                        .map(e -> run.trace().node(e.node()) + ":"
                                                + ((CriticalSection.Entered) e.payload()).requestTimestamp())
                                        .toList()));
            }
        }
    }

    /** What {@code token-ring} adds: regenerated tokens. */
    public static final class TokenRingExtras extends HarnessExtras {

        public TokenRingExtras(Harness family) {
            super(family);
        }

        @Override
        public void summarize(RunResult run, Summary summary) {
            family.summarize(run, summary);
            long regenerated = run.trace()
                    .withPayload(TokenRingMutex.TokenRegenerated.class)
                    .size();
            if (regenerated > 0) {
                summary.line(regenerated + " token regenerations, "
                        + run.trace()
                                .withPayload(TokenRingMutex.TokenDiscarded.class)
                                .size() + " tokens discarded");
            }
            summary.value("regenerations", regenerated);
        }
    }
}
