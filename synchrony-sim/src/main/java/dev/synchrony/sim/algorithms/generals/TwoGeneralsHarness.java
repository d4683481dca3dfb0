package dev.synchrony.sim.algorithms.generals;

import dev.synchrony.generals.Decision;
import dev.synchrony.generals.General;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.PropertyCheck;
import dev.synchrony.sim.RunResult;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.spec.Harness;
import dev.synchrony.sim.spec.Summary;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness of the agreement family, the {@code two-generals} algorithm: two {@link General}s, a handshake of {@code --rounds} messages, each sent
 * as {@code --k} messengers, and a decision at dawn. Checked for agreement (both attack or neither does), which
 * no protocol can guarantee over a lossy channel: {@code synchrony explore two-generals --k K --loss} finds the
 * run that breaks it, for every K.
 */
public final class TwoGeneralsHarness implements Harness {

    @Override
    public List<PropertyCheck> checks(RunSetup setup) {
        return List.of(new AgreementCheck());
    }

    @Override
    public void summarize(RunResult run, Summary summary) {
        List<String> decisions = new ArrayList<>();
        for (TraceEvent event : decisions(run)) {
            decisions.add(run.trace().node(event.node()) + " " + event.payload());
        }
        summary.line("At dawn: " + (decisions.isEmpty() ? "no decision yet" : String.join(", ", decisions)));
        summary.value("decisions", decisions);
    }

    static List<TraceEvent> decisions(RunResult run) {
        return run.trace().withPayload(Decision.class).stream()
                .filter(e -> e.kind() == EventKind.DELIVER)
                .toList();
    }

    /** Both generals attack, or neither does. */
    static final class AgreementCheck implements PropertyCheck {
        @Override
        public String name() {
            return "agreement";
        }

        @Override
        public CheckResult check(RunResult run) {
            List<TraceEvent> decided = decisions(run);
            if (decided.size() < 2) {
                return CheckResult.skipped(name(), "only " + decided.size() + " general decided before the run ended");
            }
            TraceEvent first = decided.get(0);
            TraceEvent second = decided.get(1);
            if (!first.payload().equals(second.payload())) {
                return CheckResult.violated(
                        name(),
                        run.trace().node(first.node()) + " decided to " + first.payload() + " but "
                                + run.trace().node(second.node()) + " decided to " + second.payload(),
                        List.of(first.id(), second.id()));
            }
            return CheckResult.held(
                    name(), "both generals " + (((Decision) first.payload()).attack() ? "attack" : "retreat"));
        }
    }
}
