package dev.synchrony.explore;

import dev.synchrony.catalog.Family;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.ElectionParticipant;
import dev.synchrony.multicast.Delivered;
import dev.synchrony.mutex.MutexOutput;
import dev.synchrony.mutex.MutexParticipant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Invariants and liveness goals that hold for a whole family of algorithms, written against the family's shared
 * interfaces ({@link MutexParticipant}, {@link ElectionParticipant}, {@link Delivered}), so every algorithm of the
 * family is checked without a line of its own. The explorer adds them by the type of the algorithm's nodes.
 */
public final class GenericInvariants {

    private GenericInvariants() {}

    /**
     * The invariants of {@code family} that the spec does not already name. Fencing is checked in timed
     * explorations, where grants follow each other in time; untimed ones keep to mutual exclusion.
     */
    static List<StateInvariant> forFamily(Family family, List<StateInvariant> fromSpec, boolean timed) {
        List<StateInvariant> found = new ArrayList<>();
        switch (family) {
            case MUTEX -> {
                found.add(mutualExclusion());
                if (timed) {
                    found.add(fencing());
                }
            }
            case ELECTION -> found.add(electionAgreement());
            case MULTICAST, REPLICATION -> found.add(deliveredOnce());
            default -> {}
        }
        Set<String> named = new HashSet<>();
        fromSpec.forEach(invariant -> named.add(invariant.name()));
        found.removeIf(invariant -> named.contains(invariant.name()));
        return found;
    }

    /** The liveness goals of {@code family}, unless the spec names its own. */
    static List<LivenessGoal> goalsForFamily(Family family, int requests, int maxCrashes, List<LivenessGoal> fromSpec) {
        if (!fromSpec.isEmpty() || maxCrashes > 0) {
            // With crashes, who must make progress depends on the algorithm's fault model: its spec says.
            return List.of();
        }
        return switch (family) {
            case MUTEX -> List.of(everyRequestServed(requests));
            case ELECTION -> List.of(leaderAgreed());
            case MULTICAST, REPLICATION -> List.of(everyMessageDelivered(requests));
            default -> List.of();
        };
    }

    /**
     * Safety of mutual exclusion: at most one process is in its critical section. A process that is paused, or has
     * resumed and not acted yet, is not counted: it executes nothing, so it uses no resource; once it acts, it is
     * counted again if it is still inside (a holder that learns on resuming that its grant is gone leaves first).
     */
    public static StateInvariant mutualExclusion() {
        return new AtMostOne(
                "mutual-exclusion",
                "are in the critical section",
                (state, i) -> state.node(i) instanceof MutexParticipant participant
                        && participant.inCriticalSection()
                        && !state.suspended(i));
    }

    /**
     * Fencing: every grant handed to an application carries a token larger than every grant handed out before it,
     * to any process, on this path (the outputs of every process are part of the state, so this is exact).
     */
    public static StateInvariant fencing() {
        return StateInvariant.ofSteps("fencing", state -> {
            if (state.step().node() == null || state.effects().outputs().isEmpty()) {
                return null;
            }
            int actor = state.members().indexOf(state.step().node());
            List<Object> mine = state.outputs(actor);
            int before = mine.size() - state.effects().outputs().size();
            long highest = Long.MIN_VALUE;
            NodeId highestAt = null;
            for (int i = 0; i < state.members().size(); i++) {
                List<Object> outputs = i == actor ? mine.subList(0, Math.max(0, before)) : state.outputs(i);
                for (Object output : outputs) {
                    if (output instanceof MutexOutput.Granted granted && granted.fencingToken() > highest) {
                        highest = granted.fencingToken();
                        highestAt = state.members().get(i);
                    }
                }
            }
            for (Object output : state.effects().outputs()) {
                if (output instanceof MutexOutput.Granted granted) {
                    if (granted.fencingToken() <= highest) {
                        return state.step().node() + " was granted token " + granted.fencingToken() + " after "
                                + highestAt + " had been granted token " + highest;
                    }
                    highest = granted.fencingToken();
                    highestAt = state.step().node();
                }
            }
            return null;
        });
    }

    /**
     * Agreement of election: once no election message is in flight, every live process that has a coordinator
     * has the same one.
     */
    public static StateInvariant electionAgreement() {
        return StateInvariant.of("election-agreement", state -> {
            if (!state.networkIdle()) {
                return null;
            }
            NodeId first = null;
            NodeId firstHolder = null;
            for (int i = 0; i < state.members().size(); i++) {
                if (state.node(i) instanceof ElectionParticipant participant) {
                    Optional<NodeId> coordinator = participant.coordinator();
                    if (coordinator.isEmpty()) {
                        continue;
                    }
                    if (first == null) {
                        first = coordinator.get();
                        firstHolder = state.members().get(i);
                    } else if (!first.equals(coordinator.get())) {
                        return "with no message in flight, " + firstHolder + " takes " + first + " as coordinator but "
                                + state.members().get(i) + " takes " + coordinator.get();
                    }
                }
            }
            return null;
        });
    }

    /** Integrity of multicast: no process delivers the same message twice. */
    public static StateInvariant deliveredOnce() {
        return StateInvariant.of("delivered-once", state -> {
            for (int i = 0; i < state.members().size(); i++) {
                Set<List<Object>> seen = new HashSet<>();
                for (Object output : state.outputs(i)) {
                    if (output instanceof Delivered delivered
                            && !seen.add(List.of(delivered.origin(), delivered.sequence()))) {
                        return state.members().get(i) + " delivered " + delivered.origin() + "#" + delivered.sequence()
                                + " twice";
                    }
                }
            }
            return null;
        });
    }

    /**
     * Causal order, for a multicast whose publisher delivers its own message when it multicasts it (so the
     * publisher's deliveries before it are the message's direct causal past): whenever a process delivered m, it had
     * delivered before m every message that m's origin had delivered before m. That the pasts of those messages
     * came earlier still follows from the same check at the origin.
     */
    public static StateInvariant causalOrder() {
        return StateInvariant.of("causal-order", state -> {
            int n = state.members().size();
            List<List<List<Object>>> orders = deliveryOrders(state);
            for (int j = 0; j < n; j++) {
                List<List<Object>> here = orders.get(j);
                for (int position = 0; position < here.size(); position++) {
                    List<Object> message = here.get(position);
                    int origin = state.members().indexOf((NodeId) message.get(0));
                    List<List<Object>> atOrigin = origin < 0 ? List.of() : orders.get(origin);
                    int published = atOrigin.indexOf(message);
                    for (int p = 0; p < published; p++) {
                        int seen = here.indexOf(atOrigin.get(p));
                        if (seen < 0 || seen > position) {
                            return state.members().get(j) + " delivered " + message.get(0) + "#" + message.get(1)
                                    + " before " + atOrigin.get(p).get(0) + "#"
                                    + atOrigin.get(p).get(1)
                                    + ", which its origin had delivered before multicasting it";
                        }
                    }
                }
            }
            return null;
        });
    }

    /** Per member, the (origin, sequence) of every message it delivered, in delivery order. */
    private static List<List<List<Object>>> deliveryOrders(ExploredState state) {
        int n = state.members().size();
        List<List<List<Object>>> orders = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<List<Object>> order = new ArrayList<>();
            for (Object output : state.outputs(i)) {
                if (output instanceof Delivered delivered) {
                    order.add(List.of(delivered.origin(), delivered.sequence()));
                }
            }
            orders.add(order);
        }
        return orders;
    }

    /**
     * Agreement of totally ordered multicast: any two processes deliver the messages they both delivered in the
     * same order.
     */
    public static StateInvariant totalOrder() {
        return StateInvariant.of("total-order", state -> {
            int n = state.members().size();
            List<List<List<Object>>> orders = deliveryOrders(state);
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    List<List<Object>> first = new ArrayList<>(orders.get(a));
                    List<List<Object>> second = new ArrayList<>(orders.get(b));
                    first.retainAll(orders.get(b));
                    second.retainAll(orders.get(a));
                    if (!first.equals(second)) {
                        return state.members().get(a) + " delivered " + first + " but "
                                + state.members().get(b) + " delivered them as " + second;
                    }
                }
            }
            return null;
        });
    }

    /** Liveness of mutual exclusion: every process gets the lock {@code requests} times. */
    public static LivenessGoal everyRequestServed(int requests) {
        return new LivenessGoal("every-request-served", state -> {
            for (int i = 0; i < state.members().size(); i++) {
                long granted = 0;
                for (Object output : state.outputs(i)) {
                    if (output instanceof MutexOutput.Granted) {
                        granted++;
                    }
                }
                if (granted < requests || (state.node(i) instanceof MutexParticipant p && p.inCriticalSection())) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Liveness of election: every live process takes the same live process as coordinator. */
    public static LivenessGoal leaderAgreed() {
        return new LivenessGoal("leader-agreed", state -> {
            NodeId agreed = null;
            for (int i = 0; i < state.members().size(); i++) {
                if (state.node(i) instanceof ElectionParticipant participant) {
                    Optional<NodeId> coordinator = participant.coordinator();
                    if (coordinator.isEmpty() || (agreed != null && !agreed.equals(coordinator.get()))) {
                        return false;
                    }
                    agreed = coordinator.get();
                }
            }
            return agreed != null && state.node(agreed) != null;
        });
    }

    /** Liveness of multicast: every process delivers every process's {@code messages} messages. */
    public static LivenessGoal everyMessageDelivered(int messages) {
        return new LivenessGoal("every-message-delivered", state -> {
            int n = state.members().size();
            for (int i = 0; i < n; i++) {
                long delivered = state.outputs(i).stream()
                        .filter(Delivered.class::isInstance)
                        .count();
                if (delivered < (long) n * messages) {
                    return false;
                }
            }
            return true;
        });
    }
}
