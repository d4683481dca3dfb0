package dev.synchrony.explore.families;

import dev.synchrony.core.NodeId;
import dev.synchrony.explore.Exploration;
import dev.synchrony.explore.ExploreExtras;
import dev.synchrony.explore.ExploreHarness;
import dev.synchrony.explore.ExploreWorkload;
import dev.synchrony.explore.StateInvariant;
import dev.synchrony.explore.Step;
import dev.synchrony.logical.ClockDemoCommand;
import dev.synchrony.logical.ClockEventKind;
import dev.synchrony.logical.LamportMessage;
import dev.synchrony.logical.LamportStamp;
import dev.synchrony.logical.VectorMessage;
import dev.synchrony.logical.VectorStamp;
import dev.synchrony.sim.RunSetup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the logical clock family is explored, and the clock properties its algorithms add. */
public final class LogicalClockExploration implements ExploreHarness {

    /** An exploration's workload: each process sends one message to every other process, then has a local event. */
    @Override
    public Exploration exploration(RunSetup setup) {
        return Exploration.STANDARD
                .withScriptFields(command -> switch (command) {
                    case ClockDemoCommand.SendTo send -> {
                        Map<String, Object> fields = new LinkedHashMap<>();
                        fields.put("do", "send");
                        fields.put("to", send.to().name());
                        fields.put("label", send.label());
                        yield fields;
                    }
                    case ClockDemoCommand.LocalEvent local -> {
                        Map<String, Object> fields = new LinkedHashMap<>();
                        fields.put("do", "local");
                        fields.put("label", local.label());
                        yield fields;
                    }
                    default -> null;
                })
                .withWorkload(exploreWorkload(setup));
    }

    /** Each process sends once to every other process, then has one local event. */
    static ExploreWorkload exploreWorkload(RunSetup setup) {
        return node -> {
            List<Object> commands = new ArrayList<>();
            int sequence = 0;
            for (NodeId other : setup.members()) {
                if (!other.equals(node)) {
                    commands.add(new ClockDemoCommand.SendTo(other, node + "." + ++sequence));
                }
            }
            commands.add(new ClockDemoCommand.LocalEvent(node + "." + ++sequence));
            return commands;
        };
    }

    /** The random activity is off in explorations: the workload is the bounded one above. */
    static final Map<String, String> NO_RANDOM_ACTIVITY = Map.of("rate", "0");

    @Override
    public Map<String, String> explorationParams() {
        return NO_RANDOM_ACTIVITY;
    }

    /** What {@code lamport} adds: rule 3 makes every receipt later than its send. */
    public static final class LamportExtras extends ExploreExtras {

        public LamportExtras(ExploreHarness family) {
            super(family);
        }

        @Override
        public List<StateInvariant> invariants(RunSetup setup) {
            // Rule 3 makes every receipt later than its send: C(receive) > ts(m).
            return List.of(StateInvariant.ofSteps("clock-condition", state -> {
                if (state.step().kind() != Step.Kind.DELIVER
                        || !(state.step().subject() instanceof LamportMessage.Stamped message)) {
                    return null;
                }
                for (Object record : state.effects().records()) {
                    if (record instanceof LamportStamp stamp
                            && stamp.kind() == ClockEventKind.RECEIVE
                            && stamp.clock() <= message.timestamp()) {
                        return state.step().node() + " received " + message + " at C = " + stamp.clock();
                    }
                }
                return null;
            }));
        }
    }

    /** What {@code vector} adds: the deliver rule makes vt(m) &lt; VC(receive). */
    public static final class VectorExtras extends ExploreExtras {

        public VectorExtras(ExploreHarness family) {
            super(family);
        }

        @Override
        public List<StateInvariant> invariants(RunSetup setup) {
            // The deliver rule makes vt(m) < VC(receive): the send happened before the receipt.
            return List.of(StateInvariant.ofSteps("vector-causality", state -> {
                if (state.step().kind() != Step.Kind.DELIVER
                        || !(state.step().subject() instanceof VectorMessage.Stamped message)) {
                    return null;
                }
                for (Object record : state.effects().records()) {
                    if (record instanceof VectorStamp stamp
                            && stamp.kind() == ClockEventKind.RECEIVE
                            && !message.timestamp().happenedBefore(stamp.clock())) {
                        return state.step().node() + " received " + message + " at VC = " + stamp.clock();
                    }
                }
                return null;
            }));
        }
    }
}
