package dev.synchrony.explore.contract;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Family;
import dev.synchrony.core.NodeId;
import dev.synchrony.explore.Exploration;
import dev.synchrony.explore.ExploreHarness;
import dev.synchrony.explore.ExploredState;
import dev.synchrony.explore.Explorer;
import dev.synchrony.explore.Step;
import dev.synchrony.sim.RunSetup;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.testkit.ContextContract;
import dev.synchrony.testkit.ProbeNode;
import dev.synchrony.testkit.RuntimeUnderTest;
import dev.synchrony.testkit.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The explorer's {@code Context} against the contract every runtime keeps, driven through the explorer's own step
 * relation ({@link Explorer.Session}, the one {@code synchrony play} uses).
 *
 * <p>An exploration has no time: any enabled step may come next. To play a scenario written in time, this adapter
 * chooses among the enabled steps the ones a timed run would take: it gives each command when the scenario does,
 * delivers what is in flight at once, and fires a timer only when the scenario's time has passed its delay
 * (counted here from the command that set it). Which steps exist, what they do to the node, and what reaches the
 * application are the explorer's alone.
 */
class ExplorerContextContractTest extends ContextContract {

    private static final long COMMAND_SPACING = 1_000_000L;

    @Override
    protected RuntimeUnderTest runtime() {
        return new RuntimeUnderTest() {
            @Override
            public Map<NodeId, List<ProbeNode.Observation>> play(Scenario scenario, long seed) {
                return new Playthrough(scenario, seed).play();
            }

            @Override
            public boolean timePasses() {
                return false;
            }
        };
    }

    private record Deadline(NodeId node, String alarm, long atNanos) {}

    private static final class Playthrough {
        private static final Algorithm PROBE = Algorithm.builder("context-probe", Family.LOGICAL_CLOCK)
                .description("a node that reports what its context does (contract tests only)")
                .node((id, environment) -> new ProbeNode())
                .build();

        private final Scenario scenario;
        private final List<NodeId> members;
        private final Explorer.Session session;
        private final List<Deadline> deadlines = new ArrayList<>();
        private long now;

        Playthrough(Scenario scenario, long seed) {
            this.scenario = scenario;
            this.members = NodeId.range(scenario.members());
            Map<NodeId, List<Object>> queues = new LinkedHashMap<>();
            members.forEach(member -> queues.put(member, new ArrayList<>()));
            int crashes = 0;
            for (Scenario.Action action : scenario.actions()) {
                if (action instanceof Scenario.Give give) {
                    queues.get(give.node()).add(give.command());
                } else if (action instanceof Scenario.Crash) {
                    crashes++;
                }
            }
            ExploreHarness harness = new ExploreHarness() {
                @Override
                public Exploration exploration(RunSetup setup) {
                    return Exploration.STANDARD.withWorkload(node -> List.copyOf(queues.get(node)));
                }
            };
            RunSetup setup = RunSetup.of(PROBE, SimConfig.defaults(PROBE.name(), scenario.members(), seed));
            Explorer.Options options = Explorer.Options.defaults()
                    .withMaxDepth(10_000)
                    .withCrashes(crashes, crashes > 0)
                    .withMaxStates(1_000_000)
                    .withRequests(0)
                    .withSeed(seed);
            this.session = new Explorer(harness, setup, options).session();
        }

        Map<NodeId, List<ProbeNode.Observation>> play() {
            deliverInFlight();
            for (Scenario.Action action : scenario.actions()) {
                switch (action) {
                    case Scenario.Give give -> {
                        take(
                                step -> step.kind() == Step.Kind.COMMAND
                                        && step.node().equals(give.node()),
                                "give " + give.node() + " " + give.command());
                        switch (give.command()) {
                            case ProbeNode.SetAlarm set ->
                                deadlines.add(new Deadline(give.node(), set.name(), now + set.delayNanos()));
                            case ProbeNode.CancelAlarm cancel ->
                                deadlines.removeIf(d -> d.node().equals(give.node())
                                        && d.alarm().equals(cancel.name()));
                            default -> {}
                        }
                        deliverInFlight();
                        passTime(COMMAND_SPACING);
                    }
                    case Scenario.Wait wait -> passTime(wait.nanos());
                    case Scenario.Crash crash -> {
                        take(
                                step -> step.kind() == Step.Kind.CRASH
                                        && step.node().equals(crash.node()),
                                "crash " + crash.node());
                        deadlines.removeIf(d -> d.node().equals(crash.node()));
                        deliverInFlight();
                    }
                    case Scenario.Recover recover -> {
                        take(
                                step -> step.kind() == Step.Kind.RECOVER
                                        && step.node().equals(recover.node()),
                                "recover " + recover.node());
                        deliverInFlight();
                    }
                }
            }
            passTime(Long.MAX_VALUE / 4);
            ExploredState state = session.state();
            Map<NodeId, List<ProbeNode.Observation>> seen = new LinkedHashMap<>();
            for (int i = 0; i < members.size(); i++) {
                seen.put(
                        members.get(i),
                        state.outputs(i).stream()
                                .filter(ProbeNode.Observation.class::isInstance)
                                .map(ProbeNode.Observation.class::cast)
                                .toList());
            }
            return seen;
        }

        /** Fires, in order of their deadlines, the timers due within {@code nanos}, delivering after each. */
        private void passTime(long nanos) {
            long until = now + nanos;
            while (true) {
                Deadline next = deadlines.stream()
                        .filter(d -> d.atNanos() <= until)
                        .min(Comparator.comparingLong(Deadline::atNanos))
                        .orElse(null);
                if (next == null) {
                    break;
                }
                deadlines.remove(next);
                now = Math.max(now, next.atNanos());
                ProbeNode.Alarm alarm = new ProbeNode.Alarm(next.alarm());
                // A timer the explorer no longer holds cannot fire: the contract test then sees it missing.
                takeIfEnabled(step -> step.kind() == Step.Kind.FIRE
                        && step.node().equals(next.node())
                        && alarm.equals(step.subject()));
                deliverInFlight();
            }
            now = until;
        }

        /** Everything in flight arrives (or, to a crashed process, is dropped), as on a fast network. */
        private void deliverInFlight() {
            while (takeIfEnabled(step -> step.kind() == Step.Kind.DELIVER || step.kind() == Step.Kind.DROP)) {
                if (session.violation() != null) {
                    throw new AssertionError("the explorer reports " + String.join(": ", session.violation()));
                }
            }
        }

        private void take(Predicate<Step> wanted, String what) {
            if (!takeIfEnabled(wanted)) {
                throw new AssertionError("the explorer offers no step to " + what + "; enabled: " + session.enabled());
            }
        }

        private boolean takeIfEnabled(Predicate<Step> wanted) {
            List<Step> enabled = session.enabled();
            for (int i = 0; i < enabled.size(); i++) {
                if (wanted.test(enabled.get(i))) {
                    session.take(i);
                    return true;
                }
            }
            return false;
        }
    }
}
